/**
 * The store conformance suite: one behavioural suite that every session store runs,
 * ours and third parties'. It needs only a `describe`/`test` pair (Node's `node:test`,
 * Vitest and Jest all fit) and a factory for fresh, empty stores.
 *
 * ```ts
 * import { describe, test } from 'node:test';
 * import { runStoreConformance } from 'tessera/testing';
 * runStoreConformance({ name: 'my-store', harness: { describe, test }, createStore: () => makeMyStore() });
 * ```
 * @module
 */
import assert from 'node:assert/strict';
import { hasUserIndex, type SessionStore, type StoreWrite } from '../session/store.ts';

/** The two functions of a test framework the suite uses. */
export interface ConformanceHarness {
  describe(name: string, fn: () => void): unknown;
  test(name: string, fn: () => Promise<void>): unknown;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in test names. */
  name: string;
  harness: ConformanceHarness;
  /** Makes a fresh, empty store for one test (its own key prefix, schema or file). */
  createStore: () => SessionStore | Promise<SessionStore>;
  /** Releases what `createStore` made, after each test. */
  destroyStore?: (store: SessionStore) => void | Promise<void>;
  /**
   * Run the one real-time case (an entry written 300 ms before expiry is gone after 400 ms of
   * wall-clock time, read with the real clock). Default true.
   */
  realTimeExpiry?: boolean;
  /**
   * The store offers synchronous forms (`sync`, see SyncStoreOps): run every case a second time
   * with `get`, `update` and `touch` going through them. Default false. The suite fails when this
   * does not match the store (forms offered but not declared, or declared but missing), so forms
   * that the session manager would call are never left untested.
   */
  syncForms?: boolean;
}

const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const key = (n: number | string) => `k${String(n).padStart(42, '0')}`.slice(-43);
const w = (data: string, expiresAt = T0 + 10 * MINUTE, userId: string | null = null): StoreWrite => ({ data, expiresAt, userId });

