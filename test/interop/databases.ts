/**
 * Databases for the Django store and end-to-end tests: a fresh Postgres schema per run (server
 * at postgres://postgres@127.0.0.1:5432/test, or TESSERA_TEST_POSTGRES_URL) and SQLite files in
 * a temporary directory. Postgres tests skip when no server answers, except in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import Database from 'better-sqlite3';

export const POSTGRES_URL = process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Django 3.2's DDL for the session table (spec §5.3). */
export const DJANGO_SESSION_DDL = {
  sqlite: `CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");`,
  postgres: (schema: string) => `CREATE TABLE "${schema}"."django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" timestamp with time zone NOT NULL);
CREATE INDEX ON "${schema}"."django_session" ("expire_date");`,
};

/** A unique name for this run's schema or database objects. */
export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** A pool on a fresh schema, or null when no Postgres answers (outside CI). */
export async function openPostgres(): Promise<{ pool: pg.Pool; schema: string; drop(): Promise<void> } | null> {
  const schema = uniqueName('tessera_interop');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4, options: `-c search_path=${schema}` });
  try {
    await pool.query(`CREATE SCHEMA "${schema}"`);
  } catch (error) {
    await pool.end();
    if (process.env.CI) throw error;
    return null;
  }
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** A SQLite database file in a temporary directory. */
export function openSqlite(): { db: Database.Database; path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-interop-'));
  const path = join(dir, 'db.sqlite3');
  const db = new Database(path);
  return {
    db,
    path,
    remove() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
