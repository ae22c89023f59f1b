// The Redis store on one server (REDIS_URL, default redis://127.0.0.1:6379) through ioredis and
// node-redis (v5, and v4 through the `redis4` alias): the conformance suite, then what the suite cannot see (the per-user index in Redis).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createRedisStore, recommendedIoredisOptions, type RedisClientLike, type RedisStore } from '../../src/stores/redis.ts';
import { runStoreConformance } from '../../src/testing/store-conformance.ts';
import { ConfigError } from '../../src/errors.ts';
import { deleteUnder, ioredisClient, keysUnder, nodeRedis4Client, nodeRedisClient, REDIS_URL, redisProblem, skipUnless, START_REDIS, testPrefixes, prefixedStores } from '../helpers/redis-clients.ts';

const skip = skipUnless(await redisProblem(REDIS_URL), START_REDIS);
const prefixes = testPrefixes();
const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const w = (data: string, expiresAt: number, userId: string | null) => ({ data, expiresAt, userId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('redis store on one server', { skip }, () => {
  let io: Redis;
  let nr: Awaited<ReturnType<typeof nodeRedisClient>>;
  let nr4: Awaited<ReturnType<typeof nodeRedis4Client>>;
  const { make, cleanUp, prefixOf } = prefixedStores(prefixes, () => io);

  before(async () => {
    io = await ioredisClient(REDIS_URL);
    nr = await nodeRedisClient(REDIS_URL);
    nr4 = await nodeRedis4Client(REDIS_URL);
  });
  after(async () => {
    if (io !== undefined) {
      await deleteUnder(io, prefixes.run);
      assert.deepEqual(await keysUnder(io, prefixes.run), [], 'the run left no keys behind');
      await io.quit();
    }
    await nr?.close();
    await nr4?.quit();
  });

  runStoreConformance({ name: 'redis (ioredis)', harness: { describe, test }, createStore: () => make(io), destroyStore: cleanUp });
  runStoreConformance({ name: 'redis (node-redis)', harness: { describe, test }, createStore: () => make(nr), destroyStore: cleanUp });
  runStoreConformance({ name: 'redis (node-redis v4)', harness: { describe, test }, createStore: () => make(nr4), destroyStore: cleanUp });

  describe('per-user index', () => {
    let s: RedisStore;
    let prefix: string;
    before(() => {
      s = make(io);
      prefix = prefixOf(s);
    });
    after(() => cleanUp(s));
    const zscore = (userId: string, key: string) => io.zscore(`${prefix}u:${userId}`, key);

    test('once every entry has expired (fake clock), listByUser is empty and the index key is gone', async () => {
      for (let i = 0; i < 5; i++) await s.create(`fake-${i}`, w('x', T0 + MINUTE + i, 'expiring'), T0);
      assert.equal(await io.zcard(`${prefix}u:expiring`), 5);
      assert.equal((await s.listByUser('expiring', T0 + MINUTE)).length, 4, 'entries at their expiry are gone');
      assert.deepEqual(await s.listByUser('expiring', T0 + 2 * MINUTE), []);
      assert.equal(await io.exists(`${prefix}u:expiring`), 0);
    });

    test('with real expiry, Redis frees the entries and the index key by itself (PXAT)', async () => {
      const now = Date.now();
      for (let i = 0; i < 3; i++) await s.create(`real-${i}`, w('x', now + 300, 'short'), now);
      assert.ok((await io.pttl(`${prefix}u:short`)) > 0, 'the index carries an expiry');
      await sleep(450);
      assert.equal(await io.exists(`${prefix}u:short`, ...[0, 1, 2].map((i) => `${prefix}s:real-${i}`)), 0);
      assert.deepEqual(await s.listByUser('short', Date.now()), []);
    });

    test('touch extends the index before the entry, so the index outlives every live entry', async () => {
      const now = Date.now();
      await s.create('touched', w('x', now + 300, 'toucher'), now);
      assert.equal(await s.touch('touched', now + 10 * MINUTE, now), true);
      await sleep(450);
      assert.deepEqual((await s.listByUser('toucher', Date.now())).map((e) => e.key), ['touched']);
      const [entryTtl, indexTtl] = [await io.pttl(`${prefix}s:touched`), await io.pttl(`${prefix}u:toucher`)];
      assert.ok(indexTtl >= entryTtl && entryTtl > 9 * MINUTE, `index ttl ${indexTtl} >= entry ttl ${entryTtl}`);
    });

    test('an update that changes the user moves the key between indexes; delete removes it', async () => {
      await s.create('mover', w('x', T0 + MINUTE, 'from'), T0);
      assert.deepEqual(await s.update('mover', w('y', T0 + 2 * MINUTE, 'to'), 1, T0), { status: 'ok', version: 2 });
      assert.equal(await zscore('from', 'mover'), null);
      assert.equal(await zscore('to', 'mover'), String(T0 + 2 * MINUTE));
      assert.equal(await io.exists(`${prefix}u:from`), 0);
      await s.update('mover', w('z', T0 + 2 * MINUTE, null), 2, T0);
      assert.equal(await io.exists(`${prefix}u:to`), 0, 'unbinding the user leaves no index behind');
      await s.update('mover', w('z', T0 + 2 * MINUTE, 'to'), 3, T0);
      await s.delete('mover');
      assert.equal(await io.exists(`${prefix}u:to`), 0);
    });

    test('an index member whose entry is gone or moved is never listed, and not revoked', async () => {
      await s.create('stale', w('x', T0 + MINUTE, 'ghost'), T0);
      await io.del(`${prefix}s:stale`); // as if the entry vanished without the index hearing of it
      await s.create('elsewhere', w('x', T0 + MINUTE, 'other'), T0);
      await io.zadd(`${prefix}u:ghost`, T0 + MINUTE, 'elsewhere');
      assert.deepEqual(await s.listByUser('ghost', T0), []);
      assert.equal(await s.deleteByUser('ghost'), 0);
      assert.equal((await s.get('elsewhere', T0))?.userId, 'other');
    });
  });

  describe('list', () => {
    test('pages never exceed the limit and reject a forged cursor', async () => {
      const s = make(nr);
      for (let i = 0; i < 30; i++) await s.create(`l${String(i).padStart(2, '0')}`, w('x', T0 + MINUTE, null), T0);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await s.list({ cursor, limit: 4 }, T0);
        assert.ok(page.entries.length <= 4);
        seen.push(...page.entries.map((e) => e.key));
        cursor = page.cursor;
      } while (cursor !== null);
      assert.equal(new Set(seen).size, 30);
      await assert.rejects(s.list({ cursor: 'not-a-cursor' }, T0), TypeError);
      await cleanUp(s);
    });
  });

  describe('options', () => {
    test('an unknown client, a bad prefix or timeout is a ConfigError', () => {
      assert.throws(() => createRedisStore({ client: {} as RedisClientLike }), ConfigError);
      assert.throws(() => createRedisStore({ client: io, operationTimeoutMs: 0 }), ConfigError);
      assert.throws(() => createRedisStore({ client: io, operationTimeoutMs: Number.NaN }), ConfigError);
      assert.throws(() => createRedisStore({ client: io, prefix: 1 as unknown as string }), ConfigError);
    });

    test('recommendedIoredisOptions bounds retries and timeouts by the operation timeout', () => {
      assert.deepEqual(recommendedIoredisOptions(750), { maxRetriesPerRequest: 1, connectTimeout: 750, commandTimeout: 750 });
    });
  });
});
