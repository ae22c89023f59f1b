/**
 * The concurrent session limit (SR-19, option `userSessions`), through a real manager on every
 * store with the per-user index (memory, SQLite, Redis, Postgres: real servers, no mocks), with an
 * injected clock: eviction of the oldest, refusal with SessionLimitError, replay of an evicted
 * cookie, start-up validation, and the documented bound under simultaneous logins.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyring, hashToken } from '../../src/crypto/index.ts';
import { ConfigError, SessionLimitError } from '../../src/errors.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import type { SessionStore, UserIndexedStore } from '../../src/session/store.ts';
import type { UserSessionsOptions } from '../../src/session/user-limit.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { indexedStoreCases } from '../helpers/indexed-stores.ts';
import { cookieClient, fakeClock, SECRET } from './helpers.ts';

type Data = { user?: string; cart?: string[] };
type Client = ReturnType<typeof cookieClient>;

const cases = await indexedStoreCases();
after(() => Promise.all(cases.map((c) => c.close())));

/** The events of one type, typed. */
const ofType = <T extends SessionEvent['type']>(events: SessionEvent[], type: T) =>
  events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);

const tokenOf = (client: Client) => client.cookies.get('__Host-session')!.value;

function setup(store: UserIndexedStore, userSessions: UserSessionsOptions) {
  const clock = fakeClock();
  const events: SessionEvent[] = [];
  const invalid: InvalidCookieEvent[] = [];
  const manager = createSessionManager<Data>({ store, now: clock.now, userSessions, onEvent: (e) => events.push(e), onInvalidCookie: (e) => invalid.push(e) });
  /** A login request: regenerate, bind, remember the user. */
  const login = async (client: Client, user: string) => {
    const s = manager.load(client.header());
    await s.load();
    s.regenerate();
    s.bindUser(user);
    s.set('user', user);
    client.receive(await manager.commit(s));
  };
  /** A read-only request: what the session holds. */
  const read = async (client: Client) => {
    const s = manager.load(client.header());
    const user = await s.get('user');
    return { user, isNew: s.isNew };
  };
  return { manager, clock, events, invalid, login, read };
}

