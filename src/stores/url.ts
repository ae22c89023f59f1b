/**
 * One place that turns a store URL into a store and its client, for the demo, the CLI and
 * apps configured by environment:
 *
 * | URL | store | driver (optional peer dependency) |
 * | --- | --- | --- |
 * | `memory:` | memory | none |
 * | `sqlite:PATH` (`sqlite:./data/sessions.db`, `sqlite:/abs/path.db`, `sqlite::memory:`) | SQLite, WAL | better-sqlite3 |
 * | `redis://[user:pass@]host:port[/db]`, `rediss://…` | Redis | ioredis |
 * | `redis+cluster://host:port,host:port,…` | Redis Cluster | ioredis |
 * | `postgres://…`, `postgresql://…` | Postgres | pg |
 *
 * Query parameters: `prefix` (Redis key prefix), `table`, `schema` (SQL), `createSchema=false`
 * (Postgres: the table exists already; no CREATE privilege needed), `timeoutMs` (operation
 * timeout), `synchronous=normal|full` (SQLite; default `normal`, which with WAL is durable across
 * application crashes; `full` also across power loss, at one disk sync per write). Drivers are imported only for the scheme used.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { SessionStore } from '../session/store.ts';
import { createMemoryStore } from './memory.ts';

/** A store made from a URL, with the means to release its client. */
export interface StoreFromUrl {
  store: SessionStore;
  /** Which kind of store, for messages: `memory`, `sqlite`, `redis`, `redis-cluster`, `postgres`. */
  kind: string;
  /** The URL with any password replaced by `***`, safe to print. */
  safeUrl: string;
  /**
   * The driver's client the store runs on, for the application's own use (a health check, other
   * queries): better-sqlite3's `Database`, ioredis's `Redis` or `Cluster`, pg's `Pool`; null for
   * `memory:`. Closed by {@link StoreFromUrl.close}.
   */
  client: unknown;
  /** Closes the driver's connections (or the database file). */
  close(): Promise<void>;
}

/** Schemes {@link createStoreFromUrl} understands. */
export const STORE_URL_SCHEMES = ['memory:', 'sqlite:', 'redis://', 'rediss://', 'redis+cluster://', 'postgres://', 'postgresql://'] as const;

async function importDriver<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new ConfigError('store URL', `this store needs the ${name} package: npm install ${name} (${error instanceof Error ? error.message : String(error)})`);
  }
}

const hidePassword = (url: string) => url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');

const positive = (value: string | null, option: string): number | undefined => {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(option, `must be a positive integer, got ${value}`);
  return n;
};

/**
 * Creates the store a URL names (see the module table). Throws ConfigError for an unknown
 * scheme (listing the known ones), a malformed URL, or a missing driver package (naming the
 * npm command). Connection failures surface later, as StoreError from store operations.
 */
