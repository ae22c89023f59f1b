/**
 * The rotation timeout (SR-14, `timeouts.rotateSeconds`) with its grace window, through a real
 * manager and an injected clock: when the id changes, what the old cookie can still do and for how
 * long, that no concurrent write is lost, that the absolute timeout is untouched (SR-10), and that
 * logout and "log out everywhere" end the forward too. The grace window runs on every store with
 * the per-user index (memory, SQLite, Redis, Postgres: real servers, no mocks).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyring, hashToken } from '../../src/crypto/index.ts';
import { ConfigError } from '../../src/errors.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { decodeForward } from '../../src/session/forward.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent, SessionTimeouts } from '../../src/session/options.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { indexedStoreCases } from '../helpers/indexed-stores.ts';
import { cookieClient, fakeClock, SECRET, T0 } from './helpers.ts';

type Data = { user?: string; cart?: number; late?: boolean; other?: boolean };
type Client = ReturnType<typeof cookieClient>;

const cases = await indexedStoreCases();
after(() => Promise.all(cases.map((c) => c.close())));

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const ROTATE: SessionTimeouts = { rotateSeconds: 600, rotateGraceSeconds: 30, absoluteSeconds: 3600 };

const tokenOf = (client: Client) => client.cookies.get('__Host-session')!.value;
const setCookies = (headers: [string, string][]) => headers.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v);

function setup(store: SessionStore, timeouts: SessionTimeouts = ROTATE, clock = fakeClock()) {
  const events: SessionEvent[] = [];
  const invalid: InvalidCookieEvent[] = [];
  const manager = createSessionManager<Data>({ store, now: clock.now, timeouts, onEvent: (e) => events.push(e), onInvalidCookie: (e) => invalid.push(e) });
  /** One request by `client`: `fn` on its session, commit, cookies kept. Resolves fn's result and the Set-Cookie lines. */
  const req = async <R>(client: Client, fn: (s: ReturnType<typeof manager.load>) => R | Promise<R>) => {
    const s = manager.load(client.header());
    const result = await fn(s);
    const headers = await manager.commit(s);
    client.receive(headers);
    return { result, lines: setCookies(headers) };
  };
  /** A client that logged in as ada. */
  const loggedIn = async () => {
    const client = cookieClient();
    await req(client, (s) => {
      s.bindUser('ada');
      s.set('user', 'ada');
    });
    return client;
  };
  const rotated = () => events.filter((e) => e.type === 'rotated');
  return { manager, clock, events, invalid, req, loggedIn, rotated };
}

