/**
 * The database servers some suites need (Redis at REDIS_URL, Postgres at DATABASE_URL): a
 * check before any server starts, and the pids of their processes, whose CPU time during a run
 * is the contender's own work (a store round-trip), not interference from someone else.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Suite } from '../contenders.ts';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Throws, naming what to start, when a service the suite needs does not answer within 3 s. */
export async function checkServices(suite: Suite): Promise<void> {
  for (const service of suite.services ?? []) {
    if (service === 'redis') {
      const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        await client.ping();
      } catch (error) {
        throw new Error(`the ${suite.id} suite needs Redis at ${REDIS_URL} (set REDIS_URL, or start it: redis-server --daemonize yes): ${String(error)}`, { cause: error });
      } finally {
        client.disconnect();
      }
    } else {
      const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query('select 1');
      } catch (error) {
        throw new Error(`the ${suite.id} suite needs Postgres at ${DATABASE_URL} (set DATABASE_URL, or start it: pg_ctlcluster --skip-systemctl-redirect <version> main start): ${String(error)}`, { cause: error });
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
}

/** Pids of every running redis-server and postgres process (Linux /proc; empty elsewhere). */
export function storeServerPids(): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'redis-server' || comm === 'postgres') out.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/**
 * Removes what benchmark servers left in Redis (keys under `tbench:`) and Postgres (schemas
 * `tbench_*`). Errors are reported, not thrown: cleaning must not hide the run's own result.
 */
export async function cleanBenchData(suite: Suite): Promise<void> {
  await cleanServices(suite.services ?? []);
}

/** {@link cleanBenchData} for the named services. Errors are reported, not thrown. */
export async function cleanServices(services: ReadonlyArray<'redis' | 'postgres'>): Promise<void> {
  if (services.includes('redis')) {
    const client = new Redis(REDIS_URL, { connectTimeout: 3000, maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', 'tbench:*', 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await client.unlink(...keys);
      } while (cursor !== '0');
    } catch (error) {
      console.error(`could not remove the benchmark's Redis keys (tbench:*): ${String(error)}`);
    } finally {
      client.disconnect();
    }
  }
  if (services.includes('postgres')) {
    const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tbench\\_%'");
      for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    } catch (error) {
      console.error(`could not remove the benchmark's Postgres schemas (tbench_*): ${String(error)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