/**
 * Registers the conformance tests for a store with the given harness. Optional capabilities
 * (`deleteExpired`, `list`, the per-user index) are tested when the store has them.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  const { harness, name } = options;
  const withStore = (fn: (store: SessionStore) => Promise<void>) => async () => {
    const store = await options.createStore();
    try {
      await fn(store);
    } finally {
      await options.destroyStore?.(store);
    }
  };
  const syncForms = options.syncForms === true;
  harness.describe(`store conformance: ${name}`, () => {
    harness.test('the synchronous forms are offered exactly when syncForms says so', withStore(async (s) => {
      const offered = s.sync !== undefined;
      assert.equal(offered, syncForms, offered
        ? 'the store has synchronous forms (sync): pass syncForms: true so the suite tests them'
        : 'syncForms: true, but the store has no synchronous forms (sync)');
      if (offered) for (const op of ['get', 'update', 'touch'] as const) assert.equal(typeof s.sync![op], 'function', `sync.${op}`);
    }));
    registerCases((title, fn) => harness.test(title, withStore(fn)));
  });
  if (syncForms) {
    harness.describe(`store conformance: ${name} (synchronous forms)`, () => {
      registerCases((title, fn) => harness.test(title, withStore((s) => fn(throughSyncForms(s)))));
    });
  }

  function registerCases(t: (title: string, fn: (store: SessionStore) => Promise<void>) => unknown): void {
    t('get of an absent key is null', async (s) => {
      assert.equal(await s.get(key(1), T0), null);
    });

    t('create inserts at version 1 and get returns data, expiry and user', async (s) => {
      assert.equal(await s.create(key(1), w('{"a":1}', T0 + MINUTE, 'u1'), T0), true);
      assert.deepEqual(await s.get(key(1), T0), { data: '{"a":1}', expiresAt: T0 + MINUTE, version: 1, userId: 'u1' });
    });

    t('create does not overwrite a live entry', async (s) => {
      await s.create(key(1), w('first'), T0);
      assert.equal(await s.create(key(1), w('second'), T0), false);
      assert.equal((await s.get(key(1), T0))?.data, 'first');
    });

    t('create replaces an expired entry, starting again at version 1', async (s) => {
      await s.create(key(1), w('old', T0 + MINUTE), T0);
      assert.equal(await s.create(key(1), w('new', T0 + 3 * MINUTE), T0 + 2 * MINUTE), true);
      assert.deepEqual(await s.get(key(1), T0 + 2 * MINUTE), { data: 'new', expiresAt: T0 + 3 * MINUTE, version: 1, userId: null });
    });

    t('an entry is live before expiresAt and expired at expiresAt exactly (SR-9 boundary)', async (s) => {
      await s.create(key(1), w('x', T0 + MINUTE), T0);
      assert.equal((await s.get(key(1), T0 + MINUTE - 1))?.data, 'x');
      assert.equal(await s.get(key(1), T0 + MINUTE), null);
    });

    t('update with the current version replaces data and increments the version', async (s) => {
      await s.create(key(1), w('v1'), T0);
      assert.deepEqual(await s.update(key(1), w('v2', T0 + 20 * MINUTE, 'u9'), 1, T0), { status: 'ok', version: 2 });
      assert.deepEqual(await s.get(key(1), T0), { data: 'v2', expiresAt: T0 + 20 * MINUTE, version: 2, userId: 'u9' });
      assert.deepEqual(await s.update(key(1), w('v3'), 2, T0), { status: 'ok', version: 3 });
    });

    t('update with a stale version is a conflict that reports the current version and changes nothing', async (s) => {
      await s.create(key(1), w('v1'), T0);
      await s.update(key(1), w('v2'), 1, T0);
      assert.deepEqual(await s.update(key(1), w('lost'), 1, T0), { status: 'conflict', version: 2 });
      assert.equal((await s.get(key(1), T0))?.data, 'v2');
    });

    t('update of an absent key is missing and never inserts', async (s) => {
      assert.deepEqual(await s.update(key(1), w('ghost'), 1, T0), { status: 'missing' });
      assert.equal(await s.get(key(1), T0), null);
    });

    t('update of an expired entry is missing and does not resurrect it', async (s) => {
      await s.create(key(1), w('x', T0 + MINUTE), T0);
      assert.deepEqual(await s.update(key(1), w('y', T0 + 9 * MINUTE), 1, T0 + MINUTE), { status: 'missing' });
      assert.equal(await s.get(key(1), T0 + MINUTE), null);
    });

    t('a session deleted by one request is not resurrected by another one\'s update (SR-17)', async (s) => {
      await s.create(key(1), w('x'), T0);
      const loaded = await s.get(key(1), T0);
      await s.delete(key(1));
      assert.deepEqual(await s.update(key(1), w('stale write'), loaded!.version, T0), { status: 'missing' });
      assert.equal(await s.touch(key(1), T0 + 30 * MINUTE, T0), false);
      assert.equal(await s.get(key(1), T0), null);
    });

    t('update with the loaded-expiry hint gives the outcomes it gives without (stale hint after a touch, conflict, user change, expired, absent)', async (s) => {
      const exp = T0 + 10 * MINUTE;
      await s.create(key(1), w('v1', exp), T0);
      assert.deepEqual(await s.update(key(1), w('v2', exp), 1, T0, exp), { status: 'ok', version: 2 });
      assert.deepEqual(await s.get(key(1), T0), { data: 'v2', expiresAt: exp, version: 2, userId: null });
      await s.touch(key(1), exp + MINUTE, T0); // moves the expiry, keeps the version: the caller's hint is now stale
      assert.deepEqual(await s.update(key(1), w('v3', exp), 2, T0, exp), { status: 'ok', version: 3 });
      assert.deepEqual(await s.get(key(1), T0), { data: 'v3', expiresAt: exp, version: 3, userId: null });
      assert.deepEqual(await s.update(key(1), w('stale', exp), 2, T0, exp), { status: 'conflict', version: 3 });
      assert.deepEqual(await s.update(key(1), w('v4', exp, 'u1'), 3, T0, exp), { status: 'ok', version: 4 });
      assert.deepEqual(await s.get(key(1), T0), { data: 'v4', expiresAt: exp, version: 4, userId: 'u1' });
      if (hasUserIndex(s)) assert.deepEqual((await s.listByUser('u1', T0)).map((e) => e.key), [key(1)]);
      assert.deepEqual(await s.update(key(1), w('late', exp), 4, exp, exp), { status: 'missing' }, 'expired at expiresAt exactly');
      assert.deepEqual(await s.update(key(2), w('none', exp), 1, T0, exp), { status: 'missing' });
      assert.equal(await s.get(key(2), T0), null, 'never inserts');
    });

    t('touch moves the expiry, keeps data and version', async (s) => {
      await s.create(key(1), w('x', T0 + MINUTE, 'u1'), T0);
      assert.equal(await s.touch(key(1), T0 + 5 * MINUTE, T0 + 30_000), true);
      assert.deepEqual(await s.get(key(1), T0 + 2 * MINUTE), { data: 'x', expiresAt: T0 + 5 * MINUTE, version: 1, userId: 'u1' });
    });

    t('touch of an absent or expired key is false and never inserts', async (s) => {
      assert.equal(await s.touch(key(1), T0 + MINUTE, T0), false);
      assert.equal(await s.get(key(1), T0), null);
      await s.create(key(2), w('x', T0 + MINUTE), T0);
      assert.equal(await s.touch(key(2), T0 + 9 * MINUTE, T0 + MINUTE), false);
      assert.equal(await s.get(key(2), T0 + MINUTE), null);
    });

    t('touch keeps a user-bound entry whatever user the caller hints, and never changes the user', async (s) => {
      await s.create(key(1), w('x', T0 + MINUTE, 'u1'), T0);
      assert.equal(await s.touch(key(1), T0 + 5 * MINUTE, T0, 'u1'), true);
      assert.equal(await s.touch(key(1), T0 + 6 * MINUTE, T0, 'someone else'), true);
      assert.equal(await s.touch(key(1), T0 + 7 * MINUTE, T0, null), true);
      assert.equal(await s.touch(key(1), T0 + 8 * MINUTE, T0), true);
      assert.deepEqual(await s.get(key(1), T0 + 7 * MINUTE), { data: 'x', expiresAt: T0 + 8 * MINUTE, version: 1, userId: 'u1' });
      await s.create(key(2), w('anon', T0 + MINUTE), T0);
      assert.equal(await s.touch(key(2), T0 + 5 * MINUTE, T0, 'u1'), true);
      assert.equal((await s.get(key(2), T0 + 2 * MINUTE))?.userId, null);
      if (hasUserIndex(s)) {
        assert.deepEqual((await s.listByUser('u1', T0 + 7 * MINUTE)).map((e) => e.key), [key(1)], 'a touched entry stays indexed past its first expiry');
        assert.deepEqual(await s.listByUser('someone else', T0), []);
      }
    });

    t('replace (when offered) inserts the new key at version 1 and deletes the old one', async (s) => {
      if (s.replace === undefined) return;
      await s.create(key(1), w('old', T0 + MINUTE, 'u1'), T0);
      await s.update(key(1), w('old2', T0 + MINUTE, 'u1'), 1, T0);
      assert.equal(await s.replace(key(1), key(2), w('new', T0 + 9 * MINUTE, 'u2'), T0), true);
      assert.equal(await s.get(key(1), T0), null);
      assert.deepEqual(await s.get(key(2), T0), { data: 'new', expiresAt: T0 + 9 * MINUTE, version: 1, userId: 'u2' });
      if (hasUserIndex(s)) {
        assert.deepEqual(await s.listByUser('u1', T0), []);
        assert.deepEqual((await s.listByUser('u2', T0)).map((e) => e.key), [key(2)]);
      }
      assert.equal(await s.replace(key(8), key(3), w('no old entry'), T0), true, 'an absent old key is no obstacle');
      assert.equal((await s.get(key(3), T0))?.data, 'no old entry');
    });

    t('replace (when offered) of a live key is false and leaves both entries; an expired one is replaced', async (s) => {
      if (s.replace === undefined) return;
      await s.create(key(1), w('old'), T0);
      await s.create(key(2), w('taken'), T0);
      assert.equal(await s.replace(key(1), key(2), w('new'), T0), false);
      assert.equal((await s.get(key(1), T0))?.data, 'old');
      assert.equal((await s.get(key(2), T0))?.data, 'taken');
      await s.create(key(3), w('expired', T0 + MINUTE), T0);
      assert.equal(await s.replace(key(1), key(3), w('new', T0 + 9 * MINUTE), T0 + MINUTE), true);
      assert.equal(await s.get(key(1), T0 + MINUTE), null);
      assert.deepEqual(await s.get(key(3), T0 + MINUTE), { data: 'new', expiresAt: T0 + 9 * MINUTE, version: 1, userId: null });
    });

    t('delete is idempotent', async (s) => {
      await s.delete(key(1));
      await s.create(key(1), w('x'), T0);
      await s.delete(key(1));
      await s.delete(key(1));
      assert.equal(await s.get(key(1), T0), null);
    });

    t('keys are independent', async (s) => {
      await s.create(key(1), w('one'), T0);
      await s.create(key(2), w('two'), T0);
      await s.delete(key(1));
      assert.equal((await s.get(key(2), T0))?.data, 'two');
    });

    t('of concurrent updates from the same version exactly one wins', async (s) => {
      await s.create(key(1), w('v1'), T0);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.update(key(1), w(`w${i}`), 1, T0)));
      const ok = results.filter((r) => r.status === 'ok');
      assert.equal(ok.length, 1);
      assert.ok(results.every((r) => r.status === 'ok' || (r.status === 'conflict' && r.version === 2)));
      assert.equal((await s.get(key(1), T0))?.version, 2);
    });

    t('of concurrent creates of one key exactly one wins', async (s) => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.create(key(1), w(`c${i}`), T0)));
      assert.equal(results.filter(Boolean).length, 1);
    });

    t('data round-trips byte for byte (unicode, quotes, control characters, 100 KB)', async (s) => {
      const samples = ['', '{"q":"\\"quoted\\"","nl":"a\\nb"}', 'żółw 🐢 \u2028 \u0000 \t\r\n', 'x'.repeat(100_000), "'; DROP TABLE sessions; --"];
      for (const [i, data] of samples.entries()) {
        await s.create(key(i), w(data), T0);
        assert.equal((await s.get(key(i), T0))?.data, data, `sample ${i}`);
      }
    });

    t('keys with every base64url character and store-syntax characters are opaque', async (s) => {
      const odd = ['AZaz09-_AZaz09-_AZaz09-_AZaz09-_AZaz09-_abc', 'a:b{c}*?[x]', '%00../..\\'];
      for (const k of odd) await s.create(k, w(`data of ${k}`), T0);
      for (const k of odd) assert.equal((await s.get(k, T0))?.data, `data of ${k}`);
    });

    if (options.realTimeExpiry !== false) {
      t('an entry expires on the real clock (the one real-time case)', async (s) => {
        const now = Date.now();
        await s.create(key(1), w('short', now + 300), now);
        assert.equal((await s.get(key(1), Date.now()))?.data, 'short');
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal(await s.get(key(1), Date.now()), null);
      });
    }

    t('deleteExpired (when offered) removes exactly the expired entries', async (s) => {
      if (s.deleteExpired === undefined) return;
      for (let i = 0; i < 10; i++) await s.create(key(i), w(`e${i}`, T0 + (i < 4 ? MINUTE : 10 * MINUTE)), T0);
      assert.equal(await s.deleteExpired(T0 + MINUTE), 4);
      assert.equal(await s.deleteExpired(T0 + MINUTE), 0);
      for (let i = 0; i < 10; i++) assert.equal((await s.get(key(i), T0)) === null, i < 4);
    });

    t('list (when offered) pages through every live entry once', async (s) => {
      if (s.list === undefined) return;
      for (let i = 0; i < 25; i++) await s.create(key(i), w(`l${i}`, T0 + (i % 5 === 0 ? MINUTE : 10 * MINUTE)), T0);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await s.list({ cursor, limit: 7 }, T0 + MINUTE);
        seen.push(...page.entries.map((e) => e.key));
        cursor = page.cursor;
        // Generous: on a shared Redis, a page may come back short or empty (SCAN examines a bounded number of keys per call).
        assert.ok(++pages < 1000, 'list must terminate');
      } while (cursor !== null);
      assert.equal(new Set(seen).size, seen.length, 'no entry listed twice');
      assert.deepEqual([...seen].sort(), Array.from({ length: 25 }, (_, i) => i).filter((i) => i % 5 !== 0).map(key).sort());
    });

    t('per-user index (when offered): list, move, revoke all but some', async (s) => {
      if (!hasUserIndex(s)) return;
      await s.create(key(1), w('a1', T0 + 10 * MINUTE, 'alice'), T0);
      await s.create(key(2), w('a2', T0 + 10 * MINUTE, 'alice'), T0);
      await s.create(key(3), w('a3', T0 + MINUTE, 'alice'), T0);
      await s.create(key(4), w('b1', T0 + 10 * MINUTE, 'bob'), T0);
      await s.create(key(5), w('anon', T0 + 10 * MINUTE, null), T0);
      const T1 = T0 + MINUTE; // key(3) has expired by now
      const alice = await s.listByUser('alice', T1);
      assert.deepEqual(alice.map((e) => e.key).sort(), [key(1), key(2)]);
      assert.equal(alice.find((e) => e.key === key(1))?.data, 'a1');
      assert.deepEqual(await s.listByUser('nobody', T1), []);

      await s.update(key(2), w('a2 now bob', T0 + 10 * MINUTE, 'bob'), 1, T1);
      assert.deepEqual((await s.listByUser('alice', T1)).map((e) => e.key).sort(), [key(1)]);
      assert.deepEqual((await s.listByUser('bob', T1)).map((e) => e.key).sort(), [key(2), key(4)]);

      await s.delete(key(4));
      assert.deepEqual((await s.listByUser('bob', T1)).map((e) => e.key), [key(2)]);

      await s.create(key(6), w('b2', T0 + 10 * MINUTE, 'bob'), T1);
      await s.create(key(7), w('b3', T0 + 10 * MINUTE, 'bob'), T1);
      const removed = await s.deleteByUser('bob', [key(6)]);
      assert.equal(removed, 2);
      assert.deepEqual((await s.listByUser('bob', T1)).map((e) => e.key), [key(6)]);
      assert.equal(await s.get(key(2), T1), null);
      assert.equal(await s.get(key(7), T1), null);
      assert.equal((await s.get(key(1), T1))?.data, 'a1');
      assert.equal((await s.get(key(5), T1))?.data, 'anon');
    });
  }
}

/** A promise from a synchronous call: its value, or its throw as a rejection. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** `store` with `get`, `update` and `touch` answered by its synchronous forms (every other member is the store's own). */
function throughSyncForms(store: SessionStore): SessionStore {
  const sync = store.sync;
  if (sync === undefined) throw new Error('syncForms: true, but the store has no synchronous forms (sync)');
  const view = Object.create(store) as SessionStore & Record<string, unknown>;
  view.get = (k: string, now: number) => settle(() => sync.get(k, now));
  view.update = (k: string, write: StoreWrite, version: number, now: number, loadedExpiresAt?: number) => settle(() => sync.update(k, write, version, now, loadedExpiresAt));
  view.touch = (k: string, expiresAt: number, now: number, userId?: string | null) => settle(() => sync.touch(k, expiresAt, now, userId));
  return view;
}
