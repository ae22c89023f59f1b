/**
 * `tessera sessions stats`: live sessions (through the contract's `list`, page by page),
 * how many are bound to users and to how many users, their data size, and expired rows
 * where the store can tell (SQL stores: counted in the table; Redis: none exist, it expires
 * entries itself; other stores: not available through the contract).
 * @module
 */
import { bytes, count, fields } from '../human.ts';
import { UsageError } from '../usage-error.ts';
import { sizeOf, type SessionsContext } from './context.ts';

const PAGE = 1000;
const TOP = 5;

/** Why a store kind cannot report expired entries. */
function expiredUnavailable(kind: string): string {
  if (kind === 'redis' || kind === 'redis-cluster') return 'n/a (Redis expires entries natively: none are kept)';
  if (kind === 'memory') return 'n/a (the memory store cannot count them; memory: is a fresh, empty store in this process)';
  return `n/a (the ${kind} store cannot count them)`;
}

/** Runs `stats`. */
export async function stats(ctx: SessionsContext): Promise<number> {
  const { open, now, io } = ctx;
  const { store } = open;
  if (store.list === undefined) throw new UsageError(`the ${open.kind} store cannot list sessions (it has no list capability), so there are no statistics`);
  let live = 0;
  let bound = 0;
  let dataBytes = 0;
  const users = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page = await store.list({ cursor, limit: PAGE }, now);
    for (const entry of page.entries) {
      live++;
      dataBytes += sizeOf(entry.data);
      if (entry.userId !== null) {
        bound++;
        users.set(entry.userId, (users.get(entry.userId) ?? 0) + 1);
      }
    }
    cursor = page.cursor;
  } while (cursor !== null);
  const expired = open.sql === null ? null : await open.sql.countExpired(now);
  const topUsers = [...users].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP).map(([userId, sessions]) => ({ userId, sessions }));

  if (ctx.json) {
    io.out(
      JSON.stringify({
        store: open.safeUrl,
        kind: open.kind,
        now,
        live,
        bound,
        anonymous: live - bound,
        users: users.size,
        dataBytes,
        expired,
        ...(expired === null ? { expiredNote: expiredUnavailable(open.kind) } : {}),
        topUsers,
      }),
    );
    return 0;
  }
  const s = ctx.style;
  const pairs: Array<[string, string]> = [
    ['store', `${open.safeUrl} (${open.kind})`],
    ['live', `${count(live)} session${live === 1 ? '' : 's'}`],
    ['bound', `${count(bound)} to ${count(users.size)} user${users.size === 1 ? '' : 's'}`],
    ['anonymous', count(live - bound)],
    ['data', live === 0 ? '0 B' : `${bytes(dataBytes)} (${bytes(Math.round(dataBytes / live))} per session)`],
    ['expired', expired === null ? s.dim(expiredUnavailable(open.kind)) : expired === 0 ? '0' : `${count(expired)} ${s.yellow('awaiting a sweep (tessera sessions sweep)')}`],
  ];
  if (topUsers.length > 0) pairs.push(['top users', topUsers.map((u) => `${u.userId} (${count(u.sessions)})`).join(', ')]);
  for (const line of fields(pairs, s)) io.out(line);
  return 0;
}
