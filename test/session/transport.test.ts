/**
 * SR-46 at the manager: a `Secure` session cookie is never issued on a request the adapter saw
 * arrive over plain HTTP (the RequestContext's `secure: false`), except to loopback hosts; the
 * refusal comes before anything is written. Every mode and crypto back end.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InsecureTransportError } from '../../src/errors.ts';
import type { RequestContext, SessionManager } from '../../src/session/manager.ts';
import { isLoopbackHost, isPlainHttp } from '../../src/session/transport.ts';
import { cookieClient, makeManager, MODES } from './helpers.ts';

type Data = { user?: string };

const PLAIN: RequestContext = { secure: false, host: 'example.com' };
const HTTPS: RequestContext = { secure: true };
const MINUTE = 60_000;

/** The refusal, with a message that names every fix. */
const refused = (error: unknown) => {
  assert.ok(error instanceof InsecureTransportError, `expected InsecureTransportError, got ${String(error)}`);
  assert.equal(error.code, 'ERR_TESSERA_INSECURE_TRANSPORT');
  assert.equal(error.host, 'example.com');
  for (const fix of ['HTTPS', 'trustProxy', "app.set('trust proxy'", 'app.proxy = true', 'secure: false', 'allowInsecureTransport']) {
    assert.ok(error.message.includes(fix), `the message names ${fix}: ${error.message}`);
  }
  return true;
};

/** One request with `context`: load with the client's cookies, run `fn`, commit, keep the cookies. */
async function request(
  manager: SessionManager<Data>,
  client: ReturnType<typeof cookieClient>,
  context: RequestContext | undefined,
  fn: (s: ReturnType<SessionManager<Data>['load']>) => unknown,
) {
  const session = manager.load(client.header(), context);
  await fn(session);
  const headers = await manager.commit(session);
  client.receive(headers);
  return client.setCookieLines(headers);
}

