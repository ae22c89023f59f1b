/**
 * The Postgres store, on a `pg` Pool the app creates (the driver is an optional peer dependency:
 * this module only describes the one method it calls). Every operation is one SQL statement, so
 * each is atomic under any number of app processes; `deleteExpired` is one statement per batch.
 * Expiry is decided by the caller's `now` (epoch ms in a bigint column), never by the server's clock.
 *
 * Failure behaviour: every statement is bounded by `operationTimeoutMs` (default 2 s), by two
 * means: pg's own per-query `query_timeout` (its client then drops the connection, so a hung
 * query does not keep a pooled connection) and a timer raced against the whole call, which also
 * covers waiting for a pooled connection or connecting to a server that does not answer. The
 * timer is cleared when the call settles and is unref'd, so it never keeps the process alive.
 * A failure or a timeout rejects with `StoreError('postgres', operation, cause)`; the pool
 * reconnects by itself, so the same store works again once the server is back.
 * @module
 */
import { ConfigError, StoreError } from '../errors.ts';
import type { SessionStore, StorePage, StoreWrite, UpdateResult } from '../session/store.ts';
import { createHash } from 'node:crypto';
import { createDeadline } from './deadline.ts';
import { positiveInteger, quoteIdentifier } from './sql/identifier.ts';
import { pageLimit, toEntry, toRecord, type SessionRow } from './sql/rows.ts';

/** One query as the store sends it (pg's query config object). */
export interface PostgresQuery {
  /**
   * Set on the per-request statements: pg prepares a named statement once per connection, so
   * Postgres parses and plans it once instead of on every request.
   */
  name?: string;
  text: string;
  values: unknown[];
  /** pg's client-side read timeout for this query, in milliseconds. */
  query_timeout: number;
}

/** The part of a `pg` Pool (or Client) the store uses. */
export interface PostgresQueryable {
  query(query: PostgresQuery): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /** Present on pg's Pool and Client (EventEmitters); used to insist on an 'error' listener. */
  listenerCount?(event: 'error'): number;
}

/** The Postgres store: the whole contract, every optional capability included. */
export type PostgresStore = SessionStore & Required<Pick<SessionStore, 'replace' | 'deleteExpired' | 'list' | 'listByUser' | 'deleteByUser'>>;

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * A `pg` Pool. The app owns it (the store never ends it) and must listen for its 'error'
   * event: pg emits one when an idle connection drops (server restart, failover), and an
   * EventEmitter without a listener crashes the process. The factory refuses a pool without one.
   */
  pool: PostgresQueryable;
  /** Table name, a plain identifier. Default `tessera_sessions`. */
  table?: string;
  /** Schema (namespace) of the table, a plain identifier. Default `public`. */
  schema?: string;
  /**
   * Create the table and its indexes (IF NOT EXISTS, serialised by an advisory lock so
   * concurrent starts are safe) on first use. Default false: run {@link postgresSchemaSql} in a migration.
   */
  createSchema?: boolean;
  /** Longest wait for any one statement, in milliseconds, before it fails with StoreError. Default 2000. */
  operationTimeoutMs?: number;
  /** Rows removed per statement by `deleteExpired`, so a big sweep never holds locks long. Default 1000. */
  deleteExpiredBatchSize?: number;
}

/**
 * The schema of the Postgres store: the table (key `text COLLATE "C"`, so keys compare and page
 * bytewise and fast; `data` the UTF-8 bytes as bytea, because Postgres text cannot hold U+0000;
 * `expires_at` epoch milliseconds as bigint) and its indexes on `expires_at`
 * (sweeps) and `user_id` (the per-user index), every statement `IF NOT EXISTS`; with a schema other
 * than `public`, `CREATE SCHEMA IF NOT EXISTS` first. Throws ConfigError for a name that is not a
 * plain identifier.
 */
export function postgresSchemaSql(options: { schema?: string; table?: string } = {}): string {
  const schema = options.schema ?? 'public';
  const table = options.table ?? 'tessera_sessions';
  const s = quoteIdentifier('schema', schema);
  const t = `${s}.${quoteIdentifier('table', table)}`;
  return [
    ...(schema === 'public' ? [] : [`CREATE SCHEMA IF NOT EXISTS ${s};`]),
    `CREATE TABLE IF NOT EXISTS ${t} (`,
    '  key text COLLATE "C" NOT NULL PRIMARY KEY,',
    '  data bytea NOT NULL,',
    '  expires_at bigint NOT NULL,',
    '  version integer NOT NULL,',
    '  user_id text',
    ');',
    `CREATE INDEX IF NOT EXISTS "${table}_expires_at_idx" ON ${t} (expires_at);`,
    `CREATE INDEX IF NOT EXISTS "${table}_user_id_idx" ON ${t} (user_id) WHERE user_id IS NOT NULL;`,
    '',
  ].join('\n');
}

