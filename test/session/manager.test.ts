/**
 * The session engine's behavioural suite, run against every mode and both crypto back ends:
 * signed and sealed cookies (node:crypto and Web Crypto) and server mode on the memory store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import type { Session } from '../../src/session/session.ts';
import type { SessionManager } from '../../src/session/manager.ts';
import { SessionDataError } from '../../src/errors.ts';
import { cookieClient, makeManager, MODES } from './helpers.ts';

type Data = { user?: string; count?: number; cart?: string[]; [k: string]: unknown };
type Flash = { notice?: string };

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One request: load with the client's cookies, run `fn`, commit, let the client keep the cookies. */
async function request<R>(
  manager: SessionManager<Data, Flash>,
  client: ReturnType<typeof cookieClient>,
  fn: (s: Session<Data, Flash>) => Promise<R> | R,
) {
  const session = manager.load(client.header());
  const result = await fn(session);
  const headers = await manager.commit(session);
  client.receive(headers);
  return { headers, result, session, setCookies: client.setCookieLines(headers) };
}

for (const mode of MODES) {
  describe(`session engine: ${mode}`, () => {
    const setup = (extra: Parameters<typeof makeManager<Data>>[1] = {}) => {
      const events: InvalidCookieEvent[] = [];
      const made = makeManager<Data, Flash>(mode, { onInvalidCookie: (e) => events.push(e), ...extra });
      return { ...made, events, client: cookieClient() };
    };

    test('an untouched anonymous visitor gets no cookie and no headers (SR-50)', async () => {
      const { manager, client, store } = setup();
      const { headers } = await request(manager, client, () => {});
      assert.deepEqual(headers, []);
      assert.equal(store?.size ?? 0, 0);
    });

    test('reading an empty session gives Vary: Cookie but no cookie and no store record', async () => {
      const { manager, client, store } = setup();
      const { headers, result } = await request(manager, client, (s) => s.get('user'));
      assert.equal(result, undefined);
      assert.deepEqual(headers, [['Vary', 'Cookie']]);
      assert.equal(store?.size ?? 0, 0);
    });

    test('a write sets the cookie with secure defaults, Vary and Cache-Control (SR-20, SR-21)', async () => {
      const { manager, client } = setup();
      const { headers, setCookies } = await request(manager, client, (s) => s.set('user', 'ada'));
      assert.equal(setCookies.length, 1);
      const line = setCookies[0]!;
      assert.match(line, /^__Host-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      assert.doesNotMatch(line, /Max-Age|Expires/, 'browser-session cookie by default');
      assert.ok(headers.some(([n, v]) => n === 'Vary' && v === 'Cookie'));
      assert.ok(headers.some(([n, v]) => n === 'Cache-Control' && v === 'private, no-store'));
    });

    test('data written on one request is read on the next; the session is not new', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => {
        s.set('user', 'ada');
        s.set('cart', ['apple', 'pear']);
      });
      const { result, session } = await request(manager, client, async (s) => [await s.get('user'), await s.get('cart'), await s.keys()]);
      assert.deepEqual(result, ['ada', ['apple', 'pear'], ['user', 'cart']]);
      assert.equal(session.isNew, false);
    });

    test('a read-only request writes nothing', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => s.set('count', 1));
      const { setCookies } = await request(manager, client, (s) => s.get('count'));
      assert.deepEqual(setCookies, []);
    });

    test('unset, has and clear', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => {
        s.set('user', 'ada');
        s.set('count', 2);
      });
      await request(manager, client, (s) => s.unset('count'));
      const { result } = await request(manager, client, async (s) => [await s.has('user'), await s.has('count')]);
      assert.deepEqual(result, [true, false]);
      await request(manager, client, (s) => s.clear());
      const { result: all } = await request(manager, client, (s) => s.all());
      assert.deepEqual(all, {});
    });

    test('blind writes (no read first) keep the data already there', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => s.set('user', 'ada'));
      await request(manager, client, (s) => s.set('count', 5));
      const { result } = await request(manager, client, (s) => s.all());
      assert.deepEqual(result, { user: 'ada', count: 5 });
    });

    test('a flash is read once', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => s.flash('notice', 'Welcome back'));
      const first = await request(manager, client, (s) => s.getFlash('notice'));
      const second = await request(manager, client, (s) => s.getFlash('notice'));
      assert.equal(first.result, 'Welcome back');
      assert.equal(second.result, undefined);
    });

    test('values JSON cannot hold are refused where they are set (SR-40)', async () => {
      const { manager } = setup();
      const s = manager.load(null);
      assert.throws(() => s.set('count', Number.NaN), SessionDataError);
      assert.throws(() => s.set('x', (() => 1) as unknown as string), SessionDataError);
      assert.throws(() => s.set('x', new Date()), SessionDataError);
      assert.throws(() => s.set('x', 10n), SessionDataError);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      assert.throws(() => s.set('x', cyclic), /cycle/);
    });

    test('keys such as __proto__ and constructor are ordinary data (SR-29)', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => {
        s.set('constructor' as string, 'Ferrari');
        s.set('__proto__', { polluted: true });
      });
      const { result } = await request(manager, client, async (s) => [await s.get('constructor'), await s.get('__proto__')]);
      assert.equal(JSON.stringify(result), '["Ferrari",{"polluted":true}]');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    test('a value changed by the caller after set is not what gets stored', async () => {
      const { manager, client } = setup();
      const cart = ['apple'];
      await request(manager, client, (s) => {
        s.set('cart', cart);
        cart.push('mutated later');
      });
      const { result } = await request(manager, client, (s) => s.get('cart'));
      assert.deepEqual(result, ['apple']);
    });

    test('the absolute timeout ends the session whatever the activity (SR-10)', async () => {
      const { manager, client, clock, events } = setup({ timeouts: { absoluteSeconds: 3600 } });
      await request(manager, client, (s) => s.set('user', 'ada'));
      clock.advance(59 * MINUTE);
      assert.equal((await request(manager, client, (s) => s.get('user'))).result, 'ada');
      await request(manager, client, (s) => s.set('count', 1)); // activity does not extend it
      clock.advance(MINUTE);
      const { result, session } = await request(manager, client, (s) => s.get('user'));
      assert.equal(result, undefined);
      assert.equal(session.isNew, true);
      // A store drops the entry at its expiry, so server mode may only know it as unknown.
      assert.ok(['expired', 'unknown-session'].includes(events.at(-1)!.reason));
    });

    test('the idle timeout ends a session left alone; activity keeps it alive (SR-9)', async () => {
      const { manager, client, clock } = setup({ timeouts: { idleSeconds: 30 * 60, touchIntervalSeconds: 60 } });
      await request(manager, client, (s) => s.set('user', 'ada'));
      for (let i = 0; i < 5; i++) {
        clock.advance(20 * MINUTE);
        assert.equal((await request(manager, client, (s) => s.get('user'))).result, 'ada', `request ${i}`);
      }
      clock.advance(30 * MINUTE - 1);
      assert.equal((await request(manager, client, (s) => s.get('user'))).result, 'ada', 'at 29:59.999');
      clock.advance(30 * MINUTE);
      assert.equal((await request(manager, client, (s) => s.get('user'))).result, undefined, 'at 30:00 idle');
    });

    test('activity is written at most once per touch interval', async () => {
      const { manager, client, clock } = setup({ timeouts: { idleSeconds: 30 * 60, touchIntervalSeconds: 60 } });
      await request(manager, client, (s) => s.set('user', 'ada'));
      let writes = 0;
      for (let i = 0; i < 10; i++) {
        clock.advance(5_000);
        const { setCookies } = await request(manager, client, (s) => s.get('user'));
        writes += setCookies.length;
      }
      assert.equal(writes, mode.startsWith('server') ? 0 : 0, 'no re-issue within the first 50 s');
      clock.advance(20_000);
      const { setCookies } = await request(manager, client, (s) => s.get('user'));
      // Cookie modes re-issue the cookie to record activity; server mode touches the store instead.
      assert.equal(setCookies.length, mode.startsWith('server') ? 0 : 1);
    });

    test('persist() gives a persistent cookie ("remember me"), capped at the session lifetime', async () => {
      const { manager, client } = setup({ timeouts: { absoluteSeconds: 30 * 86_400 } });
      const { setCookies } = await request(manager, client, (s) => {
        s.set('user', 'ada');
        s.persist(14 * 86_400);
      });
      assert.match(setCookies[0]!, /; Max-Age=1209600;/);
      const longer = await request(manager, client, (s) => s.persist());
      assert.match(longer.setCookies[0]!, /; Max-Age=2592000;/);
      const off = await request(manager, client, (s) => s.persist(false));
      assert.doesNotMatch(off.setCookies[0]!, /Max-Age/);
    });

    test('regenerate issues a new cookie, keeps the data, and the old cookie no longer works (SR-6)', async () => {
      const { manager, client, store } = setup();
      await request(manager, client, (s) => s.set('cart', ['apple']));
      const before = client.header()!;
      const { setCookies } = await request(manager, client, (s) => {
        s.regenerate();
        s.set('user', 'ada');
      });
      assert.equal(setCookies.length, 1);
      const after = client.header()!;
      assert.notEqual(after, before);
      const { result } = await request(manager, client, (s) => s.all());
      assert.deepEqual(result, { cart: ['apple'], user: 'ada' });
      if (store !== null) {
        assert.equal(store.size, 1, 'the old entry is gone');
        const replay = manager.load(before);
        assert.equal(await replay.get('user'), undefined);
        assert.equal(replay.isNew, true);
      }
    });

    test('destroy deletes the session and sends a clearing cookie (SR-15)', async () => {
      const { manager, client, store } = setup();
      await request(manager, client, (s) => s.set('user', 'ada'));
      const before = client.header()!;
      const { setCookies, headers } = await request(manager, client, (s) => s.destroy());
      assert.equal(setCookies.length, 1);
      assert.match(setCookies[0]!, /^__Host-session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
      assert.ok(headers.some(([n]) => n === 'Cache-Control'));
      assert.equal(client.header(), null);
      if (store !== null) {
        assert.equal(store.size, 0);
        assert.equal(await manager.load(before).get('user'), undefined, 'replaying the old cookie finds nothing');
      }
    });

    test('a tampered cookie is a fresh session plus a reason, never an exception (SR-31)', async () => {
      const { manager, client, events } = setup();
      await request(manager, client, (s) => s.set('user', 'ada'));
      const cookie = client.cookies.get('__Host-session')!;
      const flipped = cookie.value.slice(0, -5) + (cookie.value.at(-5) === 'A' ? 'B' : 'A') + cookie.value.slice(-4);
      for (const value of [flipped, cookie.value.slice(0, 20), 'garbage', '', '%00', 'x'.repeat(5000)]) {
        const s = manager.load(`__Host-session=${value}`);
        assert.equal(await s.get('user'), undefined);
        assert.equal(s.isNew, true);
      }
      assert.ok(events.length >= 5);
      assert.ok(events.every((e) => e.cookieName === '__Host-session' && !JSON.stringify(e).includes(cookie.value)));
    });

    test('two different valid sessions in one header are both refused (SR-30)', async () => {
      const { manager, events } = setup();
      const a = cookieClient();
      const b = cookieClient();
      await request(manager, a, (s) => s.set('user', 'ada'));
      await request(manager, b, (s) => s.set('user', 'bob'));
      const s = manager.load(`${a.header()}; ${b.header()}`);
      assert.equal(await s.get('user'), undefined);
      assert.equal(events.at(-1)?.reason, 'ambiguous');
      const junkFirst = manager.load(`__Host-session=junk; ${a.header()}`);
      assert.equal(await junkFirst.get('user'), 'ada', 'an injected invalid value does not hide the real one');
    });

    test('a cookie of another name is ignored; names are case-sensitive (SR-30)', async () => {
      const { manager, client } = setup();
      await request(manager, client, (s) => s.set('user', 'ada'));
      const value = client.cookies.get('__Host-session')!.value;
      assert.equal(await manager.load(`__host-session=${value}`).get('user'), undefined);
    });

    test('schema validation: data that fails is a fresh session plus invalid-data', async () => {
      const schema = {
        '~standard': {
          version: 1 as const,
          vendor: 'test',
          validate: (v: unknown) =>
            typeof (v as Data).user === 'string' || (v as Data).user === undefined
              ? { value: v as Data }
              : { issues: [{ message: 'user must be a string' }] },
        },
      };
      const { manager, client, events } = setup({ schema });
      await request(manager, client, (s) => s.set('user', 'ada'));
      assert.equal((await request(manager, client, (s) => s.get('user'))).result, 'ada');
      await request(manager, client, (s) => s.set('user', 42 as unknown as string));
      const { result } = await request(manager, client, (s) => s.get('user'));
      assert.equal(result, undefined);
      assert.deepEqual(events.at(-1), { reason: 'invalid-data', cookieName: '__Host-session', issues: ['user must be a string'] });
    });

    test('isNew/expiresAt before load is a clear error', () => {
      const { manager } = setup();
      const s = manager.load(null);
      assert.throws(() => s.isNew, /await session.load\(\)/);
    });

    test('expiresAt reports the absolute deadline', async () => {
      const { manager, client, clock } = setup({ timeouts: { absoluteSeconds: 7200 } });
      await request(manager, client, (s) => s.set('user', 'ada'));
      clock.advance(MINUTE);
      const s = manager.load(client.header());
      await s.load();
      assert.equal(s.expiresAt, clock.now() - MINUTE + 2 * 3600_000);
    });

    test('a session older than its absolute timeout cannot be revived by the client keeping the cookie (SR-11)', async () => {
      const { manager, client, clock } = setup({ timeouts: { absoluteSeconds: 86_400 } });
      await request(manager, client, (s) => {
        s.set('user', 'ada');
        s.persist();
      });
      const kept = client.header();
      clock.advance(DAY);
      assert.equal(await manager.load(kept).get('user'), undefined);
    });
  });
}

describe('session: synchronous access after load', () => {
  test('peek and peekKeys work after load and throw before', async () => {
    const { manager } = makeManager<Data, Flash>('sealed');
    const client = cookieClient();
    await request(manager, client, (s) => s.set('user', 'ada'));
    const s = manager.load(client.header());
    assert.equal(s.loaded, false);
    assert.throws(() => s.peek('user'), /await session.load\(\)/);
    await s.load();
    assert.equal(s.loaded, true);
    assert.equal(s.peek('user'), 'ada');
    s.set('count', 3);
    assert.deepEqual(s.peekKeys(), ['user', 'count']);
  });
});

describe('session: the first read', () => {
  for (const mode of MODES) {
    test(`${mode}: load() resolves to nothing, and reads started together all see the loaded data`, async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const s = manager.load(null);
      s.set('a', 1);
      s.set('b', 2);
      client.receive(await manager.commit(s));
      const r = manager.load(client.header());
      const [a, b, has, keys, loaded] = await Promise.all([r.get('a'), r.get('b'), r.has('a'), r.keys(), r.load()]);
      assert.deepEqual([a, b, has, keys.sort(), loaded], [1, 2, true, ['a', 'b'], undefined]);
      assert.equal(await r.load(), undefined);
    });
  }
});
