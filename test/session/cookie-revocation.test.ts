/**
 * SR-16: sessions that live in the cookie can still be revoked (`cookieMode.revocation`).
 * Logout, "log out everywhere", regenerate, spill, the verified-token cache, cookies issued
 * before revocation was on, and the cost in store calls; on the memory store, SQLite and Redis
 * (real servers, nothing mocked), in signed and sealed mode on both crypto back ends.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { ConfigError } from '../../src/errors.ts';
import type { Session } from '../../src/session/session.ts';
import type { SessionManagerOptions } from '../../src/session/options.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createSqliteStore } from '../../src/stores/sqlite.ts';
import { createRedisStore } from '../../src/stores/redis.ts';
import { countStoreCalls } from '../helpers/round-trip-counters.ts';
import { deleteUnder, ioredisClient, REDIS_URL, redisProblem, skipUnless, START_REDIS, testPrefixes } from '../helpers/redis-clients.ts';
import { cookieClient, makeManager } from './helpers.ts';

type Data = Record<string, unknown>;
type Manager = ReturnType<typeof makeManager>['manager'];
type Client = ReturnType<typeof cookieClient>;

const COOKIE_MODES = ['signed', 'sealed', 'signed (Web Crypto)', 'sealed (Web Crypto)'] as const;
type CookieModeName = (typeof COOKIE_MODES)[number];

/** One request: load the client's cookie, run `fn`, commit, keep what the response set. */
async function request(manager: Manager, client: Client, fn: (s: Session<Data>) => unknown = () => {}) {
  const s = manager.load(client.header());
  const result = await fn(s);
  const headers = await manager.commit(s);
  client.receive(headers);
  return { result, session: s, setCookies: client.setCookieLines(headers) };
}

/** A browser holding a copy of `client`'s cookies as they are now (a stolen or backed-up cookie). */
function copyOf(client: Client): Client {
  const copy = cookieClient();
  for (const [name, c] of client.cookies) copy.cookies.set(name, { ...c });
  return copy;
}

/** Logs `client` in as `userId` the recommended way: regenerate, then bind. */
const login = (manager: Manager, client: Client, userId: string) =>
  request(manager, client, (s) => {
    s.regenerate();
    s.bindUser(userId);
    s.set('name', userId);
  });

/** Who the client's cookie says is logged in (null: nobody, a fresh session). */
const whoAmI = async (manager: Manager, client: Client) => (await request(manager, client, (s) => s.load().then(() => s.userId))).result;

/** A revocation-enabled manager for `mode` over `store`, recording `onInvalidCookie` reasons. */
function revocable(mode: CookieModeName, store: SessionStore, extra: Partial<SessionManagerOptions<Data>> = {}) {
  const reasons: string[] = [];
  const made = makeManager(mode, { cookieMode: { revocation: { store } }, onInvalidCookie: (e) => reasons.push(e.reason), ...extra });
  return { ...made, reasons };
}

const noise = (n: number) => randomBytes(n).toString('base64url').slice(0, n);

// The stores the behaviour runs on: memory, SQLite (a file per store), Redis (a prefix per store).
const sqliteDir = mkdtempSync(join(tmpdir(), 'tessera-revocation-'));
after(() => rmSync(sqliteDir, { recursive: true, force: true }));
const sqliteDbs: Database.Database[] = [];
after(() => sqliteDbs.forEach((db) => db.close()));
const redisSkip = skipUnless(await redisProblem(REDIS_URL), START_REDIS);
const prefixes = testPrefixes();
let redis: Redis | null = null;
after(async () => {
  if (redis === null) return;
  await deleteUnder(redis, prefixes.run);
  redis.disconnect();
});

const STORES: Array<{ name: string; skip: string | false; make: () => Promise<SessionStore> }> = [
  { name: 'memory', skip: false, make: async () => createMemoryStore() },
  {
    name: 'SQLite',
    skip: false,
    make: async () => {
      const db = new Database(join(sqliteDir, `${sqliteDbs.length}.db`));
      sqliteDbs.push(db);
      return createSqliteStore({ db });
    },
  },
  {
    name: 'Redis',
    skip: redisSkip,
    make: async () => {
      redis ??= await ioredisClient(REDIS_URL);
      return createRedisStore({ client: redis, prefix: prefixes.next() });
    },
  },
];

