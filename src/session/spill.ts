/**
 * Spill (cookie modes, optional): a session whose encoded payload outgrows a configured size is
 * moved into a store, and the signed or sealed cookie carries only a reference `@<token>` (a
 * 256-bit random token; the store key is its SHA-256). When the session shrinks again it moves
 * back into the cookie and the store entry is deleted. Writes to a spilled session are
 * compare-and-swap with replay, as in server mode, so concurrent requests lose nothing.
 * @module
 */
import { generateToken, hashToken, isWellFormedToken } from '../crypto/index.ts';
import type { ResolvedOptions } from './options.ts';
import { commitWithReplay } from './cas.ts';
import { decodeState, encodeState, type SessionOp, type SessionState } from './state.ts';
import type { SessionStore } from './store.ts';

const MARK = '@';

/** A spilled session as loaded: its token and the entry's version. */
export interface SpillRef {
  token: string;
  version: number;
}

/** Spill operations for one manager. */
export function createSpill<Data>(o: ResolvedOptions<Data>, store: SessionStore, expiryOf: (state: SessionState) => number) {
  const write = (state: SessionState) => ({ data: encodeState(state), expiresAt: expiryOf(state), userId: state.userId });
  return {
    /** The spill token when `payload` is a reference, else null. */
    reference(payload: string): string | null {
      if (!payload.startsWith(MARK)) return null;
      const token = payload.slice(1);
      return isWellFormedToken(token) ? token : null;
    },

    /** Reads a spilled session; null when the entry is gone, expired or undecodable. */
    async load(token: string, now: number): Promise<{ state: SessionState; ref: SpillRef } | null> {
      const record = await store.get(hashToken(token), now);
      if (record === null) return null;
      const decoded = decodeState(record.data, o.limits);
      return decoded.ok ? { state: decoded.state, ref: { token, version: record.version } } : null;
    },

    /**
     * Writes `state` to the store and returns the cookie payload referring to it, or null when a
     * spilled session was deleted meanwhile (never resurrected, SR-17). A new entry is made for
     * a session not yet spilled, or on regenerate (the old entry is deleted).
     */
    async save(previous: SpillRef | null, state: SessionState, ops: readonly SessionOp[], renew: boolean, now: number): Promise<string | null> {
      if (previous === null || renew) {
        let token = generateToken();
        while (!(await store.create(hashToken(token), write(state), now))) token = generateToken();
        if (previous !== null) await store.delete(hashToken(previous.token));
        return MARK + token;
      }
      const written = await commitWithReplay({
        store,
        key: hashToken(previous.token),
        state,
        version: previous.version,
        ops,
        now,
        attempts: o.commitAttempts,
        limits: o.limits,
        toWrite: write,
      });
      return written.ok ? MARK + previous.token : null;
    },

    /** Deletes a spilled session's entry (on destroy, or when it fits in the cookie again). */
    async remove(previous: SpillRef | null): Promise<void> {
      if (previous !== null) await store.delete(hashToken(previous.token));
    },
  };
}
