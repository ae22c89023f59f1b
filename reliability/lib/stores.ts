/**
 * The stores the reliability experiments run against, each described by a store URL (so a
 * child process can open the same store) plus the clean-up that removes what a run wrote:
 * memory, memory with every operation deferred a turn (`memory-deferred`, see
 * counting-store.ts), SQLite (a file in a fresh temporary directory), Redis and Redis Cluster
 * (under a key prefix of their own), Postgres (in a schema of its own, dropped afterwards).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import type { SessionStore } from '../../src/session/index.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createStoreFromUrl } from '../../src/stores/url.ts';
import { deleteUnder, redisProblem } from '../../test/helpers/redis-clients.ts';
import { countingStore, deferredStore, type UpdateCounts } from './counting-store.ts';

/** The stores, by the name the reports use. */
export const STORES = ['memory', 'memory-deferred', 'sqlite', 'redis', 'redis-cluster', 'postgres'] as const;
/** One of {@link STORES}. */
export type StoreName = (typeof STORES)[number];

/** The single Redis the experiments use (as the tests do). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The Postgres database the experiments use (as the tests do). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store prepared for one run: the URL that opens it, and the clean-up of what the run wrote. */
export interface StoreSpec {
  kind: StoreName;
  /** A `createStoreFromUrl` URL, or `memory:?maxEntries=N` (see {@link openStore}). */
  url: string;
  /** Removes the run's keys, schema or file. Call after every opened store is closed. */
  cleanUp(): Promise<void>;
}

/** Options of {@link prepareStore}. */
export interface PrepareOptions {
  /** Ports of a running Redis Cluster (required for `redis-cluster`). */
  clusterPorts?: readonly number[];
  /** The memory store's bound (default: the store's own, 100,000). */
  memoryMaxEntries?: number;
}

const tag = () => randomBytes(5).toString('hex');

/**
 * Why `kind` cannot be used here (its server does not answer), or null when it can. Redis
 * Cluster is reported available: the caller starts its own (test/helpers/redis-server.ts).
 */
export async function storeProblem(kind: StoreName): Promise<string | null> {
  if (kind === 'redis') return redisProblem(REDIS_URL);
  if (kind !== 'postgres') return null;
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `no Postgres answers at ${DATABASE_URL}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Prepares a fresh place for `kind`: a temporary file, a key prefix or a schema. */
export async function prepareStore(kind: StoreName, options: PrepareOptions = {}): Promise<StoreSpec> {
  const none = async () => {};
  switch (kind) {
    case 'memory':
    case 'memory-deferred': {
      const query = options.memoryMaxEntries === undefined ? '' : `?maxEntries=${options.memoryMaxEntries}`;
      return { kind, url: `${kind === 'memory' ? 'memory:' : 'memory-deferred:'}${query}`, cleanUp: none };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-reliability-'));
      return { kind, url: `sqlite:${join(dir, 'sessions.db')}`, cleanUp: async () => rmSync(dir, { recursive: true, force: true }) };
    }
    case 'redis': {
      const prefix = `tessera-reliability:${tag()}:`;
      return {
        kind,
        url: `${REDIS_URL}?prefix=${encodeURIComponent(prefix)}`,
        cleanUp: async () => {
          const client = new Redis(REDIS_URL, { lazyConnect: true });
          try {
            await client.connect();
            await deleteUnder(client, prefix);
          } finally {
            client.disconnect();
          }
        },
      };
    }
    case 'redis-cluster': {
      const ports = options.clusterPorts;
      if (ports === undefined || ports.length === 0) throw new Error('redis-cluster needs clusterPorts (start one with startRedisCluster)');
      // One hash tag is not used on purpose: sessions spread over every master, as in production.
      const prefix = `tessera-reliability:${tag()}:`;
      return {
        kind,
        url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}?prefix=${encodeURIComponent(prefix)}`,
        cleanUp: async () => {
          const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
          client.on('error', () => {});
          try {
            await deleteUnder(client, prefix);
          } finally {
            client.disconnect();
          }
        },
      };
    }
    case 'postgres': {
      const schema = `tessera_reliability_${tag()}`;
      return {
        kind,
        url: `${DATABASE_URL}?schema=${schema}`,
        cleanUp: async () => {
          const client = new pg.Client({ connectionString: DATABASE_URL });
          await client.connect();
          try {
            await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          } finally {
            await client.end();
          }
        },
      };
    }
  }
}

/**
 * An opened store (its updates counted), how to release its client, and for the memory
 * stores `size`, the current entry count.
 */
export interface OpenedStore {
  store: SessionStore;
  counts: UpdateCounts;
  size?: () => number;
  close(): Promise<void>;
}

/**
 * Opens the store a {@link StoreSpec} URL names: `memory:` / `memory-deferred:`, optionally
 * with `?maxEntries=N` (the bound the soak checks), here; everything else through
 * `createStoreFromUrl`. The store is wrapped to count its updates and conflicts.
 */
export async function openStore(url: string): Promise<OpenedStore> {
  const counts: UpdateCounts = { updates: 0, conflicts: 0 };
  if (url.startsWith('memory:') || url.startsWith('memory-deferred:')) {
    const max = new URLSearchParams(url.split('?', 2)[1] ?? '').get('maxEntries');
    const memory = createMemoryStore(max === null ? {} : { maxEntries: Number(max) });
    const store = url.startsWith('memory:') ? memory : deferredStore(memory);
    return { store: countingStore(store, counts), counts, size: () => memory.size, close: async () => {} };
  }
  const { store, close } = await createStoreFromUrl(url);
  return { store: countingStore(store, counts), counts, close };
}
