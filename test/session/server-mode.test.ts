/**
 * Server mode only: token and store key, strict mode, lazy loading, compare-and-swap with
 * replay, no resurrection, store failures, the per-user index.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '../../src/crypto/index.ts';
import { SessionConflictError, StoreError } from '../../src/errors.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, downStore, fakeClock } from './helpers.ts';

type Data = Record<string, unknown>;

/** A memory store that counts calls per operation. */
function spyStore() {
  const inner = createMemoryStore();
  const calls: Record<string, number> = {};
  const keysSeen: string[] = [];
  const count = (op: string, key?: string) => {
    calls[op] = (calls[op] ?? 0) + 1;
    if (key !== undefined) keysSeen.push(key);
  };
  const store: SessionStore & { listByUser: NonNullable<SessionStore['listByUser']>; deleteByUser: NonNullable<SessionStore['deleteByUser']> } = {
    name: 'spy',
    get: (k, now) => (count('get', k), inner.get(k, now)),
    create: (k, w, now) => (count('create', k), inner.create(k, w, now)),
    update: (k, w, v, now) => (count('update', k), inner.update(k, w, v, now)),
    touch: (k, e, now) => (count('touch', k), inner.touch(k, e, now)),
    delete: (k) => (count('delete', k), inner.delete(k)),
    listByUser: (u, now) => (count('listByUser'), inner.listByUser(u, now)),
    deleteByUser: (u, except) => (count('deleteByUser'), inner.deleteByUser(u, except)),
  };
  return { store, inner, calls, keysSeen };
}

function setup(extra: Partial<Parameters<typeof createSessionManager<Data>>[0]> = {}) {
  const clock = fakeClock();
  const spy = spyStore();
  const events: InvalidCookieEvent[] = [];
  const manager = createSessionManager<Data>({ store: spy.store, now: clock.now, onInvalidCookie: (e) => events.push(e), ...extra });
  return { manager, clock, events, ...spy };
}

async function req(manager: ReturnType<typeof setup>['manager'], client: ReturnType<typeof cookieClient>, fn: (s: ReturnType<typeof manager.load>) => unknown) {
  const s = manager.load(client.header());
  const result = await fn(s);
  const headers = await manager.commit(s);
  client.receive(headers);
  return { result, headers, setCookies: client.setCookieLines(headers) };
}

