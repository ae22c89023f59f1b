/**
 * Clients, key prefixes, clean-up and skip rules for the Redis store tests. Every test run gets
 * its own prefix (`tessera-test:<random>:`) and deletes what it wrote. Outside CI, tests whose
 * server is unavailable skip with a loud message saying how to start one; with `CI` set they fail.
 */
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { createClient as createClientV4, createCluster as createClusterV4 } from 'redis4';
import { createRedisStore, recommendedIoredisOptions, type NodeRedisClientLike, type NodeRedisClusterLike, type RedisClientLike, type RedisStore } from '../../src/stores/redis.ts';

/** The shared server the single-node tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How to start the shared server (as CI does). */
export const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

/** Why no Redis answers at `url`, or null when one does. */
export async function redisProblem(url: string): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `no Redis answers at ${url}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    client.disconnect();
  }
}

/**
 * The `skip` option for tests that need something: false when `problem` is null; outside CI a
 * reason (announced loudly on stderr with `hint`); with `CI` set it throws, since CI never skips.
 */
export function skipUnless(problem: string | null, hint: string): string | false {
  if (problem === null) return false;
  if (process.env.CI) throw new Error(`${problem} (CI is set, so the Redis tests may not skip)`);
  console.warn(`\n!!! SKIPPING Redis store tests: ${problem}\n!!! to run them: ${hint}\n`);
  return problem;
}

/** A prefix unique to this test run, and a factory of sub-prefixes (one per store). */
export function testPrefixes(): { run: string; next: () => string } {
  const run = `tessera-test:${randomBytes(6).toString('hex')}:`;
  let n = 0;
  return { run, next: () => `${run}${n++}:` };
}

const ignore = () => {};

/** An ioredis client with the recommended options, ready. Errors go to `onError` (default: ignored). */
export async function ioredisClient(url: string, onError: (error: Error) => void = ignore): Promise<Redis> {
  const client = new Redis(url, recommendedIoredisOptions());
  client.on('error', onError);
  await once(client, 'ready');
  return client;
}

/** A connected node-redis client with the recommended options. */
export async function nodeRedisClient(url: string, onError: (error: Error) => void = ignore) {
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', onError);
  await client.connect();
  return client;
}

/** What the tests use of a node-redis v4 client or cluster: the store's view, and `quit`. */
type V4<T> = T & { quit(): Promise<unknown> };

/** A connected node-redis v4 client (the `redis4` alias of redis@4), as {@link nodeRedisClient}. */
export async function nodeRedis4Client(url: string): Promise<V4<NodeRedisClientLike>> {
  const client = createClientV4({ url, disableOfflineQueue: true });
  client.on('error', ignore);
  await client.connect();
  return client;
}

/** An ioredis Cluster client, ready. */
export async function ioredisCluster(ports: number[]): Promise<Cluster> {
  const client = new Cluster(
    ports.map((port) => ({ host: '127.0.0.1', port })),
    { redisOptions: recommendedIoredisOptions() },
  );
  client.on('error', ignore);
  await once(client, 'ready');
  return client;
}

/** A connected node-redis cluster client. */
export async function nodeRedisCluster(ports: number[]) {
  const client = createCluster({ rootNodes: ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
  client.on('error', ignore);
  await client.connect();
  return client;
}

/** A connected node-redis v4 cluster client. */
export async function nodeRedis4Cluster(ports: number[]): Promise<V4<NodeRedisClusterLike>> {
  const client = createClusterV4({ rootNodes: ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
  client.on('error', ignore);
  await client.connect();
  return client;
}

const masters = (client: Redis | Cluster): Redis[] => (client instanceof Cluster ? client.nodes('master') : [client]);
const pattern = (prefix: string) => `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;

/** Every key under `prefix`, on every master. */
export async function keysUnder(client: Redis | Cluster, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const node of masters(client)) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern(prefix), 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/** Deletes every key under `prefix`, on every master (one key per DEL: keys may be in different slots). */
export async function deleteUnder(client: Redis | Cluster, prefix: string): Promise<void> {
  for (const node of masters(client)) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern(prefix), 'COUNT', 1000);
      await Promise.all(found.map((key) => node.del(key)));
      cursor = next;
    } while (cursor !== '0');
  }
}

/**
 * Makes Redis stores under fresh prefixes of `prefixes`, and removes a store's keys afterwards
 * through `cleaner()` (an ioredis client or cluster, read when cleaning so it may be connected later).
 */
export function prefixedStores(prefixes: { next: () => string }, cleaner: () => Redis | Cluster) {
  const storePrefix = new WeakMap<object, string>();
  return {
    make(client: RedisClientLike): RedisStore {
      const prefix = prefixes.next();
      const store = createRedisStore({ client, prefix });
      storePrefix.set(store, prefix);
      return store;
    },
    cleanUp: (store: object) => deleteUnder(cleaner(), storePrefix.get(store)!),
    /** The key prefix `make` gave `store`. */
    prefixOf: (store: object) => storePrefix.get(store)!,
  };
}
