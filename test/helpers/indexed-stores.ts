/**
 * Every shipped store that has the per-user index, on its real back end (memory; SQLite in a
 * temporary WAL file; Redis at REDIS_URL under a per-run prefix; Postgres in a throwaway schema of
 * DATABASE_URL), for session-level tests that must behave the same on all of them (SR-19, SR-14).
 * Each case says whether to skip (a server unreachable outside CI; with CI set, unreachable fails),
 * makes fresh, empty stores, and cleans up in `close` (call it from an `after` hook).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import type { UserIndexedStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createPostgresStore } from '../../src/stores/postgres.ts';
import { createRedisStore } from '../../src/stores/redis.ts';
import { createSqliteStore } from '../../src/stores/sqlite.ts';
import { openTestSchema } from './postgres-test-db.ts';
import { deleteUnder, ioredisClient, REDIS_URL, redisProblem, skipUnless, START_REDIS, testPrefixes } from './redis-clients.ts';

/** One store back end. */
export interface IndexedStoreCase {
  name: 'memory' | 'SQLite' | 'Redis' | 'Postgres';
  /** A reason to skip (server unreachable outside CI), or false. */
  skip: string | false;
  /** A fresh, empty store. */
  make(): Promise<UserIndexedStore>;
  /** Closes clients and removes everything the stores wrote. Idempotent. */
  close(): Promise<void>;
}

/** The four cases. Connects to Redis and Postgres once, lazily for Redis. */
export async function indexedStoreCases(): Promise<IndexedStoreCase[]> {
  const memory: IndexedStoreCase = { name: 'memory', skip: false, make: async () => createMemoryStore(), close: async () => {} };

  const dir = mkdtempSync(join(tmpdir(), 'tessera-indexed-'));
  const dbs: Database.Database[] = [];
  const sqlite: IndexedStoreCase = {
    name: 'SQLite',
    skip: false,
    async make() {
      const db = new Database(join(dir, `${dbs.length}.db`), { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      dbs.push(db);
      return createSqliteStore({ db });
    },
    async close() {
      for (const db of dbs.splice(0)) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const redisSkip = skipUnless(await redisProblem(REDIS_URL), START_REDIS);
  const prefixes = testPrefixes();
  let io: Redis | null = null;
  const redis: IndexedStoreCase = {
    name: 'Redis',
    skip: redisSkip,
    async make() {
      io ??= await ioredisClient(REDIS_URL);
      return createRedisStore({ client: io, prefix: prefixes.next() });
    },
    async close() {
      if (io === null) return;
      await deleteUnder(io, prefixes.run);
      await io.quit();
      io = null;
    },
  };

  const opened = await openTestSchema();
  let tables = 0;
  let dropped = false;
  const postgres: IndexedStoreCase = {
    name: 'Postgres',
    skip: 'skip' in opened ? opened.skip : false,
    async make() {
      if ('skip' in opened) throw new Error(opened.skip);
      return createPostgresStore({ pool: opened.pool, schema: opened.schema, table: `t${++tables}`, createSchema: true });
    },
    async close() {
      if ('skip' in opened || dropped) return;
      dropped = true;
      await opened.drop();
    },
  };

  return [memory, sqlite, redis, postgres];
}