for (const kind of STORES) {
  for (const mode of COOKIE_MODES) {
    describe(`cookie revocation on ${kind.name}: ${mode}`, { skip: kind.skip }, () => {
      test('logout then replay of the old cookie gives a fresh session and reason "revoked" (SR-16)', async () => {
        const { manager, reasons } = revocable(mode, await kind.make());
        const browser = cookieClient();
        await login(manager, browser, 'alice');
        const stolen = copyOf(browser);
        assert.equal(await whoAmI(manager, stolen), 'alice'); // the copy works while the session lives
        await request(manager, browser, (s) => s.destroy());
        assert.equal(browser.header(), null);

        const replay = await request(manager, stolen, (s) => s.get('name'));
        assert.equal(replay.result, undefined);
        assert.equal(replay.session.isNew, true);
        assert.equal(replay.session.userId, null);
        assert.equal(reasons.at(-1), 'revoked');

        // An anonymous session (a cart) is revoked by its logout too.
        const visitor = cookieClient();
        await request(manager, visitor, (s) => s.set('cart', ['book']));
        const copy = copyOf(visitor);
        await request(manager, visitor, (s) => s.destroy());
        assert.equal((await request(manager, copy, (s) => s.get('cart'))).result, undefined);
        assert.equal(reasons.at(-1), 'revoked');
      });

      test('log out everywhere refuses every earlier cookie of the user; a new login works (SR-16)', async () => {
        const { manager, reasons } = revocable(mode, await kind.make());
        const phone = cookieClient();
        const laptop = cookieClient();
        const bob = cookieClient();
        await login(manager, phone, 'alice');
        await login(manager, laptop, 'alice');
        await login(manager, bob, 'bob');
        const laptopBefore = copyOf(laptop);

        // "Log out everywhere else", from the laptop.
        const revoked = await request(manager, laptop, async (s) => {
          await s.load();
          return manager.revokeSessions('alice', { except: s });
        });
        assert.equal(revoked.result, 0); // cookies are not counted
        assert.equal(revoked.setCookies.length, 1, 'the laptop is re-issued under the new generation');

        assert.equal(await whoAmI(manager, phone), null);
        assert.equal(reasons.at(-1), 'revoked');
        assert.equal(await whoAmI(manager, laptopBefore), null, "the laptop's own earlier cookie is refused too");
        assert.equal(await whoAmI(manager, laptop), 'alice');
        assert.equal(await whoAmI(manager, bob), 'bob', 'another user is untouched');

        // A new login on the phone works; then "log out everywhere" without exception ends both.
        await login(manager, phone, 'alice');
        assert.equal(await whoAmI(manager, phone), 'alice');
        assert.equal(await manager.revokeSessions('alice'), 0);
        assert.equal(await whoAmI(manager, phone), null);
        assert.equal(await whoAmI(manager, laptop), null);
        await login(manager, laptop, 'alice');
        assert.equal(await whoAmI(manager, laptop), 'alice');
      });

      test('regenerate and a change of bound user revoke the earlier cookie (SR-16, SR-6)', async () => {
        const { manager, reasons } = revocable(mode, await kind.make());
        const browser = cookieClient();
        await request(manager, browser, (s) => s.set('cart', ['pen']));
        const preLogin = copyOf(browser);
        await login(manager, browser, 'carol');
        assert.equal((await request(manager, preLogin, (s) => s.get('cart'))).result, undefined);
        assert.equal(reasons.at(-1), 'revoked');
        assert.deepEqual((await request(manager, browser, (s) => s.get('cart'))).result, ['pen'], 'data carried over');

        // bindUser(null) without destroy is a logout too: the user-bound cookie is refused afterwards.
        const loggedIn = copyOf(browser);
        await request(manager, browser, (s) => s.bindUser(null));
        assert.equal(await whoAmI(manager, loggedIn), null);
        assert.equal(reasons.at(-1), 'revoked');
        assert.deepEqual((await request(manager, browser, (s) => s.get('cart'))).result, ['pen']);
      });

      test('the verified-token cache does not let a revoked cookie through (SR-16)', async () => {
        const store = await kind.make();
        const { manager, reasons } = revocable(mode, store, { cookieMode: { revocation: { store }, verifiedCacheSize: 10 } });
        const browser = cookieClient();
        await login(manager, browser, 'dave');
        const stolen = copyOf(browser);
        for (let i = 0; i < 3; i++) assert.equal(await whoAmI(manager, stolen), 'dave'); // verified once, then served by the cache
        await request(manager, browser, (s) => s.destroy());
        for (let i = 0; i < 2; i++) {
          assert.equal(await whoAmI(manager, copyOf(stolen)), null);
          assert.equal(reasons.at(-1), 'revoked');
        }
      });

      test('a spilled session keeps working and is revoked like any other (SR-16)', async () => {
        const store = await kind.make();
        const { manager, reasons } = revocable(mode, store, { spill: { store, maxCookieBytes: 300 } });
        const browser = cookieClient();
        await login(manager, browser, 'erin');
        const big = noise(2000);
        await request(manager, browser, (s) => s.set('big', big));
        assert.ok(browser.cookies.get('__Host-session')!.value.length < 400, 'the cookie carries a reference');
        assert.equal((await request(manager, browser, (s) => s.get('big'))).result, big);
        const stolen = copyOf(browser);

        assert.equal(await manager.revokeSessions('erin'), 0);
        assert.equal((await request(manager, stolen, (s) => s.get('big'))).result, undefined);
        assert.equal(reasons.at(-1), 'revoked');

        // A new login spills again; its logout refuses the copy (its entry is gone, and its id revoked).
        const again = cookieClient();
        await login(manager, again, 'erin');
        await request(manager, again, (s) => s.set('big', big));
        const copy = copyOf(again);
        assert.equal((await request(manager, copy, (s) => s.get('big'))).result, big);
        await request(manager, again, (s) => s.destroy());
        assert.equal((await request(manager, copy, (s) => s.get('big'))).result, undefined);
        assert.ok(['revoked', 'unknown-session'].includes(reasons.at(-1)!));
      });
    });
  }
}

