/**
 * `commitSync` in server mode: a read-only request that needs no store write (no touch due)
 * commits without waiting, with the same headers `commit` gives; anything that must write
 * (a change, a due touch, destroy, regenerate) returns null so the caller awaits `commit`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionManager } from '../../src/session/manager.ts';
import type { SessionManagerOptions } from '../../src/session/options.ts';
import { SessionConflictError, StoreError } from '../../src/errors.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, fakeClock } from './helpers.ts';

/** A memory store that counts every operation. */
function countingStore() {
  const inner = createMemoryStore();
  let calls = 0;
  const store: SessionStore = {
    name: 'counting',
    get: (k, now) => (calls++, inner.get(k, now)),
    create: (k, w, now) => (calls++, inner.create(k, w, now)),
    update: (k, w, v, now) => (calls++, inner.update(k, w, v, now)),
    touch: (k, e, now) => (calls++, inner.touch(k, e, now)),
    delete: (k) => (calls++, inner.delete(k)),
  };
  return { store, calls: () => calls };
}

async function loggedIn(idleSeconds: number | null) {
  const clock = fakeClock();
  const counting = countingStore();
  const manager = createSessionManager({ store: counting.store, now: clock.now, timeouts: { idleSeconds, touchIntervalSeconds: 60 } });
  const client = cookieClient();
  const first = manager.load(client.header());
  first.set('counter', 1);
  client.receive(await manager.commit(first));
  return { manager, client, clock, calls: counting.calls };
}

describe('commitSync in server mode', () => {
  test('a read-only request commits without waiting and without a store write: Vary only', async () => {
    const { manager, client, calls } = await loggedIn(null);
    const s = manager.load(client.header());
    assert.equal(await s.get('counter'), 1);
    const before = calls();
    assert.deepEqual(manager.commitSync(s), [['Vary', 'Cookie']]);
    assert.equal(calls(), before, 'no store operation');
  });

  test('with an idle timeout, within the touch interval: no wait; once a touch is due: null, and commit touches', async () => {
    const { manager, client, clock, calls } = await loggedIn(1800);
    clock.advance(30_000);
    const early = manager.load(client.header());
    await early.get('counter');
    assert.deepEqual(manager.commitSync(early), [['Vary', 'Cookie']]);

    clock.advance(61_000);
    const late = manager.load(client.header());
    await late.get('counter');
    assert.equal(manager.commitSync(late), null);
    const before = calls();
    await manager.commit(late);
    assert.equal(calls(), before + 1, 'one touch');
  });

  test('a change, destroy or regenerate needs the store: null', async () => {
    const { manager, client } = await loggedIn(null);
    for (const act of [(s: ReturnType<typeof manager.load>) => s.set('counter', 2), (s: ReturnType<typeof manager.load>) => s.destroy(), (s: ReturnType<typeof manager.load>) => s.regenerate()]) {
      const s = manager.load(client.header());
      await s.get('counter');
      act(s);
      assert.equal(manager.commitSync(s), null);
      await manager.commit(s);
    }
  });

  test('a session not loaded yet needs the store: null', async () => {
    const { manager, client } = await loggedIn(null);
    const s = manager.load(client.header());
    s.set('counter', 5);
    assert.equal(manager.commitSync(s), null);
  });
});

/** A memory store (synchronous forms included) whose synchronous forms are counted and can be made to fail. */
function syncCountingStore() {
  const inner = createMemoryStore();
  const calls = { get: 0, update: 0, touch: 0, async: 0 };
  let failing = false;
  const fail = (op: string) => {
    if (failing) throw new StoreError('memory', op, new Error('disk I/O error'));
  };
  const store: SessionStore = {
    name: 'sync-counting',
    get: (k, now) => (calls.async++, inner.get(k, now)),
    create: (k, w, now) => inner.create(k, w, now),
    update: (k, w, v, now) => (calls.async++, inner.update(k, w, v, now)),
    touch: (k, e, now) => (calls.async++, inner.touch(k, e, now)),
    delete: (k) => inner.delete(k),
    sync: {
      get: (k, now) => (fail('get'), calls.get++, inner.sync.get(k, now)),
      update: (k, w, v, now) => (fail('update'), calls.update++, inner.sync.update(k, w, v, now)),
      touch: (k, e, now) => (fail('touch'), calls.touch++, inner.sync.touch(k, e, now)),
    },
  };
  return { store, inner, calls, fail: (on: boolean) => (failing = on) };
}

type SyncData = { counter: number; a?: number; b?: number; x?: number };

async function loggedInSync(extra: Partial<SessionManagerOptions<SyncData>> = {}) {
  const clock = fakeClock();
  const counting = syncCountingStore();
  const manager = createSessionManager<SyncData>({ store: counting.store, now: clock.now, ...extra });
  const client = cookieClient();
  const first = manager.load(client.header());
  first.set('counter', 1);
  client.receive(await manager.commit(first));
  return { manager, client, clock, ...counting };
}