test('loopback hosts are localhost, *.localhost, 127.0.0.0/8 and [::1], with or without a port (SR-46)', () => {
  for (const host of ['localhost', 'localhost:3000', 'LOCALHOST.', 'app.localhost:8080', '127.0.0.1', '127.0.0.1:80', '127.255.0.9', '[::1]', '[::1]:3000', '[0:0:0:0:0:0:0:1]', '[::0:1]']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of ['example.com', 'localhost.example.com', 'notlocalhost', '128.0.0.1', '127.0.0.256', '127.0.0', '10.0.0.1', '[::2]', '[::ffff:127.0.0.1]', '[1:2:3:4:5:6:7::8:9]', '::1', 'localhost:http', '[::1', '']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
  assert.equal(isPlainHttp({ secure: false, host: 'example.com' }), true);
  assert.equal(isPlainHttp({ secure: false }), true, 'plain HTTP to an unknown host is not loopback');
  assert.equal(isPlainHttp({ secure: false, host: 'localhost:3000' }), false);
  assert.equal(isPlainHttp({ secure: true }), false);
  assert.equal(isPlainHttp({}), false, 'an unknown transport');
  assert.equal(isPlainHttp(null), false);
});

for (const mode of MODES) {
  describe(`transport rule (SR-46): ${mode}`, () => {
    const server = mode.startsWith('server');

    test('a write over known plain HTTP throws InsecureTransportError and writes nothing (SR-46)', async () => {
      const { manager, store } = makeManager<Data>(mode);
      const session = manager.load(null, PLAIN);
      session.set('user', 'ada');
      await assert.rejects(manager.commit(session), refused);
      assert.equal(store?.size ?? 0, 0, 'no store record');

      // A login (regenerate) on a session made over HTTPS: refused, the stored session unchanged.
      const client = cookieClient();
      await request(manager, client, HTTPS, (s) => s.set('user', 'guest'));
      const before = client.header();
      const login = manager.load(before, PLAIN);
      login.regenerate();
      login.set('user', 'ada');
      await assert.rejects(manager.commit(login), refused);
      assert.equal(store?.size ?? 1, 1);
      const check = manager.load(before, HTTPS);
      assert.equal(await check.get('user'), 'guest');
    });

    test('a request to a loopback host over plain HTTP gets its cookie (SR-46)', async () => {
      const { manager } = makeManager<Data>(mode);
      for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'app.localhost']) {
        const lines = await request(manager, cookieClient(), { secure: false, host }, (s) => s.set('user', 'ada'));
        assert.equal(lines.length, 1, host);
        assert.match(lines[0]!, /^__Host-session=[^;]+;.*; Secure/, host);
      }
    });

    test('a cookie configured secure: false is never refused, over plain HTTP or HTTPS (SR-46)', async () => {
      const { manager } = makeManager<Data>(mode, { cookie: { secure: false } });
      for (const context of [PLAIN, HTTPS]) {
        const lines = await request(manager, cookieClient(), context, (s) => s.set('user', 'ada'));
        assert.equal(lines.length, 1);
        assert.match(lines[0]!, /^session=[^;]+;/);
        assert.doesNotMatch(lines[0]!, /Secure/);
      }
    });

    test('an unknown transport is not refused: no context, or a context without secure (SR-46)', async () => {
      const { manager } = makeManager<Data>(mode);
      for (const context of [undefined, {}, { userAgent: 'curl/8', ip: '192.0.2.1', host: 'example.com' }]) {
        const lines = await request(manager, cookieClient(), context, (s) => s.set('user', 'ada'));
        assert.equal(lines.length, 1);
      }
    });

    test('allowInsecureTransport: true issues the Secure cookie over plain HTTP (SR-46)', async () => {
      const { manager } = makeManager<Data>(mode, { allowInsecureTransport: true });
      const lines = await request(manager, cookieClient(), PLAIN, (s) => s.set('user', 'ada'));
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /; Secure/);
    });

    test('HTTPS writes, and plain-HTTP reads and destroys, are never refused (SR-46)', async () => {
      const { manager, store } = makeManager<Data>(mode);
      const client = cookieClient();
      assert.equal((await request(manager, client, HTTPS, (s) => s.set('user', 'ada'))).length, 1);
      // A read that re-issues nothing (no idle timeout, no key change) sets no cookie: nothing to refuse.
      const reader = manager.load(client.header(), PLAIN);
      assert.equal(await reader.get('user'), 'ada');
      assert.deepEqual(await manager.commit(reader), [['Vary', 'Cookie']]);
      // A destroy only clears the cookie.
      const lines = await request(manager, client, PLAIN, (s) => s.destroy());
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^__Host-session=; Max-Age=0;/);
      assert.equal(store?.size ?? 0, 0);
    });

    test('a read-only request whose commit would re-issue the cookie over plain HTTP is refused (SR-46)', async () => {
      const { manager, clock } = makeManager<Data>(mode, { timeouts: { idleSeconds: 1800 } });
      const client = cookieClient();
      await request(manager, client, HTTPS, (s) => (s.set('user', 'ada'), s.persist()));
      clock.advance(2 * MINUTE); // past the touch interval: the activity re-issues the persistent cookie
      const reader = manager.load(client.header(), PLAIN);
      assert.equal(await reader.get('user'), 'ada');
      await assert.rejects(manager.commit(reader), refused);
      // Over HTTPS the same read re-issues it (server mode recorded the refused request's activity: wait again).
      clock.advance(2 * MINUTE);
      const lines = await request(manager, client, HTTPS, (s) => s.get('user'));
      assert.equal(lines.length, 1, server ? 'server mode re-issues a persistent cookie on touch' : 'cookie modes re-issue on touch');
    });
  });
}

test('commitSync refuses a write over plain HTTP like commit (SR-46)', async () => {
  const { manager } = makeManager<Data>('sealed');
  const session = manager.load(null, PLAIN);
  await session.load();
  session.set('user', 'ada');
  assert.throws(() => manager.commitSync(session), refused);
});

test('bindUser records the user agent and IP, never the transport (SR-46)', async () => {
  const { manager, store, clock } = makeManager<Data>('server (memory)');
  const session = manager.load(null, { userAgent: 'Firefox', ip: '192.0.2.7', secure: true, host: 'shop.example' });
  session.bindUser('u1');
  await manager.commit(session);
  const [entry] = await store!.listByUser('u1', clock.now());
  assert.ok(entry !== undefined);
  assert.match(entry.data, /Firefox/);
  assert.doesNotMatch(entry.data, /shop\.example|"secure"|"host"/);
});
