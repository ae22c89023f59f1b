/**
 * Time judgements on a loaded session state, shared by cookie and server mode: a state stamped in
 * the future is refused (SR-13), and an ended session is explained by the timeout that ended it
 * (for the `expired` event, SR-48).
 * @module
 */
import type { SessionTimeoutKind } from './events.ts';
import type { ResolvedOptions } from './options.ts';
import type { SessionState } from './state.ts';

/**
 * Whether `state` was created or last seen more than the clock skew after `now` (SR-13). Exactly
 * `clockSkewMs` ahead is accepted; one millisecond more is not. Such a state came from a server
 * whose clock runs ahead, or was made with the keys: either way its timeouts cannot be trusted.
 */
export function isStampedInFuture<Data>(o: ResolvedOptions<Data>, state: SessionState, now: number): boolean {
  const limit = now + o.clockSkewMs;
  return state.createdAt > limit || state.lastSeenAt > limit;
}

/**
 * Which timeout ended a session in `state` at `now` (call only for a session that has ended):
 * `absolute` once the absolute deadline has passed, else `idle` (SR-9, SR-10).
 */
export function endedBy<Data>(o: ResolvedOptions<Data>, state: SessionState, now: number): SessionTimeoutKind {
  return state.createdAt + o.absoluteMs <= now ? 'absolute' : 'idle';
}
