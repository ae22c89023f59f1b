/**
 * Opening the store a `sessions` command works on: the URL from `--store`, else
 * `$SESSION_STORE_URL`, else `sqlite:./data/sessions.db`, through `createStoreFromUrl`, with
 * short timeouts (an unreachable server fails in seconds) and a guaranteed `close()`.
 * The commands never create a database: a missing SQLite file or session table is an error.
 * @module
 */
import { existsSync } from 'node:fs';
import type { SessionStore } from '../../src/session/index.ts';
import { createStoreFromUrl, type StoreFromUrl } from '../../src/stores/index.ts';
import { UsageError } from '../usage-error.ts';
import { openPostgresAccess, openSqliteAccess, sqliteTarget, type SqlAccess } from './sql.ts';

/** The store used when neither `--store` nor `$SESSION_STORE_URL` is given. */
export const DEFAULT_STORE_URL = 'sqlite:./data/sessions.db';

/** Operation timeout added to network store URLs that set none. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** Longest wait for a store to close (a healthy one closes in milliseconds). */
const CLOSE_WAIT_MS = 1000;

/** An open store, its direct SQL access where there is one, and the means to close both. */
export interface OpenStore {
  store: SessionStore;
  kind: string;
  /** The URL with any password hidden, for messages. */
  safeUrl: string;
  /** The table itself (SQLite, Postgres), for what the contract cannot do; null elsewhere. */
  sql: SqlAccess | null;
  close(): Promise<void>;
}

/** How a command opens a store (tests inject their own). */
export type StoreOpener = (url: string) => Promise<StoreFromUrl>;

/** The store URL of a command line: `--store`, else `$SESSION_STORE_URL`, else the default. */
export function storeUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const url = flag ?? (env.SESSION_STORE_URL !== undefined && env.SESSION_STORE_URL !== '' ? env.SESSION_STORE_URL : DEFAULT_STORE_URL);
  if (url.trim() === '') throw new UsageError('--store is empty; give a store URL such as sqlite:./data/sessions.db, redis://host:6379 or postgres://user@host/db');
  return url;
}

/** `url` with `timeoutMs` added when it is a network store URL without one. */
export function withTimeout(url: string): string {
  if (!/^(redis|rediss|redis\+cluster|postgres|postgresql):\/\//.test(url) || /[?&]timeoutMs=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}timeoutMs=${DEFAULT_TIMEOUT_MS}`;
}

function timeoutOf(url: string): number {
  const match = /[?&]timeoutMs=(\d+)/.exec(url);
  return match === null ? DEFAULT_TIMEOUT_MS : Number(match[1]);
}

/**
 * Opens the store of `url` and, for SQLite and Postgres, its table directly (`write`: that
 * access may delete, for sweep). Throws UsageError for a missing SQLite file or session table,
 * ConfigError (from createStoreFromUrl) for an unknown scheme or a bad URL. With `open` (tests),
 * that opener replaces createStoreFromUrl and no direct access is opened.
 */
export async function openStore(url: string, options: { write: boolean; open?: StoreOpener | undefined }): Promise<OpenStore> {
  const sqlitePath = url.startsWith('sqlite:') ? sqliteTarget(url).path : null;
  const fileBacked = sqlitePath !== null && sqlitePath !== '' && sqlitePath !== ':memory:';
  // createStoreFromUrl would create an empty database at a mistyped path: refuse instead.
  if (fileBacked && !existsSync(sqlitePath)) {
    throw new UsageError(`no SQLite database at ${sqlitePath}; give --store or set SESSION_STORE_URL (the sessions commands never create one)`);
  }
  const target = withTimeout(url);
  let sql: SqlAccess | null = null;
  if (options.open === undefined) {
    if (fileBacked) sql = await openSqliteAccess(url, options.write);
    else if (/^postgres(ql)?:\/\//.test(url)) sql = await openPostgresAccess(url, timeoutOf(target));
  }
  let made: StoreFromUrl;
  try {
    made = await (options.open ?? createStoreFromUrl)(target);
  } catch (error) {
    await sql?.close();
    throw error;
  }
  let closed = false;
  return {
    store: made.store,
    kind: made.kind,
    // Without the timeoutMs the CLI added: messages show the URL as given.
    safeUrl: target === url ? made.safeUrl : made.safeUrl.replace(/[?&]timeoutMs=\d+$/, ''),
    sql,
    async close() {
      if (closed) return;
      closed = true;
      // A driver that hangs on close (ioredis QUIT to a server that never answers) must not keep the command running.
      const bounded = (p: Promise<void>) => Promise.race([p.catch(() => {}), new Promise<void>((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
      await Promise.all([bounded(made.close()), sql === null ? Promise.resolve() : bounded(sql.close())]);
    },
  };
}
