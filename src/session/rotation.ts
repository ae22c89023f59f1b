/**
 * The rotation timeout (SR-14, option `timeouts.rotateSeconds`): in server mode, a session whose
 * current id is older than the interval gets a new id at the next commit of a request that reads
 * it, as `regenerate({ keepLifetime: true })` would: data kept, absolute deadline unchanged (SR-10).
 *
 * Requests still in flight with the old cookie must keep working: the old entry is not deleted
 * but swapped, by compare-and-swap, for a forwarding record (forward.ts) naming the new entry,
 * valid for `timeouts.rotateGraceSeconds`. A load through it reads the new entry; a commit writes
 * to the new entry; a request that loaded the old entry before the swap finds the forward when its
 * compare-and-swap fails and replays its changes onto the new entry. No write is lost, and a
 * session destroyed meanwhile is never re-created (SR-17).
 * @module
 */
import { generateToken, hashToken } from '../crypto/index.ts';
import { SessionConflictError } from '../errors.ts';
import { commitWithReplay, replayOn } from './cas.ts';
import { decodeForward, encodeForward } from './forward.ts';
import type { ResolvedOptions } from './options.ts';
import { cloneState, type SessionOp, type SessionState } from './state.ts';
import type { SessionStore, StoreRecord, StoreWrite } from './store.ts';

/** What {@link Rotation.rotate} did. */
export type RotateOutcome =
  /** The session now lives under `token`'s key and the old entry forwards to it: send `token`'s cookie. */
  | { status: 'rotated'; token: string; state: SessionState }
  /** Another request rotated it first; this request's changes were replayed onto that new entry: send no cookie. */
  | { status: 'merged' }
  /** The session was destroyed meanwhile; nothing was written (SR-17). */
  | { status: 'gone' };

/** A live entry reached through a forwarding record. */
export interface Forwarded {
  /** The new entry's store key. */
  key: string;
  record: StoreRecord;
}

/** Rotation and forwarding for one server-mode manager. */
export interface Rotation {
  /** Whether a session loaded with `state` is due for a new id at `now` (false when rotation is off). */
  due(state: SessionState, now: number): boolean;
  /**
   * Gives the session loaded from `oldKey` at `version` a new id: writes `state` (the loaded state
   * with `ops` applied) under a new key, then swaps the old entry for a forward, replaying `ops`
   * onto a newer old entry on conflict. Throws SessionConflictError after `commitAttempts` conflicts.
   */
  rotate(oldKey: string, version: number, state: SessionState, ops: readonly SessionOp[], now: number): Promise<RotateOutcome>;
  /** The live entry a stored `data` forwards to at `now`, or null (not a forward, past its grace, target gone). */
  follow(data: string, now: number): Promise<Forwarded | null>;
  /**
   * For a commit whose compare-and-swap on `key` found the entry gone: when `key` now holds a
   * forward, replays `ops` onto the new entry and resolves true; false when the session is gone.
   */
  commitThroughForward(key: string, ops: readonly SessionOp[], now: number): Promise<boolean>;
}

/** Waits a random 0..min(50, 2^attempt) ms, so retrying requests do not collide again in lockstep (as cas.ts). */
const backoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/** Rotation for the manager of `o` over `store`; `toWrite` encodes a state as the manager writes it. */
export function createRotation<Data>(o: ResolvedOptions<Data>, store: SessionStore, toWrite: (state: SessionState) => StoreWrite): Rotation {
  const follow = async (data: string, now: number): Promise<Forwarded | null> => {
    const forward = decodeForward(data);
    // The grace window lives in the record's data: a touch that moved the entry's expiry cannot stretch it.
    if (forward === null || forward.until <= now) return null;
    const record = await store.get(forward.key, now);
    return record === null ? null : { key: forward.key, record };
  };

  const replayOnto = async (target: Forwarded, ops: readonly SessionOp[], now: number): Promise<boolean> => {
    const state = replayOn(target.record, ops, now, o.limits);
    if (state === null) return false;
    const written = await commitWithReplay({ store, key: target.key, state, version: target.record.version, loadedExpiresAt: target.record.expiresAt, ops, now, attempts: o.commitAttempts, limits: o.limits, toWrite });
    return written.ok;
  };

  const commitThroughForward = async (key: string, ops: readonly SessionOp[], now: number): Promise<boolean> => {
    const record = await store.get(key, now);
    const target = record === null ? null : await follow(record.data, now);
    return target !== null && replayOnto(target, ops, now);
  };

  return {
    due(state, now) {
      return o.rotateMs !== null && now - (state.issuedAt ?? state.createdAt) >= o.rotateMs;
    },

    follow,
    commitThroughForward,

    async rotate(oldKey, version, loaded, ops, now) {
      let state = cloneState(loaded);
      state.lastSeenAt = now;
      state.issuedAt = now; // the new id's age; createdAt (the absolute deadline, SR-10) is kept
      let write = toWrite(state);
      let token = generateToken();
      let key = hashToken(token);
      while (!(await store.create(key, write, now))) {
        token = generateToken(); // 2^-256 collision: try again rather than overwrite
        key = hashToken(token);
      }
      const gone = async (): Promise<RotateOutcome> => {
        await store.delete(key);
        return { status: 'gone' };
      };
      let newVersion = 1;
      let expected = version;
      for (let attempt = 1; attempt <= o.commitAttempts; attempt++) {
        const until = Math.min(now + o.rotateGraceMs, write.expiresAt);
        const forward: StoreWrite = { data: encodeForward({ key, until }), expiresAt: until, userId: state.userId }; // in the user's index: revokeSessions ends it too
        const swapped = await store.update(oldKey, forward, expected, now);
        if (swapped.status === 'ok') return { status: 'rotated', token, state };
        if (swapped.status === 'missing') return gone(); // destroyed meanwhile: the new entry goes too (SR-17)
        // Another request wrote the old entry since this one loaded it: re-read, replay, try again.
        if (attempt > 1) await backoff(attempt);
        const record = await store.get(oldKey, now);
        if (record === null) return gone();
        const next = replayOn(record, ops, now, o.limits);
        if (next === null) {
          // Rotated by a concurrent request: this request's changes go to the entry it made.
          await store.delete(key);
          const target = await follow(record.data, now);
          return target !== null && (await replayOnto(target, ops, now)) ? { status: 'merged' } : { status: 'gone' };
        }
        next.issuedAt = now;
        state = next;
        write = toWrite(state);
        const rewritten = await store.update(key, write, newVersion, now); // nobody else knows the new key yet
        if (rewritten.status !== 'ok') return gone();
        newVersion = rewritten.version;
        expected = record.version;
      }
      await store.delete(key);
      throw new SessionConflictError(o.commitAttempts);
    },
  };
}
