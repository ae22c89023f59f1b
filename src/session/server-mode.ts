/**
 * Server mode: the session lives in a store; the cookie holds a 256-bit random token and the
 * store key is the token's SHA-256, so a leaked store dump holds no usable cookie.
 *
 * Commit is a compare-and-swap with replay (cas.ts), so concurrent requests that change
 * different keys both keep their changes, and a session deleted meanwhile (logout in another
 * request) is never re-created (SR-17).
 * @module
 */
import { getCookies } from '../cookie/get-cookie.ts';
import { generateToken, hashToken, isWellFormedToken } from '../crypto/index.ts';
import type { ResolvedOptions } from './options.ts';
import type { SessionControl } from './session.ts';
import { sessionExpiry } from './cookie-mode.ts';
import { commitWithReplay } from './cas.ts';
import { decodeState, emptyState, encodeState, type SessionState } from './state.ts';
import type { SessionStore, StoreWrite } from './store.ts';
import type { SessionCookieWriter } from './session-cookie.ts';
import { validateData, type LoadOutcome } from './validate-data.ts';

/** Most values of the session cookie name looked up on one request (SR-30). */
const MAX_CANDIDATES = 3;
const READ_OPTIONS = { decode: false, maxHeaderLength: 64 * 1024, maxPairs: 1024 } as const;

/** What server mode remembers between load and commit. */
export interface ServerRef {
  /** The token of the loaded session, or null. */
  token: string | null;
  /** Its store key, or null. */
  key: string | null;
  /** The entry's version when loaded. */
  version: number;
  /** The entry's stored expiry when loaded (epoch ms). */
  storedExpiresAt: number;
  /** Whether the request carried any value for the cookie name. */
  cookieSent: boolean;
}

/** Server-mode load and commit for one manager. */
export function createServerMode<Data>(o: ResolvedOptions<Data>, writer: SessionCookieWriter) {
  const store: SessionStore = o.store!;
  const name = o.cookie.name;

  const toWrite = (state: SessionState): StoreWrite => ({ data: encodeState(state), expiresAt: sessionExpiry(o, state), userId: state.userId });

  /** The Set-Cookie line carrying `token` for `state` (persistent or browser-session). */
  const cookieFor = (token: string, state: SessionState, now: number) => {
    const expiresAt = sessionExpiry(o, state);
    const maxAge = state.persistUntil === null ? null : Math.max(1, Math.ceil((Math.min(state.persistUntil, expiresAt) - now) / 1000));
    return writer.set(name, token, maxAge);
  };

  const fresh = (ref: ServerRef, reason: LoadOutcome<ServerRef>['reason']): LoadOutcome<ServerRef> => {
    const now = o.now();
    return { base: { state: emptyState(now), isNew: true, expiresAt: now + o.absoluteMs }, ref, reason };
  };

  return {
    async load(header: string | null): Promise<LoadOutcome<ServerRef>> {
      const values = getCookies(header, name, READ_OPTIONS);
      const ref: ServerRef = { token: null, key: null, version: 0, storedExpiresAt: 0, cookieSent: values.length > 0 };
      if (values.length === 0) return fresh(ref, null);
      // SR-4: only well-formed tokens of our own format ever reach the store.
      const tokens = [...new Set(values.filter(isWellFormedToken))].slice(0, MAX_CANDIDATES);
      if (tokens.length === 0) return fresh(ref, 'malformed');
      const now = o.now();
      const found = [];
      for (const token of tokens) {
        const key = hashToken(token);
        const record = await store.get(key, now);
        if (record !== null) found.push({ token, key, record });
      }
      if (found.length === 0) return fresh(ref, 'unknown-session'); // SR-5: never adopted
      if (found.length > 1) return fresh(ref, 'ambiguous'); // SR-30
      const { token, key, record } = found[0]!;
      const decoded = decodeState(record.data, o.limits);
      if (!decoded.ok) return fresh(ref, 'malformed');
      // Idle expiry lives in the entry's expiresAt (moved by touch); the absolute deadline in the data.
      const expiresAt = Math.min(record.expiresAt, decoded.state.createdAt + o.absoluteMs);
      if (expiresAt <= now) {
        await store.delete(key); // SR-9: an idle or absolute expiry destroys the record
        return fresh(ref, 'expired');
      }
      Object.assign(ref, { token, key, version: record.version, storedExpiresAt: record.expiresAt });
      return { base: { state: decoded.state, isNew: false, expiresAt }, ref, reason: null };
    },

    validate(outcome: LoadOutcome<ServerRef>) {
      return validateData(o, outcome);
    },

    /** Writes the session's changes and returns the Set-Cookie lines to send. */
    async commit(ref: ServerRef, control: SessionControl): Promise<string[]> {
      const now = o.now();
      if (control.destroyed) {
        if (ref.key !== null) await store.delete(ref.key);
        return ref.cookieSent ? [writer.clear(name)] : [];
      }
      const base = control.base!;
      const changed = control.ops.length > 0 || control.regenerate !== null;
      if (!changed) {
        if (base.isNew || ref.key === null || o.idleMs === null) return [];
        // Record activity at most once per touch interval (not one write per request).
        const state = control.view();
        state.lastSeenAt = now;
        const next = sessionExpiry(o, state);
        if (next - ref.storedExpiresAt < o.touchIntervalMs) return [];
        const touched = await store.touch(ref.key, next, now, state.userId); // the user hint saves indexed stores a trip
        if (!touched) return [writer.clear(name)];
        return state.persistUntil === null ? [] : [cookieFor(ref.token!, state, now)];
      }

      const state = control.view();
      state.lastSeenAt = now;
      if (control.regenerate !== null && !control.regenerate.keepLifetime) state.createdAt = now;

      if (base.isNew || control.regenerate !== null) {
        // A new id: a fresh session, or regenerate (SR-6: old entry deleted in the same commit).
        const old = ref.key;
        const oneStep = old !== null && store.replace !== undefined; // insert and delete in one trip where the store can
        let token = generateToken();
        let key = hashToken(token);
        while (!(await (oneStep ? store.replace!(old, key, toWrite(state), now) : store.create(key, toWrite(state), now)))) {
          token = generateToken(); // 2^-256 collision: try again rather than overwrite
          key = hashToken(token);
        }
        if (old !== null && !oneStep) await store.delete(old);
        return [cookieFor(token, state, now)];
      }

      const written = await commitWithReplay({
        store,
        key: ref.key!,
        state,
        version: ref.version,
        ops: control.ops,
        now,
        attempts: o.commitAttempts,
        limits: o.limits,
        toWrite,
      });
      if (!written.ok) return [writer.clear(name)]; // destroyed meanwhile: never resurrect (SR-17)
      const persistChanged = control.ops.some((op) => op.op === 'persist');
      return persistChanged || written.state.persistUntil !== null ? [cookieFor(ref.token!, written.state, now)] : [];
    },
  };
}
