/**
 * Context binding as a signal (SR-49), in every mode and both crypto back ends: a new session
 * records the creating request's user agent and IP; a later request presenting it from another
 * one is reported as `context-changed` and still gets its session.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredSession } from '../../src/session/index.ts';
import { DEFAULT_JSON_LIMITS } from '../../src/session/json-safety.ts';
import { decompress } from '../../src/session/payload-compression.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { cookieClient, makeManager, MODES } from './helpers.ts';
import { request } from './lifecycle-helpers.ts';

type Data = { user?: string };

const HOME = { userAgent: 'Mozilla/5.0 Firefox/140.0', ip: '192.0.2.1' };

for (const mode of MODES) {
  describe(`context binding: ${mode}`, () => {
    const setup = (extra: Parameters<typeof makeManager<Data>>[1] = {}) => {
      const events: SessionEvent[] = [];
      const made = makeManager<Data>(mode, { onEvent: (e) => events.push(e), ...extra });
      const changes = () => events.flatMap((e) => (e.type === 'context-changed' ? [e.changed] : []));
      return { ...made, events, changes, client: cookieClient() };
    };

    test('a request from another user agent or IP is reported as context-changed and still gets its session (SR-49)', async () => {
      const { manager, client, clock, events, changes } = setup({ contextBinding: true });
      await request(manager, client, (s) => s.set('user', 'ada'), HOME);
      assert.equal((await request(manager, client, (s) => s.get('user'), HOME)).result, 'ada');
      assert.deepEqual(changes(), [], 'the same context is no signal');

      const cases = [
        [{ ...HOME, userAgent: 'curl/8.9' }, ['userAgent']],
        [{ ...HOME, ip: '198.51.100.7' }, ['ip']],
        [{ userAgent: 'curl/8.9', ip: '198.51.100.7' }, ['userAgent', 'ip']],
        [{ ip: HOME.ip }, ['userAgent']], // leaving the header out does not hide the change
        [undefined, ['userAgent', 'ip']],
      ] as const;
      for (const [context, changed] of cases) {
        const { result, session, setCookies } = await request(manager, client, (s) => s.get('user'), context);
        assert.equal(result, 'ada', 'never refused');
        assert.equal(session.isNew, false);
        assert.deepEqual(setCookies, [], 'a signal, not a write');
        assert.deepEqual(changes().at(-1), changed);
      }
      const last = events.at(-1)!;
      assert.deepEqual(last, { type: 'context-changed', at: clock.now(), cookieName: '__Host-session', userId: null, changed: ['userAgent', 'ip'] });
    });

    test('only recorded fields are compared; bindUser records the context it is given (SR-49)', async () => {
      const { manager, client, changes } = setup({ contextBinding: true });
      await request(manager, client, (s) => s.set('user', 'ada'), { userAgent: HOME.userAgent }); // the adapter knew no IP
      await request(manager, client, (s) => s.get('user'), { userAgent: HOME.userAgent, ip: '198.51.100.7' });
      assert.deepEqual(changes(), []);
      await request(manager, client, (s) => s.bindUser('u1'), { userAgent: 'Safari/18', ip: '203.0.113.9' });
      await request(manager, client, (s) => s.get('user'), { userAgent: 'Safari/18', ip: '203.0.113.9' });
      assert.deepEqual(changes(), [['userAgent']], 'bindUser replaced the recorded context');
      await request(manager, client, (s) => s.get('user'), HOME);
      assert.deepEqual(changes().at(-1), ['userAgent', 'ip']);
    });

    test('a huge user agent is cut to 512 characters and cannot overflow the cookie (SR-49, SR-25)', async () => {
      const { manager, client, changes } = setup({ contextBinding: true });
      const huge = { userAgent: 'A'.repeat(20_000), ip: HOME.ip };
      await request(manager, client, (s) => s.set('user', 'ada'), huge);
      assert.equal((await request(manager, client, (s) => s.get('user'), huge)).result, 'ada');
      assert.deepEqual(changes(), []);
    });

    test('without contextBinding nothing is recorded or reported (SR-49)', async () => {
      const { manager, client, store, changes } = setup();
      await request(manager, client, (s) => s.set('user', 'ada'), HOME);
      await request(manager, client, (s) => s.get('user'), { userAgent: 'curl/8.9', ip: '198.51.100.7' });
      assert.deepEqual(changes(), []);
      if (store !== null) {
        const [entry] = await store.list!({}, Date.UTC(2030, 0, 1)).then((page) => page.entries);
        const decoded = decodeStoredSession(entry!.data, DEFAULT_JSON_LIMITS);
        assert.ok(decoded.ok);
        assert.equal(decoded.state.meta, null);
      }
    });

    if (mode.startsWith('server')) {
      test('server mode keeps the recorded context in the store entry, never in the cookie (SR-49)', async () => {
        const { manager, client, store } = setup({ contextBinding: true });
        await request(manager, client, (s) => s.set('user', 'ada'), HOME);
        const [entry] = await store!.list!({}, Date.UTC(2030, 0, 1)).then((page) => page.entries);
        const decoded = decodeStoredSession(entry!.data, DEFAULT_JSON_LIMITS);
        assert.ok(decoded.ok);
        assert.deepEqual(decoded.state.meta, HOME);
        assert.ok(!client.header()!.includes(HOME.ip));
      });
    }
    if (mode === 'signed') {
      test('a signed cookie carries the recorded IP readably, a warning the option documents (SR-49)', async () => {
        const { manager, client } = setup({ contextBinding: true });
        await request(manager, client, (s) => s.set('user', 'ada'), HOME);
        const token = client.cookies.get('__Host-session')!.value;
        const payload = decompress(Buffer.from(token.split('.')[3]!, 'base64url').toString('utf8'), 1_000_000)!;
        assert.ok(payload.includes(HOME.ip), 'readable by the client: use sealed or server mode to keep it private');
      });
    }
  });
}
