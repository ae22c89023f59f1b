/**
 * The real stores the store and framework suites' servers use, each private to one server
 * process: Redis keys under `tbench:<pid>:`, a Postgres schema `tbench_<pid>`, an SQLite file
 * `tbench-<pid>.db` in the temporary directory (removed at exit). The harness removes what
 * any server left behind (see `cleanBenchData` in ../lib/services.ts).
 * @module
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStoreFromUrl, type StoreFromUrl } from '../../../src/stores/url.ts';
import { DATABASE_URL, REDIS_URL } from '../lib/services.ts';

/** Prefix of every Redis key and Postgres schema a benchmark server creates. */
export const BENCH_TAG = 'tbench';
/** This process's own tag: `tbench_<pid>` (schema) / `tbench:<pid>:` (Redis prefix). */
export const SCHEMA = `${BENCH_TAG}_${process.pid}`;
export const REDIS_PREFIX = `${BENCH_TAG}:${process.pid}:`;
export const SQLITE_FILE = join(tmpdir(), `${BENCH_TAG}-${process.pid}.db`);

export type StoreKind = 'redis' | 'postgres' | 'sqlite';

/** The store URL of `kind` for this process (see `createStoreFromUrl`). */
export function benchStoreUrl(kind: StoreKind): string {
  const join = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;
  if (kind === 'redis') return join(REDIS_URL, `prefix=${encodeURIComponent(REDIS_PREFIX)}`);
  if (kind === 'postgres') return join(DATABASE_URL, `schema=${SCHEMA}`);
  return `sqlite:${SQLITE_FILE}`;
}

/** Opens this process's store of `kind` through `createStoreFromUrl`, as an app configured by URL would. */
export async function openBenchStore(kind: StoreKind): Promise<StoreFromUrl> {
  if (kind === 'sqlite') {
    process.once('exit', () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(SQLITE_FILE + suffix, { force: true });
    });
  }
  return createStoreFromUrl(benchStoreUrl(kind));
}
