/**
 * A tessera session store over Django's `django_session` table in PostgreSQL
 * (specs/python-interop.md §5.3): `session_key` is the store key, `session_data` the data (as
 * Django encodes it), `expire_date` (timestamptz) the expiry. Django and tessera read and
 * write the same rows. Each operation is one SQL statement.
 *
 * Differences from the store contract (src/session/store.ts), because the table is Django's:
 * keys are at most 40 characters; versions are fingerprints of the data (store-common.ts),
 * not counters; `userId` is not kept (`get` gives null) and there is no per-user index.
 * @module
 */
import { StoreError } from '../../errors.ts';
import type { SessionStore, StoreListEntry, UpdateResult } from '../../session/store.ts';
import { checkKey, fitsKey, PG_VERSION_SQL, quoteIdentifier } from './store-common.ts';

/** The part of a `pg` Pool (or Client) the store uses. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Options of {@link createDjangoPostgresStore}. */
export interface DjangoPostgresStoreOptions {
  /** Table name, default `django_session`. */
  table?: string;
  /** Schema, default none (the connection's `search_path`). */
  schema?: string;
}

interface Row {
  session_key: string;
  session_data: string;
  expire_date: Date | string;
  version: string | number;
}

const toMs = (d: Date | string) => (d instanceof Date ? d.getTime() : Date.parse(d));

/** Creates the store over an already-connected `pg` Pool or Client. @throws ConfigError for a bad table or schema name. */
export function createDjangoPostgresStore(client: PgQueryable, options: DjangoPostgresStoreOptions = {}): SessionStore {
  const table = (options.schema === undefined ? '' : quoteIdentifier(options.schema, 'schema') + '.') + quoteIdentifier(options.table ?? 'django_session', 'table');
  const name = 'django-postgres';
  const run = async (operation: string, text: string, values: unknown[]) => {
    try {
      return await client.query(text, values);
    } catch (error) {
      throw new StoreError(name, operation, error);
    }
  };
  const select = `SELECT session_key, session_data, expire_date, ${PG_VERSION_SQL} AS version FROM ${table}`;
  const entry = (r: Row): StoreListEntry => ({ key: r.session_key, data: r.session_data, expiresAt: toMs(r.expire_date), version: Number(r.version), userId: null });

  return {
    name,
    async get(key, now) {
      if (!fitsKey(key)) return null;
      const { rows } = await run('get', `${select} WHERE session_key = $1 AND expire_date > $2`, [key, new Date(now)]);
      const row = rows[0] as Row | undefined;
      if (row === undefined) return null;
      const { key: _key, ...record } = entry(row);
      return record;
    },
    async create(key, write, now) {
      checkKey(key);
      // Insert, or replace an expired row: one statement (SR-17 needs create never to overwrite a live one).
      const result = await run(
        'create',
        `INSERT INTO ${table} AS t (session_key, session_data, expire_date) VALUES ($1, $2, $3)
         ON CONFLICT (session_key) DO UPDATE SET session_data = EXCLUDED.session_data, expire_date = EXCLUDED.expire_date
         WHERE t.expire_date <= $4`,
        [key, write.data, new Date(write.expiresAt), new Date(now)],
      );
      return result.rowCount === 1;
    },
    async update(key, write, expectedVersion, now): Promise<UpdateResult> {
      if (!fitsKey(key)) return { status: 'missing' };
      const result = await run(
        'update',
        `UPDATE ${table} SET session_data = $2, expire_date = $3 WHERE session_key = $1 AND expire_date > $4 AND ${PG_VERSION_SQL} = $5 RETURNING ${PG_VERSION_SQL} AS version`,
        [key, write.data, new Date(write.expiresAt), new Date(now), expectedVersion],
      );
      const row = result.rows[0] as Row | undefined;
      if (row !== undefined) return { status: 'ok', version: Number(row.version) };
      const current = await this.get(key, now);
      return current === null ? { status: 'missing' } : { status: 'conflict', version: current.version };
    },
    async touch(key, expiresAt, now) {
      if (!fitsKey(key)) return false;
      const result = await run('touch', `UPDATE ${table} SET expire_date = $2 WHERE session_key = $1 AND expire_date > $3`, [key, new Date(expiresAt), new Date(now)]);
      return result.rowCount === 1;
    },
    async delete(key) {
      if (!fitsKey(key)) return;
      await run('delete', `DELETE FROM ${table} WHERE session_key = $1`, [key]);
    },
    async deleteExpired(now) {
      const result = await run('deleteExpired', `DELETE FROM ${table} WHERE expire_date <= $1`, [new Date(now)]);
      return result.rowCount ?? 0;
    },
    async list(options, now) {
      const limit = options.limit ?? 100;
      const { rows } = await run('list', `${select} WHERE expire_date > $1 AND session_key COLLATE "C" > $2 ORDER BY session_key COLLATE "C" LIMIT $3`, [new Date(now), options.cursor ?? '', limit + 1]);
      const entries = (rows as Row[]).slice(0, limit).map(entry);
      return { entries, cursor: rows.length > limit ? entries[entries.length - 1]!.key : null };
    },
  };
}