describe('per-user session limit (SR-19)', () => {
  for (const c of cases) {
    test(`${c.name}: evict-oldest ends the user's oldest session at login; its cookie then gives a fresh session (SR-19)`, { skip: c.skip }, async () => {
      const { manager, clock, events, invalid, login, read } = setup(await c.make(), { max: 2, policy: 'evict-oldest' });
      const [phone, laptop, tablet, other] = [cookieClient(), cookieClient(), cookieClient(), cookieClient()];
      await login(phone, 'ada');
      clock.advance(1000);
      await login(laptop, 'ada');
      clock.advance(1000);
      await login(other, 'bob');
      clock.advance(1000);
      assert.deepEqual(ofType(events, 'evicted'), [], 'within the limit nothing is evicted');

      await login(tablet, 'ada');
      assert.deepEqual(
        ofType(events, 'evicted').map((e) => ({ userId: e.userId, handle: e.handle })),
        [{ userId: 'ada', handle: hashToken(tokenOf(phone)) }],
        'the oldest login is evicted, reported with its listSessions handle',
      );
      const handles = (await manager.listSessions('ada')).map((x) => x.handle).sort();
      assert.deepEqual(handles, [hashToken(tokenOf(laptop)), hashToken(tokenOf(tablet))].sort());

      // The evicted cookie, replayed: a fresh session, reported as unknown.
      const reported = invalid.length;
      assert.deepEqual(await read(phone), { user: undefined, isNew: true });
      assert.equal(invalid.length, reported + 1);
      assert.equal(invalid.at(-1)?.reason, 'unknown-session');
      assert.deepEqual(await read(laptop), { user: 'ada', isNew: false });
      assert.deepEqual(await read(tablet), { user: 'ada', isNew: false });
      assert.deepEqual(await read(other), { user: 'bob', isNew: false }, 'other users are not touched');
    });

    test(`${c.name}: reject refuses a login over the limit with SessionLimitError (409) and writes nothing (SR-19)`, { skip: c.skip }, async () => {
      const { manager, events, login, read } = setup(await c.make(), { max: 2, policy: 'reject' });
      const [phone, laptop, visitor] = [cookieClient(), cookieClient(), cookieClient()];
      await login(phone, 'ada');
      await login(laptop, 'ada');
      const anonymous = manager.load(null);
      anonymous.set('cart', ['book']);
      visitor.receive(await manager.commit(anonymous));
      const before = tokenOf(visitor);

      const s = manager.load(visitor.header());
      await s.load();
      s.regenerate();
      s.bindUser('ada');
      s.set('user', 'ada');
      await assert.rejects(
        manager.commit(s),
        (e: unknown) => e instanceof SessionLimitError && e.code === 'ERR_TESSERA_SESSION_LIMIT' && e.status === 409 && e.statusCode === 409 && e.max === 2 && !e.message.includes('ada'),
      );
      assert.deepEqual(ofType(events, 'limit-reached').map((e) => e.userId), ['ada']);

      // Nothing written: the visitor's session is as it was, under the same cookie, bound to nobody.
      const again = manager.load(visitor.header());
      assert.deepEqual(await again.all(), { cart: ['book'] });
      assert.equal(again.userId, null);
      assert.equal(tokenOf(visitor), before);
      assert.equal((await manager.listSessions('ada')).length, 2);
      assert.equal((await read(phone)).user, 'ada');
      assert.equal((await read(laptop)).user, 'ada');

      // Once one session ends, the login fits.
      const logout = manager.load(phone.header());
      logout.destroy();
      phone.receive(await manager.commit(logout));
      await login(visitor, 'ada');
      assert.deepEqual(await read(visitor), { user: 'ada', isNew: false });
    });

    test(`${c.name}: a session already bound to the user, regenerated again, does not count against the limit (SR-19)`, { skip: c.skip }, async () => {
      const { manager, events, login, read } = setup(await c.make(), { max: 1, policy: 'reject' });
      const phone = cookieClient();
      await login(phone, 'ada');
      await login(phone, 'ada'); // privilege change: same user, new id
      assert.deepEqual(ofType(events, 'limit-reached'), []);
      assert.equal((await manager.listSessions('ada')).length, 1);
      assert.deepEqual(await read(phone), { user: 'ada', isNew: false });
    });
  }

  test('simultaneous logins may all pass the check: at most max + logins in flight - 1, trimmed at the next login (SR-19)', async () => {
    const { manager, clock, login } = setup(createMemoryStore(), { max: 2, policy: 'evict-oldest' });
    const [phone, laptop, tablet, desk] = [cookieClient(), cookieClient(), cookieClient(), cookieClient()];
    await login(phone, 'ada');
    clock.advance(1000);
    await Promise.all([login(laptop, 'ada'), login(tablet, 'ada')]); // both list [phone] before either writes
    assert.equal((await manager.listSessions('ada')).length, 3, 'the documented bound: max + 1 with two logins in flight');
    clock.advance(1000);
    await login(desk, 'ada');
    const left = await manager.listSessions('ada');
    assert.equal(left.length, 2, 'the next login trims back to max');
    assert.ok(left.some((x) => x.handle === hashToken(tokenOf(desk))));
    assert.ok(!left.some((x) => x.handle === hashToken(tokenOf(phone))), 'the oldest went first');
  });

  test('forwarding records left by id rotation do not count against the limit (SR-19, SR-14)', async () => {
    const clock = fakeClock();
    const events: SessionEvent[] = [];
    const manager = createSessionManager<Data>({ store: createMemoryStore(), now: clock.now, userSessions: { max: 2, policy: 'reject' }, timeouts: { rotateSeconds: 600 }, onEvent: (e) => events.push(e) });
    const login = async (client: Client) => {
      const s = manager.load(client.header());
      s.regenerate();
      s.bindUser('ada');
      client.receive(await manager.commit(s));
    };
    const [phone, laptop] = [cookieClient(), cookieClient()];
    await login(phone);
    clock.advance(600_000);
    const s = manager.load(phone.header());
    await s.load();
    phone.receive(await manager.commit(s)); // rotates: the old entry becomes a forward bound to ada
    assert.equal(ofType(events, 'rotated').length, 1);
    await login(laptop); // one session and one forward: room for a second session
    assert.deepEqual(ofType(events, 'limit-reached'), []);
    assert.equal((await manager.listSessions('ada')).length, 2);
  });

  test('the limit is validated at start-up: server mode and a store with the per-user index, a positive max, a known policy (SR-19)', () => {
    const limit: UserSessionsOptions = { max: 2, policy: 'reject' };
    const refused = (options: Parameters<typeof createSessionManager>[0], option: string, fix: RegExp) =>
      assert.throws(() => createSessionManager(options), (e: unknown) => e instanceof ConfigError && e.option === option && fix.test(e.message));
    refused({ keys: createKeyring([{ secret: SECRET }]), userSessions: limit }, 'userSessions', /server mode with a store that has the per-user index/);
    const inner = createMemoryStore();
    const unindexed: SessionStore = { name: 'plain', get: inner.get, create: inner.create, update: inner.update, touch: inner.touch, delete: inner.delete };
    refused({ store: unindexed, userSessions: limit }, 'userSessions', /listByUser and deleteByUser/);
    refused({ store: createMemoryStore(), userSessions: { max: 0, policy: 'reject' } }, 'userSessions.max', /positive integer/);
    refused({ store: createMemoryStore(), userSessions: { max: 2, policy: 'lru' as 'reject' } }, 'userSessions.policy', /'evict-oldest' or 'reject'/);
    assert.doesNotThrow(() => createSessionManager({ store: createMemoryStore(), userSessions: { max: 3, policy: 'evict-oldest' } }));
  });
});
