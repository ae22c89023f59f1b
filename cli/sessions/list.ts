/**
 * `tessera sessions list`: one page of live sessions (`--limit`, `--cursor`), or every live
 * session of one user (`--user`, through the per-user index): key, user, expiry, version,
 * size. Never the session data (that is `show`'s job).
 * @module
 */
import type { StoreListEntry } from '../../src/session/index.ts';
import { count, isoTime, relative, table, truncate } from '../human.ts';
import { UsageError } from '../usage-error.ts';
import { sizeOf, type SessionsContext } from './context.ts';

/** Options of `list`. */
export interface ListOptions {
  limit: number;
  cursor: string | null;
  user: string | undefined;
  /** Full keys in the table (they are cut to 16 characters otherwise). */
  wide: boolean;
}

const KEY_WIDTH = 16;

/** Runs `list`. */
export async function list(ctx: SessionsContext, options: ListOptions): Promise<number> {
  const { open, now, io } = ctx;
  const { store } = open;
  let entries: StoreListEntry[];
  let cursor: string | null = null;
  if (options.user !== undefined) {
    if (options.cursor !== null) throw new UsageError('--cursor pages through all sessions; --user lists one user\'s sessions at once: give one of them');
    if (store.listByUser === undefined) throw new UsageError(`the ${open.kind} store has no per-user index (listByUser), so --user is not available`);
    entries = await store.listByUser(options.user, now);
  } else {
    if (store.list === undefined) throw new UsageError(`the ${open.kind} store cannot list sessions (it has no list capability)`);
    try {
      ({ entries, cursor } = await store.list({ cursor: options.cursor, limit: options.limit }, now));
    } catch (error) {
      // Redis refuses a cursor it did not make with a TypeError: a mistyped --cursor.
      if (error instanceof TypeError && options.cursor !== null) throw new UsageError(`--cursor ${JSON.stringify(options.cursor)} is not a cursor this store returned`);
      throw error;
    }
  }
  if (ctx.json) {
    const rows = entries.map((e) => ({ key: e.key, userId: e.userId, expiresAt: e.expiresAt, version: e.version, size: sizeOf(e.data) }));
    io.out(JSON.stringify({ store: open.safeUrl, now, entries: rows, cursor }));
    return 0;
  }
  if (entries.length === 0) {
    // Redis may return an empty page that is not the last (SCAN): say so rather than "none".
    io.out(options.user !== undefined ? `user ${options.user} has no live sessions` : cursor !== null ? 'no live sessions on this page' : options.cursor === null ? 'no live sessions' : 'no more live sessions');
  } else {
    const s = ctx.style;
    const rows = entries.map((e) => [
      options.wide ? e.key : truncate(e.key, KEY_WIDTH),
      e.userId === null ? s.dim('-') : truncate(e.userId, 40),
      isoTime(e.expiresAt),
      relative(e.expiresAt, now),
      String(e.version),
      count(sizeOf(e.data)),
    ]);
    const columns = [{ title: 'key' }, { title: 'user' }, { title: 'expires' }, { title: 'in' }, { title: 'version', right: true }, { title: 'bytes', right: true }];
    for (const line of table(columns, rows, s)) io.out(line);
  }
  if (cursor !== null) io.err(`more sessions: run again with --cursor ${cursor}`);
  return 0;
}
