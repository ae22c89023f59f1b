/**
 * Read-mostly access to a SQL store's table, for what the store contract does not offer:
 * counting expired rows (`stats`) and sweeping them batch by batch so progress is real
 * (`sweep`; the store's own `deleteExpired` loops internally and returns only the total).
 * It opens its own connection from the same URL and uses the store's own statements on the
 * schema docs/stores.md documents: `key`, `data`, `expires_at` (epoch ms), `version`, `user_id`.
 * @module
 */
import { UsageError } from '../usage-error.ts';

/** What the CLI can ask of a SQL store's table directly. */
export interface SqlAccess {
  /** `table "tessera_sessions" in ./data/sessions.db`, for messages. */
  readonly where: string;
  /** Rows with `expires_at <= now`: expired, invisible to every read, awaiting a sweep. */
  countExpired(now: number): Promise<number>;
  /** Deletes at most `limit` rows expired at `now` (the store's own sweep statement); resolves how many. */
  deleteExpiredBatch(now: number, limit: number): Promise<number>;
  close(): Promise<void>;
}

/** Imports an optional driver, or says which package to install (as createStoreFromUrl does). */
async function driver<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new UsageError(`this store needs the ${name} package: npm install ${name} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

/** The same rule as the stores (src/stores/sql/identifier.ts): identifiers are spliced into SQL. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

function identifier(option: string, value: string): string {
  if (!IDENTIFIER.test(value)) throw new UsageError(`${option} must be a plain SQL identifier (a letter or _, then letters, digits or _), got ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** The file and table of a `sqlite:` URL, read as `createStoreFromUrl` reads them. */
export function sqliteTarget(url: string): { path: string; table: string } {
  const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  const [path = '', query = ''] = rest.split('?', 2);
  return { path, table: new URLSearchParams(query).get('table') ?? 'tessera_sessions' };
}

/** Opens the SQLite file of `url` (which must exist) and checks the table is there. */
export async function openSqliteAccess(url: string, write: boolean): Promise<SqlAccess> {
  const { path, table } = sqliteTarget(url);
  const t = identifier('table', table);
  const { default: Database } = await driver('better-sqlite3', () => import('better-sqlite3'));
  // readonly for stats; a busy timeout so a sweep waits for the app's writes instead of failing.
  const db = new Database(path, { readonly: !write, fileMustExist: true, timeout: 5000 });
  try {
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) === undefined) {
      throw new UsageError(`no table ${t} in ${path}: not a tessera session database, or a different ?table=`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  const count = db.prepare(`SELECT count(*) AS n FROM ${t} WHERE expires_at <= ?`);
  const sweep = write ? db.prepare(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE expires_at <= ? LIMIT ?)`) : null;
  return {
    where: `table ${t} in ${path}`,
    countExpired: async (now) => Number((count.get(now) as { n: number | bigint }).n),
    deleteExpiredBatch: async (now, limit) => {
      if (sweep === null) throw new Error('opened read-only');
      return Number(sweep.run(now, limit).changes);
    },
    close: async () => void db.close(),
  };
}

/** Opens a one-connection pool on the database of a `postgres://` URL and checks the table is there. */
export async function openPostgresAccess(url: string, timeoutMs: number): Promise<SqlAccess> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')} is not a valid URL`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  const table = parsed.searchParams.get('table') ?? 'tessera_sessions';
  const qualified = `${identifier('schema', schema)}.${identifier('table', table)}`;
  for (const p of ['table', 'schema', 'timeoutMs', 'prefix']) parsed.searchParams.delete(p);
  const { default: pg } = await driver('pg', () => import('pg'));
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 1, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, query_timeout: timeoutMs + 500 });
  pool.on('error', () => {}); // an idle connection dropped: the next query reports it
  const query = async (text: string, values: unknown[]) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms (add ?timeoutMs= to the URL for more)`)), timeoutMs + 1000);
    });
    try {
      return await Promise.race([pool.query(text, values), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const found = await query('SELECT to_regclass($1) IS NOT NULL AS ok', [qualified]);
    if ((found.rows[0] as { ok: boolean }).ok !== true) {
      const database = parsed.toString().replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
      throw new UsageError(`no table ${qualified} in ${database}: not a tessera session database, or a different ?schema= / ?table=`);
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return {
    where: `table ${qualified}`,
    countExpired: async (now) => Number(((await query(`SELECT count(*) AS n FROM ${qualified} WHERE expires_at <= $1`, [now])).rows[0] as { n: string }).n),
    // The store's statement: the outer re-check keeps a row touched meanwhile.
    deleteExpiredBatch: async (now, limit) =>
      (await query(`DELETE FROM ${qualified} WHERE key IN (SELECT key FROM ${qualified} WHERE expires_at <= $1 LIMIT $2) AND expires_at <= $1`, [now, limit])).rowCount ?? 0,
    close: () => pool.end(),
  };
}
