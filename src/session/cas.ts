/**
 * Compare-and-swap with replay: writes a session's new state only over the version it was
 * loaded at; when another request wrote first, re-reads the entry, replays this request's
 * change log on it and tries again, a bounded number of times. Two concurrent requests that
 * change different keys both keep their changes; a session deleted meanwhile is never
 * re-created (SR-17).
 * @module
 */
import { SessionConflictError } from '../errors.ts';
import type { JsonLimits } from './json-safety.ts';
import { applyOp, decodeState, type SessionOp, type SessionState } from './state.ts';
import type { SessionStore, StoreRecord, StoreWrite } from './store.ts';

/** What one compare-and-swap commit needs. */
export interface CasCommit {
  store: SessionStore;
  key: string;
  /** The state to write: the loaded state with `ops` applied. */
  state: SessionState;
  /** The entry's version when the session was loaded. */
  version: number;
  /** The entry's expiry when the session was loaded (the store's `update` hint), when known. */
  loadedExpiresAt?: number | undefined;
  /** This request's change log, replayed on a newer state after a conflict. */
  ops: readonly SessionOp[];
  now: number;
  attempts: number;
  limits: JsonLimits;
  toWrite: (state: SessionState) => StoreWrite;
}

/**
 * The state to write over `record` after losing a compare-and-swap: its session with `ops` (this
 * request's change log) applied and `lastSeenAt` at `now`. Null when the entry is not a session
 * (undecodable, e.g. a forwarding record since a rotation).
 */
export function replayOn(record: StoreRecord, ops: readonly SessionOp[], now: number, limits: JsonLimits): SessionState | null {
  const decoded = decodeState(record.data, limits);
  if (!decoded.ok) return null;
  const state = decoded.state;
  for (const op of ops) applyOp(state, op);
  state.lastSeenAt = now;
  return state;
}

/** Waits a random 0..min(50, 2^attempt) ms, so retrying requests do not collide again in lockstep. */
const backoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Writes `c.state` with compare-and-swap. Resolves `{ ok: true, state }` with the state actually
 * written, or `{ ok: false }` when the entry was deleted (or became undecodable) meanwhile.
 * Throws SessionConflictError after `c.attempts` conflicts, StoreError when the store fails.
 */
export async function commitWithReplay(c: CasCommit): Promise<{ ok: true; state: SessionState } | { ok: false }> {
  let version = c.version;
  let loadedExpiresAt: number | undefined = c.loadedExpiresAt;
  let current = c.state;
  for (let attempt = 1; attempt <= c.attempts; attempt++) {
    const result = await c.store.update(c.key, c.toWrite(current), version, c.now, loadedExpiresAt);
    if (result.status === 'ok') return { ok: true, state: current };
    if (result.status === 'missing') return { ok: false };
    if (attempt > 1) await backoff(attempt);
    const record = await c.store.get(c.key, c.now);
    const replayed = record === null ? null : replayOn(record, c.ops, c.now, c.limits);
    if (replayed === null) return { ok: false };
    current = replayed;
    version = record!.version;
    loadedExpiresAt = record!.expiresAt;
  }
  throw new SessionConflictError(c.attempts);
}