export async function createStoreFromUrl(url: string): Promise<StoreFromUrl> {
  if (typeof url !== 'string' || url.length === 0) throw new ConfigError('store URL', `is empty; use one of ${STORE_URL_SCHEMES.join(', ')}`);
  const safeUrl = hidePassword(url);

  if (url === 'memory:' || url === 'memory://') {
    return { store: createMemoryStore(), kind: 'memory', safeUrl, client: null, close: async () => {} };
  }

  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    const [path = '', query = ''] = rest.split('?', 2);
    if (path === '') throw new ConfigError('store URL', 'sqlite: needs a file path, e.g. sqlite:./data/sessions.db');
    const params = new URLSearchParams(query);
    const { default: Database } = await importDriver<{ default: new (file: string) => import('./sqlite.ts').SqliteDatabase & { pragma(s: string): unknown; close(): void } }>('better-sqlite3');
    const { createSqliteStore } = await import('./sqlite.ts');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const synchronous = (params.get('synchronous') ?? 'normal').toLowerCase();
    if (synchronous !== 'normal' && synchronous !== 'full') {
      throw new ConfigError('store URL', `synchronous=${synchronous} is not supported; use synchronous=normal (the default: WAL, durable across application crashes) or synchronous=full (also across power loss, slower writes)`);
    }
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 2000');
    // With WAL, NORMAL never corrupts and loses nothing when the application crashes; only a power
    // loss can drop the last commits (sessions written in the last moments). FULL syncs every commit.
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    const table = params.get('table');
    const store = createSqliteStore({ db, ...(table !== null ? { table } : {}) });
    return { store, kind: 'sqlite', safeUrl, client: db, close: async () => db.close() };
  }

  if (url.startsWith('redis+cluster://')) {
    // Not a WHATWG URL (a host list), so the query is read by hand.
    const clusterParams = new URLSearchParams(url.split('?', 2)[1] ?? '');
    const timeoutMs = positive(clusterParams.get('timeoutMs'), 'timeoutMs');
    const prefix = clusterParams.get('prefix');
    const { Cluster } = await importDriver<typeof import('ioredis')>('ioredis');
    const { createRedisStore, recommendedIoredisOptions } = await import('./redis.ts');
    const hosts = url
      .slice('redis+cluster://'.length)
      .split(/[/?]/, 1)[0]!
      .split(',')
      .map((hostPort) => {
        const [host, port] = hostPort.replace(/^.*@/, '').split(':');
        if (!host || !port) throw new ConfigError('store URL', `redis+cluster:// needs host:port pairs separated by commas, got ${hostPort}`);
        return { host, port: Number(port) };
      });
    const client = new Cluster(hosts, { redisOptions: recommendedIoredisOptions(timeoutMs) });
    client.on('error', () => {}); // connection errors surface as StoreError on the next operation instead of being printed
    const store = createRedisStore({ client, ...(prefix !== null ? { prefix } : {}), ...(timeoutMs !== undefined ? { operationTimeoutMs: timeoutMs } : {}) });
    return { store, kind: 'redis-cluster', safeUrl, client, close: async () => void (await client.quit()) };
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('store URL', `${safeUrl} is not a valid URL`);
  }
  const timeoutMs = positive(parsed.searchParams.get('timeoutMs'), 'timeoutMs');
  const prefix = parsed.searchParams.get('prefix');

  if (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:') {
    const { Redis } = await importDriver<typeof import('ioredis')>('ioredis');
    const { createRedisStore, recommendedIoredisOptions } = await import('./redis.ts');
    parsed.searchParams.delete('prefix');
    parsed.searchParams.delete('timeoutMs');
    const client = new Redis(parsed.toString(), recommendedIoredisOptions(timeoutMs));
    client.on('error', () => {}); // connection errors surface as StoreError on the next operation instead of being printed
    const store = createRedisStore({ client, ...(prefix !== null ? { prefix } : {}), ...(timeoutMs !== undefined ? { operationTimeoutMs: timeoutMs } : {}) });
    return { store, kind: 'redis', safeUrl, client, close: async () => void (await client.quit()) };
  }

  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    const pg = await importDriver<{ default: typeof import('pg') }>('pg');
    const { createPostgresStore } = await import('./postgres.ts');
    const table = parsed.searchParams.get('table');
    const schema = parsed.searchParams.get('schema');
    const createSchema = parsed.searchParams.get('createSchema') !== 'false';
    for (const p of ['table', 'schema', 'timeoutMs', 'prefix', 'createSchema']) parsed.searchParams.delete(p);
    const pool = new pg.default.Pool({ connectionString: parsed.toString() });
    pool.on('error', () => {}); // idle-client errors surface as StoreError on the next operation instead of crashing
    const store = createPostgresStore({
      pool,
      createSchema,
      ...(table !== null ? { table } : {}),
      ...(schema !== null ? { schema } : {}),
      ...(timeoutMs !== undefined ? { operationTimeoutMs: timeoutMs } : {}),
    });
    return { store, kind: 'postgres', safeUrl, client: pool, close: () => pool.end() };
  }

  throw new ConfigError('store URL', `unknown scheme ${parsed.protocol} in ${safeUrl}; use one of ${STORE_URL_SCHEMES.join(', ')}`);
}