describe('cookie revocation: cost, compatibility, configuration', () => {
  for (const mode of COOKIE_MODES) {
    test(`${mode}: with revocation on, loading a cookie costs one store get (SR-16)`, async () => {
      const { store, counter } = countStoreCalls(createMemoryStore());
      const { manager } = revocable(mode, store);
      const browser = cookieClient();
      await login(manager, browser, 'frank');
      counter.reset();
      assert.equal(await whoAmI(manager, browser), 'frank');
      assert.deepEqual(counter.calls, ['get'], 'a user-bound cookie: its user entry');
      const visitor = cookieClient();
      await request(manager, visitor, (s) => s.set('x', 1));
      counter.reset();
      assert.equal((await request(manager, visitor, (s) => s.get('x'))).result, 1);
      assert.deepEqual(counter.calls, ['get'], "an anonymous cookie: its id's entry");
      counter.reset();
      await request(manager, cookieClient(), (s) => s.get('x'));
      assert.deepEqual(counter.calls, [], 'no cookie: no store call');
    });

    test(`${mode}: revocation off: no store call, synchronous commits, no id in the cookie (SR-16)`, async () => {
      const { store, counter } = countStoreCalls(createMemoryStore());
      // A store is present (spill), but revocation is off: small sessions never touch it.
      const { manager } = makeManager(mode, { spill: { store, maxCookieBytes: 2048 } });
      const browser = cookieClient();
      await login(manager, browser, 'gina');
      const stolen = copyOf(browser);
      assert.equal(await whoAmI(manager, browser), 'gina');
      await request(manager, browser, (s) => s.destroy());
      assert.equal(await whoAmI(manager, stolen), 'gina', 'without revocation a copied cookie outlives logout (documented)');
      assert.deepEqual(counter.calls, []);

      const plain = makeManager(mode, { cookieMode: { compress: false } }).manager;
      const s = plain.load(null);
      await s.load();
      s.bindUser('gina');
      const headers = plain.commitSync(s);
      if (mode.includes('Web Crypto')) assert.equal(headers, null);
      else assert.ok(headers !== null && headers.some(([n]) => n === 'Set-Cookie'), 'a node:crypto cookie-mode commit stays synchronous');
      if (mode === 'signed') {
        const value = cookieClient();
        value.receive(headers!);
        const payload = Buffer.from(value.cookies.get('__Host-session')!.value.split('.')[3]!, 'base64url').toString();
        assert.doesNotMatch(payload, /"s":|"g":/, 'no session id or generation in the payload');
      }
    });

    test(`${mode}: a cookie issued before revocation was on is re-issued with an id, and its user's generation applies (SR-16)`, async () => {
      const { manager: before } = makeManager(mode);
      const browser = cookieClient();
      await login(before, browser, 'hank');
      const old = copyOf(browser);
      const { store, counter } = countStoreCalls(createMemoryStore());
      const { manager, reasons } = revocable(mode, store);
      const upgraded = await request(manager, browser, (s) => s.load().then(() => s.userId));
      assert.equal(upgraded.result, 'hank');
      assert.equal(upgraded.setCookies.length, 1, 're-issued with an id on its first request');
      assert.deepEqual(counter.calls, ['get']);
      await manager.revokeSessions('hank');
      assert.equal(await whoAmI(manager, old), null, 'the pre-revocation cookie (no id) falls to the user generation');
      assert.equal(reasons.at(-1), 'revoked');
      assert.equal(await whoAmI(manager, browser), null);
    });
  }

  test('revocation entries never appear in a shared store\'s per-user index (SR-16)', async () => {
    const store = createMemoryStore();
    const { manager, clock } = revocable('signed', store);
    const browser = cookieClient();
    await login(manager, browser, 'ivy');
    await request(manager, browser, (s) => s.destroy());
    await manager.revokeSessions('ivy');
    assert.ok(store.size >= 1, 'the revocations are in the store');
    assert.deepEqual(await store.listByUser('ivy', clock.now()), []);
  });

  test('cookieMode.revocation is validated at start-up; listSessions and revokeSession stay server-mode only (SR-16)', async () => {
    const store = createMemoryStore();
    assert.throws(() => makeManager('server (memory)', { cookieMode: { revocation: { store } } }), (e: unknown) => e instanceof ConfigError && /cookieMode\.revocation/.test(e.message));
    assert.throws(() => makeManager('sealed', { cookieMode: { revocation: { store: {} as SessionStore } } }), (e: unknown) => e instanceof ConfigError && /cookieMode\.revocation\.store/.test(e.message));
    const { manager } = revocable('sealed', store);
    await assert.rejects(manager.listSessions('x'), ConfigError);
    await assert.rejects(manager.revokeSession('x', 'handle'), ConfigError);
  });
});
