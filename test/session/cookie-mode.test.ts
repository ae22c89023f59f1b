/**
 * Cookie modes only: compression, chunking over 4096 bytes, key rotation, payload expiry,
 * signed vs sealed readability. Run on both crypto back ends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CookieTooLargeError } from '../../src/errors.ts';
import { createKeyring, webCryptoBackend } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import { cookieClient, fakeClock, makeManager, OLD_SECRET, SECRET } from './helpers.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';

type Data = Record<string, unknown>;
const COOKIE_MODES = ['signed', 'sealed', 'signed (Web Crypto)', 'sealed (Web Crypto)'] as const;

async function roundTrip(manager: ReturnType<typeof makeManager>['manager'], client: ReturnType<typeof cookieClient>, fn: (s: ReturnType<typeof manager.load>) => unknown) {
  const s = manager.load(client.header());
  const result = await fn(s);
  const headers = await manager.commit(s);
  client.receive(headers);
  return { result, setCookies: client.setCookieLines(headers) };
}

/** Incompressible text of `n` characters. */
const noise = (n: number) => randomBytes(n).toString('base64url').slice(0, n);

for (const mode of COOKIE_MODES) {
  describe(`cookie mode: ${mode}`, () => {
    test('compressible data makes a shorter cookie than without compression', async () => {
      const data = { rows: Array.from({ length: 40 }, (_, i) => ({ id: i, label: 'the same label again' })) };
      const sizes: number[] = [];
      for (const compress of [true, false]) {
        const { manager } = makeManager(mode, { cookieMode: { compress } });
        const client = cookieClient();
        await roundTrip(manager, client, (s) => s.set('rows', data.rows));
        sizes.push(client.cookies.get('__Host-session')!.value.length);
        const { result } = await roundTrip(manager, client, (s) => s.get('rows'));
        assert.deepEqual(result, data.rows);
      }
      assert.ok(sizes[0]! < sizes[1]! / 2, `compressed ${sizes[0]} vs plain ${sizes[1]}`);
    });

    test('a session over 4096 bytes is split into chunks that reassemble', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const big = noise(7000);
      const { setCookies } = await roundTrip(manager, client, (s) => s.set('big', big));
      assert.equal(setCookies.length, 3);
      assert.deepEqual([...client.cookies.keys()], ['__Host-session', '__Host-session.1', '__Host-session.2']);
      for (const line of setCookies) {
        const pair = line.slice(0, line.indexOf(';'));
        assert.ok(pair.length <= 4096, `a chunk of ${pair.length} octets`);
        assert.match(line, /; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      }
      const { result } = await roundTrip(manager, client, (s) => s.get('big'));
      assert.equal(result, big);
    });

    test('when the session shrinks, stale chunks are cleared', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('big', noise(7000)));
      const { setCookies } = await roundTrip(manager, client, (s) => s.set('big', 'small now'));
      assert.equal(setCookies.length, 3);
      assert.match(setCookies[1]!, /^__Host-session\.1=; Max-Age=0;/);
      assert.match(setCookies[2]!, /^__Host-session\.2=; Max-Age=0;/);
      assert.deepEqual([...client.cookies.keys()], ['__Host-session']);
      assert.equal((await roundTrip(manager, client, (s) => s.get('big'))).result, 'small now');
    });

    test('destroy clears every chunk', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('big', noise(7000)));
      const { setCookies } = await roundTrip(manager, client, (s) => s.destroy());
      assert.equal(setCookies.length, 3);
      assert.ok(setCookies.every((l) => /=; Max-Age=0;/.test(l)));
      assert.equal(client.header(), null);
    });

    test('past the chunk cap, commit throws CookieTooLargeError instead of emitting a cookie the browser drops', async () => {
      const { manager } = makeManager(mode, { cookieMode: { maxChunks: 3 } });
      const s = manager.load(null);
      s.set('huge', noise(20_000));
      await assert.rejects(manager.commit(s), CookieTooLargeError);
    });

    test('with chunking off (maxChunks 1), a session over the limit throws CookieTooLargeError', async () => {
      const { manager } = makeManager(mode, { cookieMode: { maxChunks: 1 } });
      const s = manager.load(null);
      s.set('big', noise(5000));
      await assert.rejects(manager.commit(s), (e: unknown) => e instanceof CookieTooLargeError && e.limit === 4096);
    });

    test('a missing chunk makes the session invalid, not garbled', async () => {
      const events: InvalidCookieEvent[] = [];
      const { manager } = makeManager(mode, { onInvalidCookie: (e) => events.push(e) });
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('big', noise(7000)));
      client.cookies.delete('__Host-session.1');
      const { result } = await roundTrip(manager, client, (s) => s.get('big'));
      assert.equal(result, undefined);
      assert.equal(events.length, 1);
    });

    test('a cookie made under an old key is accepted and re-issued under the current key (SR-37)', async () => {
      const web = mode.includes('Web Crypto');
      const backend = web ? { backend: webCryptoBackend } : {};
      const clock = fakeClock();
      const cookieModeName = mode.startsWith('signed') ? 'signed' : 'sealed';
      const old = createSessionManager<Data>({ mode: cookieModeName, keys: createKeyring([{ id: 'k1', secret: OLD_SECRET }], backend as never), now: clock.now });
      const current = createSessionManager<Data>({
        mode: cookieModeName,
        keys: createKeyring([{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }], backend as never),
        now: clock.now,
      });
      const client = cookieClient();
      await roundTrip(old as never, client, (s) => s.set('user', 'ada'));
      const before = client.header()!;
      const { result, setCookies } = await roundTrip(current as never, client, (s) => s.get('user'));
      assert.equal(result, 'ada');
      assert.equal(setCookies.length, 1, 're-issued on a read-only request');
      assert.notEqual(client.header(), before);
      assert.match(client.cookies.get('__Host-session')!.value, /^[se]1\.k2\./);
      // Retiring the old key makes its cookies invalid.
      const retired = createSessionManager<Data>({ mode: cookieModeName, keys: createKeyring([{ id: 'k2', secret: SECRET }], backend as never), now: clock.now });
      assert.equal(await retired.load(before).get('user'), undefined);
    });

    test('the expiry inside the payload is enforced even if the browser keeps the cookie (SR-11)', async () => {
      const { manager, clock } = makeManager(mode, { timeouts: { absoluteSeconds: 60 } });
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('user', 'ada'));
      clock.advance(60_000);
      assert.equal(await manager.load(client.header()).get('user'), undefined);
    });

    test('a value made for another cookie name does not open under this one (SR-36)', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('user', 'ada'));
      const value = client.cookies.get('__Host-session')!.value;
      const { manager: other } = makeManager(mode, { cookie: { name: '__Host-other' } });
      assert.equal(await other.load(`__Host-other=${value}`).get('user'), undefined);
    });

    test(mode.startsWith('signed') ? 'signed cookies are readable but not forgeable' : 'sealed cookies hide their content', async () => {
      const { manager } = makeManager(mode, { cookieMode: { compress: false } });
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('secret', 'the-plaintext-marker'));
      const value = client.cookies.get('__Host-session')!.value;
      const payload = Buffer.from(value.split('.')[3] ?? value.split('.')[2]!, 'base64url').toString();
      assert.equal(payload.includes('the-plaintext-marker'), mode.startsWith('signed'));
    });
  });
}

