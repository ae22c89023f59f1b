/**
 * A tessera session store over Django's `django_session` table in SQLite
 * (specs/python-interop.md §5.3). `expire_date` is text as Django's SQLite backend writes it
 * with `USE_TZ = True`: naive UTC, `YYYY-MM-DD HH:MM:SS[.ffffff]`, which orders as text.
 * Compare-and-swap runs in a `BEGIN IMMEDIATE` transaction (better-sqlite3 is synchronous, so
 * nothing in this process interleaves; the write lock keeps Django's process out).
 *
 * Same differences from the store contract as the Postgres store: keys of at most 40
 * characters, fingerprint versions, no `userId`, no per-user index.
 * @module
 */
import { StoreError } from '../../errors.ts';
import type { SessionStore, StoreListEntry, UpdateResult } from '../../session/store.ts';
import { checkKey, dataVersion, fitsKey, quoteIdentifier } from './store-common.ts';

/** A prepared statement, as better-sqlite3 gives it. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 `Database` the store uses. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}

/** Options of {@link createDjangoSqliteStore}. */
export interface DjangoSqliteStoreOptions {
  /** Table name, default `django_session`. */
  table?: string;
}

interface Row {
  session_key: string;
  session_data: string;
  expire_date: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `str(naive UTC datetime)` of an instant, as Django stores it in SQLite. */
export function djangoSqliteDatetime(ms: number): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return d.getUTCMilliseconds() === 0 ? base : `${base}.${pad(d.getUTCMilliseconds(), 3)}000`;
}

/** The instant of a stored `expire_date` (naive UTC; microseconds truncated to milliseconds); NaN if unreadable. */
export function parseDjangoSqliteDatetime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(text);
  if (m === null) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Math.floor(Number((m[7] ?? '0').padEnd(6, '0')) / 1000));
}

/** Creates the store over an open better-sqlite3 `Database`. @throws ConfigError for a bad table name. */
export function createDjangoSqliteStore(db: SqliteDatabase, options: DjangoSqliteStoreOptions = {}): SessionStore {
  const table = quoteIdentifier(options.table ?? 'django_session', 'table');
  const name = 'django-sqlite';
  const statements = new Map<string, SqliteStatement>();
  // Prepared on first use, so the store can be made before Django's migrate created the table.
  const stmt = (sql: string) => {
    let s = statements.get(sql);
    if (s === undefined) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const guard = <T>(operation: string, f: () => T): T => {
    try {
      return f();
    } catch (error) {
      throw new StoreError(name, operation, error);
    }
  };
  const SELECT = `SELECT session_key, session_data, expire_date FROM ${table}`;
  const entry = (r: Row): StoreListEntry => ({ key: r.session_key, data: r.session_data, expiresAt: parseDjangoSqliteDatetime(r.expire_date), version: dataVersion(r.session_data), userId: null });
  const find = (key: string, now: number) => stmt(`${SELECT} WHERE session_key = ? AND expire_date > ?`).get(key, djangoSqliteDatetime(now)) as Row | undefined;

  return {
    name,
    async get(key, now) {
      if (!fitsKey(key)) return null;
      const row = guard('get', () => find(key, now));
      if (row === undefined) return null;
      const { key: _key, ...record } = entry(row);
      return record;
    },
    async create(key, write, now) {
      checkKey(key);
      return guard('create', () => {
        const r = stmt(
          `INSERT INTO ${table} (session_key, session_data, expire_date) VALUES (?, ?, ?)
           ON CONFLICT (session_key) DO UPDATE SET session_data = excluded.session_data, expire_date = excluded.expire_date
           WHERE ${table}.expire_date <= ?`,
        ).run(key, write.data, djangoSqliteDatetime(write.expiresAt), djangoSqliteDatetime(now));
        return r.changes === 1;
      });
    },
    async update(key, write, expectedVersion, now): Promise<UpdateResult> {
      if (!fitsKey(key)) return { status: 'missing' };
      return guard('update', () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const row = find(key, now);
          let result: UpdateResult;
          if (row === undefined) result = { status: 'missing' };
          else if (dataVersion(row.session_data) !== expectedVersion) result = { status: 'conflict', version: dataVersion(row.session_data) };
          else {
            stmt(`UPDATE ${table} SET session_data = ?, expire_date = ? WHERE session_key = ?`).run(write.data, djangoSqliteDatetime(write.expiresAt), key);
            result = { status: 'ok', version: dataVersion(write.data) };
          }
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    async touch(key, expiresAt, now) {
      if (!fitsKey(key)) return false;
      return guard('touch', () => stmt(`UPDATE ${table} SET expire_date = ? WHERE session_key = ? AND expire_date > ?`).run(djangoSqliteDatetime(expiresAt), key, djangoSqliteDatetime(now)).changes === 1);
    },
    async delete(key) {
      if (!fitsKey(key)) return;
      guard('delete', () => stmt(`DELETE FROM ${table} WHERE session_key = ?`).run(key));
    },
    async deleteExpired(now) {
      return guard('deleteExpired', () => stmt(`DELETE FROM ${table} WHERE expire_date <= ?`).run(djangoSqliteDatetime(now)).changes);
    },
    async list(options, now) {
      const limit = options.limit ?? 100;
      const rows = guard('list', () => stmt(`${SELECT} WHERE expire_date > ? AND session_key > ? ORDER BY session_key LIMIT ?`).all(djangoSqliteDatetime(now), options.cursor ?? '', limit + 1)) as Row[];
      const entries = rows.slice(0, limit).map(entry);
      return { entries, cursor: rows.length > limit ? entries[entries.length - 1]!.key : null };
    },
  };
}
