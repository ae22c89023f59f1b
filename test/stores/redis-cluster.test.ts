// The Redis store on a 3-master Redis Cluster this file creates itself (free loopback ports, temp
// dirs, torn down in `after`), through ioredis Cluster and node-redis createCluster (v5 and v4).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from 'ioredis';
import { runStoreConformance } from '../../src/testing/store-conformance.ts';
import { BUCKET_TAGS, redisKeys, slotOf, tagOf } from '../../src/stores/redis-keys.ts';
import { deleteUnder, ioredisCluster, keysUnder, nodeRedis4Cluster, nodeRedisCluster, skipUnless, testPrefixes, prefixedStores } from '../helpers/redis-clients.ts';
import { redisBinariesAvailable, startRedisCluster, type RedisCluster } from '../helpers/redis-server.ts';

const skip = skipUnless(redisBinariesAvailable ? null : 'redis-server/redis-cli not on PATH', 'apt-get install redis-server (the tests start their own cluster)');
const prefixes = testPrefixes();
const T0 = Date.UTC(2030, 0, 1);

describe('redis store on a 3-master cluster', { skip }, () => {
  let cluster: RedisCluster | undefined;
  let io: Cluster;
  let nr: Awaited<ReturnType<typeof nodeRedisCluster>>;
  let nr4: Awaited<ReturnType<typeof nodeRedis4Cluster>>;
  const { make, cleanUp, prefixOf } = prefixedStores(prefixes, () => io);

  before(async () => {
    cluster = await startRedisCluster(3);
    const ports = cluster.nodes.map((n) => n.port);
    io = await ioredisCluster(ports);
    nr = await nodeRedisCluster(ports);
    nr4 = await nodeRedis4Cluster(ports);
  });
  after(async () => {
    try {
      if (io !== undefined) {
        await deleteUnder(io, prefixes.run);
        assert.deepEqual(await keysUnder(io, prefixes.run), []);
        await io.quit();
      }
      await nr?.close();
      await nr4?.quit();
    } finally {
      await cluster?.stop();
    }
  });

  runStoreConformance({ name: 'redis cluster (ioredis)', harness: { describe, test }, createStore: () => make(io), destroyStore: cleanUp });
  runStoreConformance({ name: 'redis cluster (node-redis)', harness: { describe, test }, createStore: () => make(nr), destroyStore: cleanUp });
  runStoreConformance({ name: 'redis cluster (node-redis v4)', harness: { describe, test }, createStore: () => make(nr4), destroyStore: cleanUp });

  test('the server hashes the 64 bucket tags to evenly spaced slots; an entry and its user index share a slot', async () => {
    const keySlot = async (key: string) => Number(await io.cluster('KEYSLOT', key));
    const slots = await Promise.all(BUCKET_TAGS.map((tag) => keySlot(`anything{${tag}}`)));
    assert.deepEqual(slots.map((slot) => Math.floor(slot / 256)), BUCKET_TAGS.map((_, i) => i));
    assert.deepEqual(slots, BUCKET_TAGS.map(slotOf));
    const k = redisKeys('app:');
    for (const key of ['spread-1', 'a:b{c}*?[x]', 'AZaz09-_AZaz09-_AZaz09-_AZaz09-_AZaz09-_abc']) {
      assert.equal(await keySlot(k.entry(key)), await keySlot(k.index(tagOf(key), 'user{1}')));
    }
  });

  for (const [name, client] of [['ioredis', () => io], ['node-redis', () => nr], ['node-redis v4', () => nr4]] as const) {
    test(`${name}: one user's sessions spread over every master are listed, paged and revoked together`, async () => {
      const s = make(client());
      const keys = Array.from({ length: 40 }, (_, i) => `spread-${i}`);
      for (const key of keys) await s.create(key, { data: key, expiresAt: T0 + 60_000, userId: 'everywhere' }, T0);
      const perNode = await Promise.all(io.nodes('master').map(async (node) => (await node.keys(`${prefixOf(s)}s:*`)).length));
      assert.equal(perNode.length, 3);
      assert.ok(perNode.every((n) => n > 0), `entries on every master: ${perNode.join(', ')}`);

      assert.deepEqual((await s.listByUser('everywhere', T0)).map((e) => e.key).sort(), [...keys].sort());
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await s.list({ cursor, limit: 6 }, T0);
        assert.ok(page.entries.length <= 6);
        listed.push(...page.entries.map((e) => e.key));
        cursor = page.cursor;
      } while (cursor !== null);
      assert.deepEqual(listed.sort(), [...keys].sort());

      assert.equal(await s.deleteByUser('everywhere', ['spread-0']), 39);
      assert.deepEqual((await s.listByUser('everywhere', T0)).map((e) => e.key), ['spread-0']);
      await cleanUp(s);
    });
  }
});