for (const mode of COOKIE_MODES) {
  describe(`spill: ${mode}`, () => {
    const setup = () => {
      const store = createMemoryStore();
      const { manager } = makeManager(mode, { spill: { store, maxCookieBytes: 500 } });
      return { manager, store, client: cookieClient() };
    };

    test('a small session stays in the cookie and the store stays empty', async () => {
      const { manager, store, client } = setup();
      await roundTrip(manager, client, (s) => s.set('user', 'ada'));
      assert.equal(store.size, 0);
    });

    test('a session over the limit moves to the store; the cookie carries only a reference', async () => {
      const { manager, store, client } = setup();
      const big = noise(3000);
      await roundTrip(manager, client, (s) => s.set('big', big));
      assert.equal(store.size, 1);
      assert.ok(client.cookies.get('__Host-session')!.value.length < 250);
      assert.equal((await roundTrip(manager, client, (s) => s.get('big'))).result, big);
    });

    test('when it fits again it moves back into the cookie and the store entry is deleted', async () => {
      const { manager, store, client } = setup();
      await roundTrip(manager, client, (s) => s.set('big', noise(3000)));
      await roundTrip(manager, client, (s) => s.unset('big'));
      assert.equal(store.size, 0);
      await roundTrip(manager, client, (s) => s.set('user', 'ada'));
      assert.equal((await roundTrip(manager, client, (s) => s.get('user'))).result, 'ada');
    });

    test('destroy deletes the store entry; regenerate replaces it', async () => {
      const { manager, store, client } = setup();
      await roundTrip(manager, client, (s) => s.set('big', noise(3000)));
      const before = client.header();
      await roundTrip(manager, client, (s) => s.regenerate());
      assert.equal(store.size, 1);
      assert.notEqual(client.header(), before);
      assert.equal(await manager.load(before).get('big'), undefined, 'the old reference finds nothing');
      await roundTrip(manager, client, (s) => s.destroy());
      assert.equal(store.size, 0);
    });

    test('concurrent writes to a spilled session keep both keys', async () => {
      const { manager, client } = setup();
      await roundTrip(manager, client, (s) => s.set('big', noise(3000)));
      const a = manager.load(client.header());
      const b = manager.load(client.header());
      await Promise.all([a.load(), b.load()]);
      a.set('fromA', 1);
      b.set('fromB', 2);
      await manager.commit(a);
      await manager.commit(b);
      const { result } = await roundTrip(manager, client, (s) => s.keys());
      assert.deepEqual((result as string[]).sort(), ['big', 'fromA', 'fromB']);
    });

    test('a reference whose store entry is gone gives a fresh session', async () => {
      const events: InvalidCookieEvent[] = [];
      const store = createMemoryStore();
      const { manager } = makeManager(mode, { spill: { store, maxCookieBytes: 500 }, onInvalidCookie: (e) => events.push(e) });
      const client = cookieClient();
      await roundTrip(manager, client, (s) => s.set('big', noise(3000)));
      for (const e of (await store.list!({}, Date.UTC(2030, 0, 1))).entries) await store.delete(e.key);
      assert.equal(await manager.load(client.header()).get('big'), undefined);
      assert.equal(events.at(-1)?.reason, 'unknown-session');
    });
  });
}

test('spill in server mode is a ConfigError', () => {
  assert.throws(() => createSessionManager({ store: createMemoryStore(), spill: { store: createMemoryStore() } }), /spill applies to cookie modes only/);
});