describe('server mode', () => {
  test('the cookie holds a 256-bit token; the store key is its SHA-256, never the token (SR-2)', async () => {
    const { manager, inner } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('user', 'ada'));
    const token = client.cookies.get('__Host-session')!.value;
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(await inner.get(token, Date.UTC(2030, 0, 1)), null);
    assert.notEqual(await inner.get(hashToken(token), Date.UTC(2030, 0, 1)), null);
  });

  test('regenerate with a store that replaces only some pairs in one step draws a new id that pairs with the old (SR-2, SR-6)', async () => {
    const inner = createMemoryStore();
    const replaced: Array<[string, string]> = [];
    let created = 0;
    // Like Redis: one step only for keys of the same "bucket" (here: the same first character, 1 in 64).
    const sameStep = (a: string, b: string) => a[0] === b[0];
    const store: SessionStore = {
      ...inner,
      name: 'bucketed',
      create: (k, w, now) => (created++, inner.create(k, w, now)),
      replace: (oldKey, key, w, now) => (replaced.push([oldKey, key]), inner.replace!(oldKey, key, w, now)),
      sameStep,
    };
    const manager = createSessionManager<Data>({ store, now: fakeClock().now });
    const client = cookieClient();
    const token = () => client.cookies.get('__Host-session')!.value;
    await req(manager, client, (s) => s.set('n', 1));
    const before = hashToken(token());
    for (let i = 0; i < 20; i++) {
      const old = hashToken(token());
      await req(manager, client, (s) => s.regenerate());
      const key = hashToken(token());
      assert.notEqual(key, old);
      assert.ok(sameStep(old, key), `new key ${key} pairs with ${old}`);
      assert.equal(await inner.get(old, Date.UTC(2030, 0, 1)), null, 'the old entry is gone');
      assert.notEqual(await inner.get(key, Date.UTC(2030, 0, 1)), null);
      assert.equal(token().length, 43, 'still a 256-bit token');
    }
    assert.equal(replaced.length, 20);
    assert.equal(created, 1, 'only the first write created; every regenerate replaced');
    assert.equal(new Set(replaced.map(([, k]) => k)).size, 20);
    assert.equal((await req(manager, client, (s) => s.get('n'))).result, 1, 'the data came along');
    assert.ok(before[0] === hashToken(token())[0]);
  });

  test('loading touches no store until the session is read (lazy)', async () => {
    const { manager, calls } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('user', 'ada'));
    const before = { ...calls };
    await req(manager, client, () => {});
    assert.deepEqual(calls, before);
  });

  test('a read-only request costs one store read and no write', async () => {
    const { manager, calls } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('user', 'ada'));
    const before = { ...calls };
    await req(manager, client, (s) => s.get('user'));
    assert.equal((calls.get ?? 0) - (before.get ?? 0), 1);
    assert.equal(calls.update ?? 0, before.update ?? 0);
    assert.equal(calls.touch ?? 0, before.touch ?? 0);
  });

  test('malformed ids never reach the store (SR-4)', async () => {
    const { manager, keysSeen, events } = setup();
    for (const bad of ['short', 'x'.repeat(44), '../../etc/passwd', "'; DROP TABLE--", '%00' + 'a'.repeat(40), 'A'.repeat(42) + '=', '{"$gt":""}']) {
      const s = manager.load(`__Host-session=${bad}`);
      assert.equal(await s.get('user'), undefined);
    }
    assert.deepEqual(keysSeen, []);
    assert.ok(events.every((e) => e.reason === 'malformed'));
  });

  test('an unknown well-formed token is never adopted and creates no record on load (SR-5)', async () => {
    const { manager, inner, events } = setup();
    const planted = 'A'.repeat(43);
    const client = cookieClient();
    client.cookies.set('__Host-session', { value: planted, line: '' });
    const { result } = await req(manager, client, (s) => s.get('user'));
    assert.equal(result, undefined);
    assert.equal(inner.size, 0, 'a lookup miss creates nothing');
    assert.equal(events.at(-1)?.reason, 'unknown-session');
    await req(manager, client, (s) => s.set('user', 'mallory'));
    const issued = client.cookies.get('__Host-session')!.value;
    assert.notEqual(issued, planted);
    assert.equal(await inner.get(hashToken(planted), Date.UTC(2030, 0, 1)), null);
  });

  test('concurrent requests that set different keys both keep them (compare-and-swap with replay)', async () => {
    const { manager } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('start', true));
    const a = manager.load(client.header());
    const b = manager.load(client.header());
    await Promise.all([a.load(), b.load()]);
    a.set('fromA', 1);
    b.set('fromB', 2);
    await manager.commit(a);
    await manager.commit(b); // conflicts with a's write, re-reads, replays
    const { result } = await req(manager, client, (s) => s.all());
    assert.deepEqual(result, { start: true, fromA: 1, fromB: 2 });
  });

  test('100 concurrent commits on one session keep all 100 keys', async () => {
    const { manager } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('start', true));
    const header = client.header();
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const s = manager.load(header);
        await s.get('start');
        s.set(`k${i}`, i);
        await manager.commit(s);
      }),
    );
    const { result } = await req(manager, client, (s) => s.keys());
    assert.equal((result as string[]).length, 101);
  });

  test('a session destroyed by one request is not resurrected by a slower one (SR-17)', async () => {
    const { manager, inner } = setup();
    const client = cookieClient();
    await req(manager, client, (s) => s.set('user', 'ada'));
    const slow = manager.load(client.header());
    await slow.get('user');
    await req(manager, client, (s) => s.destroy());
    slow.set('cart', ['late write']);
    const headers = await manager.commit(slow);
    assert.equal(inner.size, 0, 'no record was re-created');
    const lines = headers.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^__Host-session=; Max-Age=0;/, 'the slow response clears the cookie instead of restoring access');
  });

  test('retries are bounded: a store that always conflicts gives SessionConflictError', async () => {
    const inner = createMemoryStore();
    const store: SessionStore = { ...inner, sync: undefined, name: 'conflicting', update: async (k, _w, _v, now) => ({ status: 'conflict', version: ((await inner.get(k, now))?.version ?? 0) + 1 }) };
    const manager = createSessionManager<Data>({ store, commitAttempts: 3 });
    const client = cookieClient();
    await req(manager, client, (s) => s.set('a', 1));
    const s = manager.load(client.header());
    s.set('b', 2);
    await assert.rejects(manager.commit(s), (e: unknown) => e instanceof SessionConflictError && e.attempts === 3);
  });

  test('a store failure is a StoreError from read and commit, never a silent loss', async () => {
    const failing = downStore();
    const manager = createSessionManager<Data>({ store: failing });
    const s = manager.load(`__Host-session=${'A'.repeat(43)}`);
    await assert.rejects(s.get('user'), StoreError);
    const fresh = manager.load(null);
    fresh.set('user', 'ada');
    await assert.rejects(manager.commit(fresh), StoreError);
  });

  test('idle timeout: activity is recorded with one touch per interval, not one write per request', async () => {
    const { manager, clock, calls } = setup({ timeouts: { idleSeconds: 1800, touchIntervalSeconds: 60 } });
    const client = cookieClient();
    await req(manager, client, (s) => s.set('user', 'ada'));
    for (let i = 0; i < 30; i++) {
      clock.advance(10_000);
      await req(manager, client, (s) => s.get('user'));
    }
    assert.equal(calls.touch, 5, '300 s of requests every 10 s: one touch per 60 s');
  });

  test('per-user index: list a user\'s devices, revoke one, log out everywhere else (SR-18)', async () => {
    const { manager, clock } = setup();
    const phone = cookieClient();
    const laptop = cookieClient();
    const tablet = cookieClient();
    const other = cookieClient();
    const login = (client: ReturnType<typeof cookieClient>, user: string, ua: string) =>
      (async () => {
        const s = manager.load(client.header(), { userAgent: ua, ip: '192.0.2.1' });
        s.regenerate();
        s.bindUser(user);
        s.set('user', user);
        client.receive(await manager.commit(s));
      })();
    await login(phone, 'ada', 'Phone');
    clock.advance(1000);
    await login(laptop, 'ada', 'Laptop');
    clock.advance(1000);
    await login(tablet, 'ada', 'Tablet');
    await login(other, 'bob', 'Other');

    const current = manager.load(laptop.header());
    await current.load();
    const list = await manager.listSessions('ada', { current });
    assert.deepEqual(list.map((x) => [x.userAgent, x.current]), [['Tablet', false], ['Laptop', true], ['Phone', false]]);
    assert.ok(list.every((x) => x.ip === '192.0.2.1' && x.handle.length === 43));

    assert.equal(await manager.revokeSession('bob', list[0]!.handle), false, 'not bob\'s to revoke');
    assert.equal(await manager.revokeSession('ada', list[0]!.handle), true);
    assert.equal(await manager.load(tablet.header()).get('user'), undefined);

    assert.equal(await manager.revokeSessions('ada', { except: current }), 1);
    assert.equal(await manager.load(phone.header()).get('user'), undefined);
    assert.equal(await manager.load(laptop.header()).get('user'), 'ada');
    assert.equal(await manager.load(other.header()).get('user'), 'bob');
  });

  test('"last seen" in listSessions follows throttled touches, not only data writes', async () => {
    const { manager, clock } = setup({ timeouts: { idleSeconds: 1800, touchIntervalSeconds: 60 } });
    const client = cookieClient();
    const s = manager.load(null);
    s.bindUser('ada');
    client.receive(await manager.commit(s));
    const createdAt = clock.now();
    clock.advance(10 * 60_000);
    await req(manager, client, (x) => x.get('anything')); // read-only: a touch, no data write
    const [summary] = await manager.listSessions('ada');
    assert.equal(summary!.createdAt, createdAt);
    assert.equal(summary!.lastSeenAt, clock.now());
  });

  test('listing sessions without a per-user index is a ConfigError naming the fix', async () => {
    const { listByUser: _list, deleteByUser: _delete, ...unindexed } = createMemoryStore();
    const manager = createSessionManager<Data>({ store: unindexed });
    await assert.rejects(manager.listSessions('ada'), /per-user index/);
  });
});