const COLUMNS = 'data, expires_at, version, user_id';
const utf8 = new TextEncoder();

/** The statements of one table. */
function statements(t: string) {
  return {
    get: `SELECT ${COLUMNS} FROM ${t} WHERE key = $1 AND expires_at > $2`,
    create:
      `INSERT INTO ${t} AS s (key, data, expires_at, version, user_id) VALUES ($1, $2, $3, 1, $4) ` +
      'ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at, version = 1, user_id = EXCLUDED.user_id ' +
      'WHERE s.expires_at <= $5',
    // One statement: `cur` locks the live row and reads its newest committed version (a locking read
    // waits for a concurrent writer, then sees its result), `upd` swaps only if that version is the
    // expected one. So `current` is never a stale snapshot and a conflict reports the real version.
    update:
      `WITH cur AS (SELECT key, version FROM ${t} WHERE key = $1 AND expires_at > $6 FOR UPDATE), ` +
      `upd AS (UPDATE ${t} AS s SET data = $2, expires_at = $3, user_id = $4, version = s.version + 1 ` +
      'FROM cur WHERE s.key = cur.key AND cur.version = $5 RETURNING s.version) ' +
      'SELECT (SELECT version FROM cur) AS current, (SELECT version FROM upd) AS updated',
    // create, and delete `$6` only if the insert happened: both in one statement (one transaction).
    replace:
      `WITH ins AS (INSERT INTO ${t} AS s (key, data, expires_at, version, user_id) VALUES ($1, $2, $3, 1, $4) ` +
      'ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at, version = 1, user_id = EXCLUDED.user_id ' +
      'WHERE s.expires_at <= $5 RETURNING 1), ' +
      `del AS (DELETE FROM ${t} WHERE key = $6 AND EXISTS (SELECT 1 FROM ins)) ` +
      'SELECT count(*)::int AS inserted FROM ins',
    touch: `UPDATE ${t} SET expires_at = $2 WHERE key = $1 AND expires_at > $3`,
    delete: `DELETE FROM ${t} WHERE key = $1`,
    // The outer `expires_at <= $1` re-checks each row as it is locked, so a row touched meanwhile survives.
    sweep: `DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE expires_at <= $1 LIMIT $2) AND expires_at <= $1`,
    listFirst: `SELECT key, ${COLUMNS} FROM ${t} WHERE expires_at > $1 ORDER BY key LIMIT $2`,
    listAfter: `SELECT key, ${COLUMNS} FROM ${t} WHERE key > $1 AND expires_at > $2 ORDER BY key LIMIT $3`,
    listByUser: `SELECT key, ${COLUMNS} FROM ${t} WHERE user_id = $1 AND expires_at > $2 ORDER BY key`,
    deleteByUser: `DELETE FROM ${t} WHERE user_id = $1 AND key <> ALL($2::text[])`,
  };
}

