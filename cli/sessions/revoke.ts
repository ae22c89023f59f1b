/**
 * `tessera sessions revoke TOKEN-OR-KEY` (one session) and `tessera sessions revoke-user
 * USER_ID [--except TOKEN-OR-KEY ...]` (log a user out everywhere, through the per-user index).
 * @module
 */
import { OutcomeError } from '../errors.ts';
import { UsageError } from '../usage-error.ts';
import type { SessionsContext } from './context.ts';
import { candidates, findSession } from './resolve.ts';

/** Runs `revoke`. Exit 1 when no live session matches (nothing was revoked). */
export async function revoke(ctx: SessionsContext, input: string): Promise<number> {
  const { open, now, io } = ctx;
  const found = await findSession(open.store, input, now, 'TOKEN-OR-KEY');
  if (found === null) {
    // Deleting is idempotent: also clears an expired entry still stored under these keys.
    for (const c of candidates(input, 'TOKEN-OR-KEY')) await open.store.delete(c.key);
    if (ctx.json) {
      io.out(JSON.stringify({ revoked: false, key: null, userId: null }));
      return 1;
    }
    throw new OutcomeError(`no live session under that token or key in ${open.safeUrl}; nothing revoked`);
  }
  await open.store.delete(found.key);
  if (ctx.json) io.out(JSON.stringify({ revoked: true, key: found.key, userId: found.record.userId }));
  else io.out(`revoked session ${found.key}${found.record.userId === null ? ' (anonymous)' : ` of user ${found.record.userId}`}`);
  return 0;
}

/** Runs `revoke-user`. Exit 2 when the store has no per-user index or an --except names no session of the user. */
export async function revokeUser(ctx: SessionsContext, userId: string, except: readonly string[]): Promise<number> {
  const { open, now, io } = ctx;
  const { store } = open;
  if (userId === '') throw new UsageError('USER_ID is empty');
  if (store.listByUser === undefined || store.deleteByUser === undefined) {
    throw new UsageError(`the ${open.kind} store has no per-user index (listByUser and deleteByUser), so it cannot find a user's sessions; revoke them one by one with tessera sessions revoke`);
  }
  const keep: string[] = [];
  if (except.length > 0) {
    const live = new Set((await store.listByUser(userId, now)).map((e) => e.key));
    for (const input of except) {
      const match = candidates(input, '--except').find((c) => live.has(c.key));
      // Refuse rather than log the operator out of the session they meant to keep.
      if (match === undefined) throw new UsageError(`--except ${input.length > 60 ? input.slice(0, 60) + '…' : input} is not a live session of user ${userId}; nothing revoked`);
      keep.push(match.key);
    }
  }
  const revoked = await store.deleteByUser(userId, keep);
  if (ctx.json) io.out(JSON.stringify({ userId, revoked, kept: keep }));
  else io.out(`revoked ${revoked} session${revoked === 1 ? '' : 's'} of user ${userId}${keep.length > 0 ? `; kept ${keep.length}` : ''}`);
  return 0;
}