describe('rotation timeout (SR-14)', () => {
  test('the id rotates after rotateSeconds, not before: new cookie, same data, absolute timeout unchanged (SR-14, SR-10)', async () => {
    const { clock, req, loggedIn, rotated } = setup(createMemoryStore());
    const client = await loggedIn();
    const first = tokenOf(client);
    const { result: expiresAt } = await req(client, async (s) => {
      await s.load();
      return s.expiresAt;
    });
    assert.equal(expiresAt, T0 + 3600 * SECOND);

    clock.advance(10 * MINUTE - 1);
    const before = await req(client, (s) => s.get('user'));
    assert.equal(before.result, 'ada');
    assert.deepEqual(before.lines, [], 'one millisecond before the interval: no new id');
    assert.equal(rotated().length, 0);

    clock.advance(1);
    const at = await req(client, (s) => s.get('user'));
    assert.equal(at.lines.length, 1, 'at the interval: a new cookie');
    assert.notEqual(tokenOf(client), first);
    assert.match(tokenOf(client), /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(rotated().map((e) => ('userId' in e ? e.userId : undefined)), ['ada']);

    const next = await req(client, async (s) => ({ user: await s.get('user'), expiresAt: s.expiresAt, isNew: s.isNew }));
    assert.deepEqual(next.result, { user: 'ada', expiresAt: T0 + 3600 * SECOND, isNew: false }, 'data kept, absolute deadline not extended');
    assert.deepEqual(next.lines, [], 'the new id is not rotated again at once');

    // Rotations every 10 minutes never carry the session past its absolute deadline.
    for (let t = 20; t < 60; t += 10) {
      clock.set(T0 + t * MINUTE);
      await req(client, (s) => s.get('user'));
    }
    assert.equal(rotated().length, 5);
    clock.set(T0 + 3600 * SECOND - 1);
    assert.equal((await req(client, (s) => s.get('user'))).result, 'ada');
    clock.set(T0 + 3600 * SECOND);
    assert.equal((await req(client, (s) => s.get('user'))).result, undefined, 'the absolute timeout ends it on time');
  });

  for (const c of cases) {
    test(`${c.name}: within the grace window the old cookie reads and writes the new entry; after it, no session (SR-14)`, { skip: c.skip }, async () => {
      const store = await c.make();
      const { clock, invalid, req, loggedIn } = setup(store);
      const client = await loggedIn();
      const oldToken = tokenOf(client);
      const oldBrowser = cookieClient();
      oldBrowser.receive([['Set-Cookie', `__Host-session=${oldToken}`]]);

      clock.advance(10 * MINUTE);
      await req(client, (s) => s.get('user')); // rotates
      const newToken = tokenOf(client);
      assert.notEqual(newToken, oldToken);
      const forward = await store.get(hashToken(oldToken), clock.now());
      assert.equal(decodeForward(forward!.data)?.key, hashToken(newToken), 'the old entry forwards to the new key, and holds no token');
      assert.ok(!forward!.data.includes(newToken));

      clock.advance(30 * SECOND - 1);
      const inFlight = await req(oldBrowser, (s) => {
        s.set('cart', 3);
        return s.get('user');
      });
      assert.equal(inFlight.result, 'ada', 'the old cookie still reads the session');
      assert.deepEqual(inFlight.lines, [], 'the old token is never sent again');
      assert.deepEqual((await req(client, (s) => s.all())).result, { user: 'ada', cart: 3 }, 'its write landed in the new entry');

      clock.advance(1);
      const reported = invalid.length;
      const late = await req(oldBrowser, (s) => s.get('user'));
      assert.equal(late.result, undefined, 'after the grace window the old cookie gives no session');
      assert.equal(invalid.at(-1)?.reason, 'unknown-session');
      assert.equal(invalid.length, reported + 1);
      assert.equal((await req(client, (s) => s.get('cart'))).result, 3);
      assert.deepEqual((await store.listByUser('ada', clock.now())).map((e) => e.key), [hashToken(newToken)], 'one session listed; the forward is gone');
    });

    test(`${c.name}: requests that loaded the old entry before the rotation keep their writes (SR-14, no lost update)`, { skip: c.skip }, async () => {
      const store = await c.make();
      const clock = fakeClock();
      const { manager, req, loggedIn } = setup(store, ROTATE, clock);
      const plain = setup(store, { absoluteSeconds: 3600 }, clock).manager; // another server, not (yet) rotating
      const client = await loggedIn();
      const oldHeader = client.header();
      clock.advance(10 * MINUTE);

      const slow = manager.load(oldHeader); // due for rotation too
      const slower = plain.load(oldHeader);
      await Promise.all([slow.load(), slower.load()]);
      const rotation = await req(client, (s) => s.get('user')); // the first to commit rotates
      assert.equal(rotation.lines.length, 1);

      slow.set('late', true);
      assert.deepEqual(setCookies(await manager.commit(slow)), [], 'it lost the rotation race: replayed onto the new entry, no cookie');
      slower.set('other', true);
      assert.deepEqual(setCookies(await plain.commit(slower)), [], 'its compare-and-swap met the forward: replayed onto the new entry, no cookie');
      assert.deepEqual((await req(client, (s) => s.all())).result, { user: 'ada', late: true, other: true });
      const others = (await store.listByUser('ada', clock.now())).filter((e) => e.key !== hashToken(tokenOf(client)));
      assert.deepEqual(others.map((e) => decodeForward(e.data) !== null), [true], 'besides the session only the forward: the entry of the rotation that lost was removed');
    });
  }

  test('logout through the old cookie, a logout that loaded before the rotation, and revokeSessions all end the rotated session (SR-14, SR-15, SR-18)', async () => {
    const store = createMemoryStore();
    const { manager, clock, req, loggedIn } = setup(store);
    const rotatedClient = async () => {
      const client = await loggedIn();
      const old = cookieClient();
      old.receive([['Set-Cookie', `__Host-session=${tokenOf(client)}`]]);
      clock.advance(10 * MINUTE);
      await req(client, (s) => s.get('user'));
      return { client, old };
    };

    const a = await rotatedClient();
    await req(a.old, (s) => s.destroy());
    assert.equal((await req(a.client, (s) => s.get('user'))).result, undefined, 'destroy via the forward ends the new entry');
    assert.equal(store.size, 0);

    const b = cookieClient();
    await req(b, (s) => s.set('user', 'ada'));
    clock.advance(10 * MINUTE);
    const loggingOut = manager.load(b.header());
    await loggingOut.load();
    await req(b, (s) => s.get('user')); // rotates while the logout is in flight
    loggingOut.destroy();
    await manager.commit(loggingOut);
    assert.equal((await req(b, (s) => s.get('user'))).result, undefined, 'a logout that loaded the old entry ends the new one too (SR-17)');
    assert.equal(store.size, 0);

    const c = await rotatedClient();
    assert.equal(await manager.revokeSessions('ada'), 2, 'the session and its forward');
    assert.equal((await req(c.client, (s) => s.get('user'))).result, undefined);
    assert.equal((await req(c.old, (s) => s.get('user'))).result, undefined);
    assert.equal(store.size, 0);
  });

  test('rotation is off by default; the options are validated at start-up (SR-14)', async () => {
    const { clock, req, loggedIn, rotated } = setup(createMemoryStore(), {});
    const client = await loggedIn();
    clock.advance(6 * 24 * 60 * MINUTE);
    assert.deepEqual((await req(client, (s) => s.get('user'))).lines, [], 'no rotation without rotateSeconds');
    assert.equal(rotated().length, 0);

    const refused = (options: Parameters<typeof createSessionManager>[0], option: string, fix: RegExp) =>
      assert.throws(() => createSessionManager(options), (e: unknown) => e instanceof ConfigError && e.option === option && fix.test(e.message));
    refused({ keys: createKeyring([{ secret: SECRET }]), timeouts: { rotateSeconds: 600 } }, 'timeouts.rotateSeconds', /needs server mode/);
    refused({ store: createMemoryStore(), timeouts: { rotateSeconds: 0 } }, 'timeouts.rotateSeconds', /positive integer/);
    refused({ store: createMemoryStore(), timeouts: { rotateSeconds: 60, rotateGraceSeconds: 60 } }, 'timeouts.rotateGraceSeconds', /shorter than timeouts.rotateSeconds/);
    assert.doesNotThrow(() => createSessionManager({ store: createMemoryStore(), timeouts: { rotateSeconds: 900 } }));
  });

  test('regenerate({ keepLifetime: true }) issues a new id whose age counts from then (SR-14)', async () => {
    const { clock, req, loggedIn, rotated } = setup(createMemoryStore());
    const client = await loggedIn();
    clock.advance(9 * MINUTE);
    await req(client, (s) => s.regenerate({ keepLifetime: true }));
    clock.advance(2 * MINUTE); // 11 minutes after creation, 2 after the new id
    assert.deepEqual((await req(client, (s) => s.get('user'))).lines, []);
    assert.equal(rotated().length, 0);
    clock.advance(8 * MINUTE);
    assert.equal((await req(client, (s) => s.get('user'))).lines.length, 1);
    assert.equal(rotated().length, 1);
  });
});