/**
 * Creates a Postgres store implementing the whole contract, including `replace` (one statement),
 * `deleteExpired`, `list` and the per-user index. Throws ConfigError at once for a bad name, timeout or batch size, or a
 * pool without an 'error' listener. Nothing is sent to the server until the first operation.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { pool } = options;
  if (typeof pool?.query !== 'function') throw new ConfigError('pool', 'must be a pg Pool (an object with a query method)');
  if (typeof pool.listenerCount === 'function' && pool.listenerCount('error') === 0) {
    throw new ConfigError(
      'pool',
      "has no 'error' listener: pg emits 'error' when an idle connection drops (server restart, failover), which crashes a process without one; add pool.on('error', (err) => log(err)) before creating the store",
    );
  }
  const schema = options.schema ?? 'public';
  const table = options.table ?? 'tessera_sessions';
  const sql = statements(`${quoteIdentifier('schema', schema)}.${quoteIdentifier('table', table)}`);
  const schemaSql = postgresSchemaSql({ schema, table });
  const timeoutMs = positiveInteger('operationTimeoutMs', options.operationTimeoutMs ?? 2000, 'milliseconds, default 2000');
  if (timeoutMs > 2 ** 31 - 1) throw new ConfigError('operationTimeoutMs', 'must be at most 2147483647 (the longest timer Node keeps)');
  const batchSize = positiveInteger('deleteExpiredBatchSize', options.deleteExpiredBatchSize ?? 1000, 'default 1000');

  /** One statement, bounded by the timeout; rejects with the driver's error or a timeout error. */
  const deadline = createDeadline(timeoutMs, `no answer within ${timeoutMs} ms (operationTimeoutMs)`, true);
  const asIs = (err: unknown) => err as Error;
  const send = (text: string, values: unknown[], name?: string) => {
    let work: ReturnType<typeof pool.query>;
    try {
      work = pool.query({ ...(name !== undefined ? { name } : {}), text, values, query_timeout: timeoutMs });
    } catch (err) {
      work = Promise.reject(err);
    }
    return deadline.within(work, asIs);
  };
  // One simple-protocol message runs as one transaction, so the advisory lock serialises
  // concurrent creators (plain CREATE ... IF NOT EXISTS can still collide in the catalogue).
  let schemaReady: Promise<unknown> | null = options.createSchema === true ? null : Promise.resolve();
  const ensureSchema = () =>
    (schemaReady ??= send(`SELECT pg_advisory_xact_lock(hashtext('tessera:create-schema'));\n${schemaSql}`, []).catch((err: unknown) => {
      schemaReady = null; // try again on the next operation
      throw err;
    }));
  /** Names of the prepared per-request statements: unique per table (pg keys a connection's statements by name). */
  const prefix = `tessera_${createHash('sha256').update(sql.get).digest('hex').slice(0, 16)}_`;
  const PREPARED = new Set(['get', 'create', 'update', 'replace', 'touch', 'delete']);
  const query = async (operation: string, text: string, values: unknown[]) => {
    try {
      await ensureSchema();
      return await send(text, values, PREPARED.has(operation) ? prefix + operation : undefined);
    } catch (err) {
      throw new StoreError('postgres', operation, err);
    }
  };
  const rows = (r: { rows: unknown[] }) => r.rows as SessionRow[];

  return {
    name: 'postgres',
    async get(key, now) {
      const row = rows(await query('get', sql.get, [key, now]))[0];
      return row === undefined ? null : toRecord(row);
    },
    async create(key, write: StoreWrite, now) {
      const r = await query('create', sql.create, [key, utf8.encode(write.data), write.expiresAt, write.userId, now]);
      return r.rowCount === 1;
    },
    async update(key, write: StoreWrite, expectedVersion, now): Promise<UpdateResult> {
      const values = [key, utf8.encode(write.data), write.expiresAt, write.userId, expectedVersion, now];
      const row = (await query('update', sql.update, values)).rows[0] as { current: number | null; updated: number | null } | undefined;
      const { current = null, updated = null } = row ?? {};
      if (updated !== null) return { status: 'ok', version: Number(updated) };
      return current === null ? { status: 'missing' } : { status: 'conflict', version: Number(current) };
    },
    async replace(oldKey, key, write: StoreWrite, now) {
      const r = await query('replace', sql.replace, [key, utf8.encode(write.data), write.expiresAt, write.userId, now, oldKey]);
      return (r.rows[0] as { inserted: number } | undefined)?.inserted === 1;
    },
    async touch(key, expiresAt, now) {
      return (await query('touch', sql.touch, [key, expiresAt, now])).rowCount === 1;
    },
    async delete(key) {
      await query('delete', sql.delete, [key]);
    },
    async deleteExpired(now) {
      let total = 0;
      for (;;) {
        const removed = (await query('deleteExpired', sql.sweep, [now, batchSize])).rowCount ?? 0;
        total += removed;
        if (removed < batchSize) return total;
      }
    },
    async list({ cursor = null, limit }, now): Promise<StorePage> {
      const n = pageLimit(limit);
      const found = rows(await (cursor === null ? query('list', sql.listFirst, [now, n + 1]) : query('list', sql.listAfter, [cursor, now, n + 1])));
      const entries = found.slice(0, n).map(toEntry);
      return { entries, cursor: found.length > n ? entries[entries.length - 1]!.key : null };
    },
    async listByUser(userId, now) {
      return rows(await query('listByUser', sql.listByUser, [userId, now])).map(toEntry);
    },
    async deleteByUser(userId, exceptKeys = []) {
      return (await query('deleteByUser', sql.deleteByUser, [userId, [...exceptKeys]])).rowCount ?? 0;
    },
  };
}