describe('server mode on a store with synchronous forms (memory, SQLite)', () => {
  test('the first read loads the session in the same tick: loaded before any await, no promise-returning store call', async () => {
    const { manager, client, calls } = await loggedInSync();
    const s = manager.load(client.header());
    const pending = s.get('counter');
    assert.equal(s.loaded, true, 'loaded synchronously');
    assert.equal(await pending, 1);
    assert.deepEqual({ get: calls.get, async: calls.async }, { get: 1, async: 0 });
  });

  test('a write commits through commitSync with one synchronous compare-and-swap; the next request reads it', async () => {
    const { manager, client, calls } = await loggedInSync();
    const s = manager.load(client.header());
    s.set('counter', (await s.get('counter'))! + 1);
    assert.deepEqual(manager.commitSync(s), [['Vary', 'Cookie']], 'a browser-session cookie is not re-sent');
    assert.deepEqual({ update: calls.update, async: calls.async }, { update: 1, async: 0 });
    const next = manager.load(client.header());
    assert.equal(await next.get('counter'), 2);
  });

  test('a persistent cookie is re-issued by the synchronous commit, as by commit', async () => {
    const { manager, client } = await loggedInSync();
    const s = manager.load(client.header());
    await s.get('counter');
    s.persist(3600);
    const headers = manager.commitSync(s)!;
    const cookie = headers.find(([name]) => name === 'Set-Cookie')?.[1] ?? '';
    assert.match(cookie, /Max-Age=3600/);
    assert.ok(cookie.startsWith(`__Host-session=${client.cookies.get('__Host-session')!.value};`), 'the same token');
    assert.ok(headers.some(([name, value]) => name === 'Cache-Control' && value === 'private, no-store'));
  });

  test('a due touch is synchronous too, and moves the entry\'s expiry', async () => {
    const { manager, client, clock, inner, calls } = await loggedInSync({ timeouts: { idleSeconds: 1800, touchIntervalSeconds: 60 } });
    clock.advance(61_000);
    const s = manager.load(client.header());
    await s.get('counter');
    assert.deepEqual(manager.commitSync(s), [['Vary', 'Cookie']]);
    assert.deepEqual({ touch: calls.touch, async: calls.async }, { touch: 1, async: 0 });
    const [entry] = (await inner.list!({}, clock.now())).entries;
    assert.equal(entry!.expiresAt, clock.now() + 1800_000);
  });

  test('a conflict is replayed in the same tick (re-read, replay, write), as commit would: both requests keep their keys', async () => {
    const { manager, client, calls } = await loggedInSync();
    const a = manager.load(client.header());
    const b = manager.load(client.header());
    await a.get('counter');
    await b.get('counter');
    a.set('a', 1);
    b.set('b', 2);
    assert.notEqual(manager.commitSync(a), null);
    const before = { ...calls };
    assert.deepEqual(manager.commitSync(b), [['Vary', 'Cookie']], 'b loaded the version a replaced: replayed');
    assert.deepEqual([calls.update - before.update, calls.get - before.get, calls.async - before.async], [2, 1, 0], 'update, get, update');
    const after = manager.load(client.header());
    assert.deepEqual(await after.all(), { counter: 1, a: 1, b: 2 });
  });

  test('a second conflict returns null, and commit takes over (with backoff) without trying the synchronous path again', async () => {
    const { manager, client, clock, store, calls } = await loggedInSync({ commitAttempts: 3 });
    const sync = store.sync!;
    let asyncUpdates = 0;
    const conflicting: SessionStore = {
      ...store,
      sync: { ...sync, update: (k, w, v, now) => (calls.update++, { status: 'conflict', version: (sync.get(k, now)?.version ?? 0) + 1 }) },
      update: async (k, _w, _v, now) => (asyncUpdates++, { status: 'conflict', version: (sync.get(k, now)?.version ?? 0) + 1 }),
    };
    const m = createSessionManager<SyncData>({ store: conflicting, now: clock.now, commitAttempts: 3 });
    const s = m.load(client.header());
    await s.get('counter');
    s.set('counter', 2);
    const before = { ...calls };
    assert.equal(m.commitSync(s), null);
    assert.equal(calls.update - before.update, 2, 'one write and one replayed write');
    await assert.rejects(m.commit(s), (e: unknown) => e instanceof SessionConflictError && e.attempts === 3);
    assert.equal(calls.update - before.update, 2, 'commit did not go through the synchronous forms again');
    assert.equal(asyncUpdates, 3, 'commit made its own three attempts');
    assert.equal(await manager.load(client.header()).get('counter'), 1, 'nothing was written');
  });

  test('a new session, regenerate and destroy still go through commit (null from commitSync, nothing written)', async () => {
    const { manager, client, calls } = await loggedInSync();
    const fresh = manager.load(null);
    fresh.set('x', 1);
    assert.equal(manager.commitSync(fresh), null);
    for (const act of [(s: ReturnType<typeof manager.load>) => s.regenerate(), (s: ReturnType<typeof manager.load>) => s.destroy()]) {
      const s = manager.load(client.header());
      await s.get('counter');
      act(s);
      const updates = calls.update;
      assert.equal(manager.commitSync(s), null);
      assert.equal(calls.update, updates);
      client.receive(await manager.commit(s));
    }
    assert.equal(client.cookies.size, 0, 'destroyed');
  });

  test('a failing synchronous read rejects the read with StoreError (never a synchronous throw); a failing write throws StoreError from commitSync and rejects commit', async () => {
    const { manager, client, fail } = await loggedInSync();
    fail(true);
    const s = manager.load(client.header());
    let pending: Promise<unknown> | undefined;
    assert.doesNotThrow(() => (pending = s.get('counter')));
    await assert.rejects(pending!, StoreError);

    fail(false);
    const w = manager.load(client.header());
    await w.get('counter');
    w.set('counter', 9);
    fail(true);
    assert.throws(() => manager.commitSync(w), StoreError);
    await assert.rejects(manager.commit(w), StoreError);
    fail(false);
    assert.equal(await manager.load(client.header()).get('counter'), 1, 'nothing was written');
  });
});
