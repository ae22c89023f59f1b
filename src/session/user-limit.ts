/**
 * The concurrent session limit (SR-19, option `userSessions`): at most `max` live sessions per
 * user, checked when a commit binds a session to a user (`bindUser`, normally with `regenerate()`
 * at login), through the store's per-user index.
 *
 * - `evict-oldest`: the new session is written, then the user's sessions that logged in longest
 *   ago (smallest `createdAt`, which `regenerate()` resets at login and rotation keeps; ties by
 *   handle) are deleted until `max` remain, the new one included. An evicted session's cookie
 *   then gives a fresh session (`unknown-session`).
 * - `reject`: the commit throws SessionLimitError and writes nothing.
 *
 * The check lists the user's sessions before writing, so logins of one user that commit at the
 * same moment may all pass it: the user then has at most `max + (logins in flight - 1)` sessions
 * until their next login, which (with `evict-oldest`) trims back to `max`.
 * @module
 */
import { SessionLimitError } from '../errors.ts';
import type { JsonLimits } from './json-safety.ts';
import { decodeState } from './state.ts';
import type { UserIndexedStore } from './store.ts';

/** The per-user limit as configured. */
export interface UserSessionsOptions {
  /** Most live sessions one user may have (a positive integer). */
  max: number;
  /** At the limit: end the user's oldest session(s) (`evict-oldest`) or refuse the login (`reject`). */
  policy: 'evict-oldest' | 'reject';
}

/**
 * The user's sessions to end so that one more fits: their store keys (the `listSessions`
 * handles), oldest first; empty when there is room. Sessions whose keys are in `exclude` (the
 * committing session's own entries) and entries that are not sessions (forwarding records) do not
 * count. Throws SessionLimitError instead when the policy is `reject` and there is no room.
 */
export async function sessionsToEvict(
  store: UserIndexedStore,
  limit: UserSessionsOptions,
  userId: string,
  exclude: readonly (string | null)[],
  now: number,
  limits: JsonLimits,
): Promise<string[]> {
  const others: { key: string; createdAt: number }[] = [];
  for (const entry of await store.listByUser(userId, now)) {
    if (exclude.includes(entry.key)) continue;
    const decoded = decodeState(entry.data, limits);
    if (decoded.ok) others.push({ key: entry.key, createdAt: decoded.state.createdAt });
  }
  const surplus = others.length - (limit.max - 1);
  if (surplus <= 0) return [];
  if (limit.policy === 'reject') throw new SessionLimitError(limit.max);
  others.sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return others.slice(0, surplus).map((e) => e.key);
}
