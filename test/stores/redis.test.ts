// The Redis store on one server (REDIS_URL, default redis://127.0.0.1:6379) through ioredis and
// node-redis (v5, and v4 through the `redis4` alias): the conformance suite, then what the suite cannot see (the per-user index in Redis).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createRedisStore, recommendedIoredisOptions, type RedisClientLike, type RedisStore } from '../../src/stores/redis.ts';
import { BUCKETS, redisKeys, tagOf } from '../../src/stores/redis-keys.ts';
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
    let k: ReturnType<typeof redisKeys>;
    before(() => {
      s = make(io);
      k = redisKeys(prefixOf(s));
    });
    after(() => cleanUp(s));
    /** The user's index key in `key`'s bucket. */
    const indexOf = (userId: string, key: string) => k.index(tagOf(key), userId);
    const zscore = (userId: string, key: string) => io.zscore(indexOf(userId, key), key);

    test('once every entry has expired (fake clock), listByUser is empty and the index keys are gone', async () => {
      for (let i = 0; i < 5; i++) await s.create(`fake-${i}`, w('x', T0 + MINUTE + i, 'expiring'), T0);
      const indexes = [...new Set(Array.from({ length: 5 }, (_, i) => indexOf('expiring', `fake-${i}`)))];
      assert.equal((await Promise.all(indexes.map((key) => io.zcard(key)))).reduce((a, b) => a + b), 5);
      assert.equal((await s.listByUser('expiring', T0 + MINUTE)).length, 4, 'entries at their expiry are gone');
      assert.deepEqual(await s.listByUser('expiring', T0 + 2 * MINUTE), []);
      assert.equal(await io.exists(...indexes), 0);
    });

    test('with real expiry, Redis frees the entries and the index keys by itself (PXAT)', async () => {
      const now = Date.now();
      for (let i = 0; i < 3; i++) await s.create(`real-${i}`, w('x', now + 300, 'short'), now);
      assert.ok((await io.pttl(indexOf('short', 'real-0'))) > 0, 'the index carries an expiry');
      await sleep(450);
      assert.equal(await io.exists(...[0, 1, 2].flatMap((i) => [indexOf('short', `real-${i}`), k.entry(`real-${i}`)])), 0);
      assert.deepEqual(await s.listByUser('short', Date.now()), []);
    });

    test('touch extends the index in the same script, so the index outlives every live entry', async () => {
      const now = Date.now();
      await s.create('touched', w('x', now + 300, 'toucher'), now);
      assert.equal(await s.touch('touched', now + 10 * MINUTE, now, 'toucher'), true);
      await sleep(450);
      assert.deepEqual((await s.listByUser('toucher', Date.now())).map((e) => e.key), ['touched']);
      const [entryAt, indexAt] = [await io.pexpiretime(k.entry('touched')), await io.pexpiretime(indexOf('toucher', 'touched'))];
      assert.ok(indexAt >= entryAt && entryAt > Date.now() + 9 * MINUTE, `index expires at ${indexAt} >= entry at ${entryAt}`);
    });

    test('touch with a wrong or missing user hint still extends the right index (one more script)', async () => {
      await s.create('hinted', w('x', T0 + MINUTE, 'right'), T0);
      assert.equal(await s.touch('hinted', T0 + 5 * MINUTE, T0, null), true);
      assert.equal(await zscore('right', 'hinted'), String(T0 + 5 * MINUTE));
      assert.equal(await s.touch('hinted', T0 + 6 * MINUTE, T0, 'wrong'), true);
      assert.equal(await zscore('right', 'hinted'), String(T0 + 6 * MINUTE));
      assert.equal(await io.exists(indexOf('wrong', 'hinted')), 0, 'a wrong hint creates no index');
    });

    test('an update that changes the user indexes the key for the new user; the old member goes when read', async () => {
      await s.create('mover', w('x', T0 + MINUTE, 'from'), T0);
      assert.deepEqual(await s.update('mover', w('y', T0 + 2 * MINUTE, 'to'), 1, T0), { status: 'ok', version: 2 });
      assert.equal(await zscore('to', 'mover'), String(T0 + 2 * MINUTE));
      assert.equal(await zscore('from', 'mover'), String(T0 + MINUTE), 'left behind: the script cannot name the old index');
      assert.deepEqual(await s.listByUser('from', T0), []);
      assert.equal(await io.exists(indexOf('from', 'mover')), 0, 'listByUser removed the stale member');
      await s.update('mover', w('z', T0 + 2 * MINUTE, null), 2, T0);
      assert.deepEqual(await s.listByUser('to', T0), []);
      assert.equal(await io.exists(indexOf('to', 'mover')), 0, 'unbinding the user leaves no index behind once read');
      await s.update('mover', w('z', T0 + 2 * MINUTE, 'to'), 3, T0);
      await s.delete('mover');
      assert.equal(await s.deleteByUser('to'), 0, 'a deleted entry is not counted');
      assert.equal(await io.exists(indexOf('to', 'mover')), 0, 'deleteByUser removed the stale member');
    });

    test('an index member whose entry is gone or moved is never listed, and not revoked', async () => {
      await s.create('stale', w('x', T0 + MINUTE, 'ghost'), T0);
      await io.del(k.entry('stale')); // as if the entry vanished without the index hearing of it
      await s.create('elsewhere', w('x', T0 + MINUTE, 'other'), T0);
      await io.zadd(indexOf('ghost', 'elsewhere'), T0 + MINUTE, 'elsewhere');
      assert.deepEqual(await s.listByUser('ghost', T0), []);
      assert.equal(await s.deleteByUser('ghost'), 0);
      assert.equal((await s.get('elsewhere', T0))?.userId, 'other');
    });

    test('entries spread over the 64 buckets; each entry and its index share a hash tag', async () => {
      const tags = new Set(Array.from({ length: 2000 }, (_, i) => tagOf(`spread-${i}`)));
      assert.equal(tags.size, BUCKETS);
      const tagOfKey = (redisKey: string) => /\{([^}]*)\}/.exec(redisKey)?.[1];
      assert.equal(tagOfKey(k.entry('spread-1')), tagOfKey(indexOf('anyone', 'spread-1')));
      assert.equal(k.keyOfEntry(k.entry('a:b{c}*?[x]')), 'a:b{c}*?[x]');
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
      assert.throws(() => createRedisStore({ client: io, prefix: '{app}:' }), ConfigError);
    });

    test('recommendedIoredisOptions bounds retries and the connect timeout by the operation timeout (the store bounds each operation itself)', () => {
      assert.deepEqual(recommendedIoredisOptions(750), { maxRetriesPerRequest: 1, connectTimeout: 750 });
    });
  });
});
