// The shared Postgres server the store tests run against (CI starts it; see .ci/run). Each test
// file gets its own schema, dropped at the end. Outside CI an unreachable server skips the suite
// with a loud message; in CI (CI set) it fails instead, so the suite can never be skipped there.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the tests look for Postgres. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The command that starts the machine's Postgres cluster. */
export const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** A pool on the test database and a fresh schema in it. */
export interface TestSchema {
  pool: pg.Pool;
  schema: string;
  /** Errors the pool emitted (idle connections dropped); the tests expect none. */
  poolErrors: Error[];
  /** Drops the schema and ends the pool. */
  drop(): Promise<void>;
}

/**
 * Connects and creates `tessera_test_<random>`. Resolves a skip message instead when the server
 * is unreachable outside CI; rejects in CI.
 */
export async function openTestSchema(): Promise<TestSchema | { skip: string }> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 12, connectionTimeoutMillis: 5000 });
  const poolErrors: Error[] = [];
  pool.on('error', (err) => poolErrors.push(err));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    const message = `Postgres at ${DATABASE_URL} is unreachable (${(err as Error).message}); start it with: ${START_POSTGRES}`;
    if (process.env.CI) throw new Error(`${message} (CI is set, so the Postgres suite may not skip)`, { cause: err });
    console.warn(`\n*** SKIPPING the Postgres store tests: ${message} ***\n`);
    return { skip: message };
  }
  const schema = `tessera_test_${randomBytes(6).toString('hex')}`;
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    pool,
    schema,
    poolErrors,
    async drop() {
      try {
        await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
