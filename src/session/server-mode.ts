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
import { commitWithReplay, replayOn } from './cas.ts';
import { endedBy, isStampedInFuture } from './lifetime-checks.ts';
import { cloneState, decodeState, emptyState, encodeState, type SessionState } from './state.ts';
import type { SessionStore, StoreRecord, StoreWrite, UserIndexedStore } from './store.ts';
import { SessionLimitError } from '../errors.ts';
import { emitEvent } from './events.ts';
import { decodeForward } from './forward.ts';
import { createRotation } from './rotation.ts';
import { sessionsToEvict } from './user-limit.ts';
import type { SessionCookieWriter } from './session-cookie.ts';
import { validateData, type LoadOutcome } from './validate-data.ts';

/** Most values of the session cookie name looked up on one request (SR-30). */
const MAX_CANDIDATES = 3;
const READ_OPTIONS = { decode: false, maxHeaderLength: 64 * 1024, maxPairs: 1024 } as const;
const NO_KEYS: readonly string[] = [];

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
  /** Set when a synchronous commit gave up after store calls (a conflict twice, a missing entry): `commit` then starts over, asynchronously. */
  syncGaveUp: boolean;
  /**
   * The forwarding record's key when the cookie's id was rotated away and this request reached
   * the session through it within the grace window (SR-14; `key` is then the new entry's), else null.
   */
  via: string | null;
}

/** Most ids drawn for a one-step regenerate (one in 64 pairs on Redis: failing 4,096 times has odds of about e^-64). */
const MAX_ID_DRAWS = 4096;

/** Server-mode load and commit for one manager. */
export function createServerMode<Data>(o: ResolvedOptions<Data>, writer: SessionCookieWriter) {
  const store: SessionStore = o.store!;
  const name = o.cookie.name;

  const toWrite = (state: SessionState): StoreWrite => ({ data: encodeState(state), expiresAt: sessionExpiry(o, state), userId: state.userId });
  const rotation = createRotation(o, store, toWrite);

  /**
   * A new id (token and store key) for a session whose entry is `old`: where the store tells
   * which pairs it replaces in one step (Redis: keys of one bucket), drawn until it pairs with
   * `old` (64 draws on average on Redis, a few microseconds each; bounded, after which two steps).
   */
  const newId = (old: string | null): [token: string, key: string] => {
    let token = generateToken();
    let key = hashToken(token);
    if (old === null || store.replace === undefined || store.sameStep === undefined) return [token, key];
    for (let draws = 1; draws < MAX_ID_DRAWS && !store.sameStep(old, key); draws++) {
      token = generateToken();
      key = hashToken(token);
    }
    return [token, key];
  };

  /**
   * SR-19: when a commit binds `state` to a user `before` was not bound to, the user's sessions to
   * evict once it is written; throws SessionLimitError (policy `reject`) before anything is written.
   */
  const planLimit = async (ref: ServerRef, before: SessionState, state: SessionState, now: number): Promise<readonly string[]> => {
    const userId = state.userId;
    if (o.userSessions === null || userId === null || userId === before.userId) return NO_KEYS;
    try {
      return await sessionsToEvict(store as UserIndexedStore, o.userSessions, userId, [ref.key, ref.via], now, o.limits); // indexed: checked at start-up
    } catch (error) {
      if (error instanceof SessionLimitError) emitEvent(o.onEvent, { type: 'limit-reached', at: now, cookieName: name, userId });
      throw error;
    }
  };
  /** Ends the evicted sessions (their forwarding records, if any, then lead nowhere). */
  const evict = async (userId: string, keys: readonly string[], now: number) => {
    for (const handle of keys) {
      await store.delete(handle);
      emitEvent(o.onEvent, { type: 'evicted', at: now, cookieName: name, userId, handle });
    }
  };

  /** SR-14: commits `control` under a new id; the old entry forwards to it for the grace window. */
  const rotate = async (ref: ServerRef, control: SessionControl, now: number): Promise<string[]> => {
    const state = control.view();
    const evictions = o.userSessions === null ? NO_KEYS : await planLimit(ref, control.base!.state, state, now);
    const outcome = await rotation.rotate(ref.key!, ref.version, state, control.ops, now);
    if (outcome.status === 'gone') return [writer.clear(name)]; // destroyed meanwhile: never resurrect (SR-17)
    if (evictions.length > 0) await evict(state.userId!, evictions, now);
    if (outcome.status === 'merged') return []; // the request that rotated first sends the new cookie
    emitEvent(o.onEvent, { type: 'rotated', at: now, cookieName: name, userId: outcome.state.userId });
    return [cookieFor(outcome.token, outcome.state, now)];
  };

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

  /** The outcome for a decoded entry: refused when stamped in the future (SR-13), ended (and deleted, SR-9) when expired, else the session. */
  const settle = (ref: ServerRef, token: string, key: string, record: StoreRecord, state: SessionState, via: string | null, now: number) => {
    // SR-13: kept, not deleted: the clock that is wrong may be this server's.
    if (isStampedInFuture(o, state, now)) return fresh(ref, 'future');
    // Idle expiry lives in the entry's expiresAt (moved by touch); the absolute deadline in the data.
    const expiresAt = Math.min(record.expiresAt, state.createdAt + o.absoluteMs);
    if (expiresAt <= now) {
      return store.delete(key).then(() => {
        const outcome = fresh(ref, 'expired'); // SR-9: an idle or absolute expiry destroys the record
        if (o.onEvent !== null) outcome.ended = { timeout: endedBy(o, state, now), userId: state.userId };
        return outcome;
      });
    }
    ref.token = token;
    ref.key = key;
    ref.version = record.version;
    ref.storedExpiresAt = record.expiresAt;
    ref.via = via;
    const outcome: LoadOutcome<ServerRef> = { base: { state, isNew: false, expiresAt }, ref, reason: null };
    return outcome;
  };

  /** SR-14: an entry that is not a session may be a rotated-away id's forwarding record, followed within the grace window only. */
  const followForward = async (ref: ServerRef, token: string, key: string, record: StoreRecord, now: number): Promise<LoadOutcome<ServerRef>> => {
    const forwarded = await rotation.follow(record.data, now);
    if (forwarded === null) return fresh(ref, decodeForward(record.data) === null ? 'malformed' : 'unknown-session');
    const decoded = decodeState(forwarded.record.data, o.limits);
    if (!decoded.ok) return fresh(ref, 'malformed');
    return settle(ref, token, forwarded.key, forwarded.record, decoded.state, key, now);
  };

  /** The outcome for the one entry the cookie's token found. */
  const loadFound = (ref: ServerRef, token: string, key: string, record: StoreRecord, now: number) => {
    const decoded = decodeState(record.data, o.limits);
    return decoded.ok ? settle(ref, token, key, record, decoded.state, null, now) : followForward(ref, token, key, record, now);
  };

  /** Looks every candidate token up (SR-30: exactly one may match). */
  const loadCandidates = async (ref: ServerRef, tokens: readonly string[], now: number): Promise<LoadOutcome<ServerRef>> => {
    const found = [];
    for (const token of tokens) {
      const key = hashToken(token);
      const record = await store.get(key, now);
      if (record !== null) found.push({ token, key, record });
    }
    if (found.length === 0) return fresh(ref, 'unknown-session'); // SR-5: never adopted
    if (found.length > 1) return fresh(ref, 'ambiguous'); // SR-30
    const { token, key, record } = found[0]!;
    return loadFound(ref, token, key, record, now);
  };

  /** The next expiry when a touch is due for an unchanged loaded session (idle timeout, touch interval passed), else null. */
  const dueTouch = (ref: ServerRef, control: SessionControl, now: number): number | null => {
    if (control.base!.isNew || ref.key === null || o.idleMs === null) return null;
    const next = Math.min(control.view().createdAt + o.absoluteMs, now + o.idleMs); // sessionExpiry with lastSeenAt = now
    return next - ref.storedExpiresAt < o.touchIntervalMs ? null : next;
  };
  /** The lines after a successful touch: a persistent cookie is re-issued with its new Max-Age. */
  const touchedLines = (ref: ServerRef, control: SessionControl, now: number): string[] => {
    const loaded = control.view();
    if (loaded.persistUntil === null || ref.via !== null) return []; // via a forward: the old token must not come back
    const state = cloneState(loaded); // a private copy: a read's state is never changed in place
    state.lastSeenAt = now;
    return [cookieFor(ref.token!, state, now)];
  };
  /** The lines after a successful compare-and-swap of `written`. */
  const updatedLines = (ref: ServerRef, control: SessionControl, written: SessionState, now: number): string[] => {
    if (ref.via !== null) return []; // reached through a forward: the old token must not come back (SR-14)
    const persistChanged = control.ops.some((op) => op.op === 'persist');
    return persistChanged || written.persistUntil !== null ? [cookieFor(ref.token!, written, now)] : [];
  };

  const sync = store.sync ?? null;

  return {
    /**
     * The session for the request's Cookie header. Synchronous (no promise) when the store has
     * synchronous forms and the cookie holds one token whose entry is a live session; else a
     * promise. Throws (or rejects with) StoreError when the store fails.
     */
    load(header: string | null): LoadOutcome<ServerRef> | Promise<LoadOutcome<ServerRef>> {
      const values = getCookies(header, name, READ_OPTIONS);
      const ref: ServerRef = { token: null, key: null, version: 0, storedExpiresAt: 0, cookieSent: values.length > 0, via: null, syncGaveUp: false };
      if (values.length === 0) return fresh(ref, null);
      // SR-4: only well-formed tokens of our own format ever reach the store.
      const tokens = values.length === 1 ? (isWellFormedToken(values[0]!) ? values : NO_KEYS) : [...new Set(values.filter(isWellFormedToken))].slice(0, MAX_CANDIDATES);
      if (tokens.length === 0) return fresh(ref, 'malformed');
      const now = o.now();
      if (sync === null || tokens.length > 1) return loadCandidates(ref, tokens, now);
      const token = tokens[0]!;
      const key = hashToken(token);
      const record = sync.get(key, now);
      return record === null ? fresh(ref, 'unknown-session') : loadFound(ref, token, key, record, now); // SR-5: never adopted
    },

    validate(outcome: LoadOutcome<ServerRef>) {
      return validateData(o, outcome);
    },

    /**
     * Whether committing `control` needs no store operation and sends no cookie: not destroyed,
     * unchanged, and no touch due (a new or cookieless session, no idle timeout, or within the
     * touch interval). `commit` then resolves `[]`; the manager's `commitSync` answers without
     * waiting, so a read-only request's response leaves in the same tick. Any new reason for
     * `commit` to write must make this false.
     */
    writesNothing(ref: ServerRef, control: SessionControl, now: number): boolean {
      if (control.destroyed || control.ops.length > 0 || control.regenerate !== null) return false;
      const base = control.base!;
      if (!base.isNew && ref.via === null && rotation.due(base.state, now)) return false; // SR-14: a rotation writes
      return dueTouch(ref, control, now) === null;
    },

    /** Whether the store has synchronous forms, so that {@link commitSync} can write. */
    syncCapable: sync !== null,

    /**
     * `commit` in this tick, with the store's synchronous forms, for the writes of an ordinary
     * request: a change to a loaded session (one compare-and-swap) or a due touch. Null, having
     * written nothing, when the commit needs `commit`: no synchronous forms, destroy, a new id
     * (new session, regenerate, rotation), a new user binding under a per-user limit (SR-19), a
     * session reached through a forward (SR-14), or a compare-and-swap that did not succeed
     * (a missing entry, a conflict again after one replay). A conflict is replayed once here, as
     * `commit` would (re-read, replay the log, write; no backoff before the first retry). Throws
     * StoreError when the store fails.
     */
    commitSync(ref: ServerRef, control: SessionControl): string[] | null {
      if (sync === null || ref.syncGaveUp || control.destroyed || control.regenerate !== null || ref.via !== null || ref.key === null) return null;
      const base = control.base!;
      const now = o.now();
      if (base.isNew || rotation.due(base.state, now)) return null;
      if (control.ops.length === 0) {
        const next = dueTouch(ref, control, now);
        if (next === null) return [];
        if (!sync.touch(ref.key, next, now, base.state.userId)) return [writer.clear(name)];
        return touchedLines(ref, control, now);
      }
      const state = control.view();
      if (o.userSessions !== null && state.userId !== null && state.userId !== base.state.userId) return null; // SR-19: planned by commit
      state.lastSeenAt = now;
      let written = state;
      let result = sync.update(ref.key, toWrite(state), ref.version, now, ref.storedExpiresAt);
      if (result.status === 'conflict') {
        const record = sync.get(ref.key, now);
        const replayed = record === null ? null : replayOn(record, control.ops, now, o.limits);
        if (replayed !== null) {
          written = replayed;
          result = sync.update(ref.key, toWrite(replayed), record!.version, now, record!.expiresAt);
        }
      }
      if (result.status !== 'ok') {
        ref.syncGaveUp = true; // commit decides: a forward (SR-14), destroyed meanwhile (SR-17), or retries with backoff
        return null;
      }
      return updatedLines(ref, control, written, now);
    },

    /** Writes the session's changes and returns the Set-Cookie lines to send. */
    async commit(ref: ServerRef, control: SessionControl): Promise<string[]> {
      const now = o.now();
      if (control.destroyed) {
        if (ref.via !== null) await store.delete(ref.via); // the forwarding record too (SR-14)
        else if (ref.key !== null && o.rotateMs !== null) {
          // Rotated by a concurrent request since this one loaded it? Then end the new entry too (SR-14, SR-17).
          const current = await store.get(ref.key, now);
          const forward = current === null ? null : decodeForward(current.data);
          if (forward !== null) await store.delete(forward.key);
        }
        if (ref.key !== null) await store.delete(ref.key);
        return ref.cookieSent ? [writer.clear(name)] : [];
      }
      const base = control.base!;
      const changed = control.ops.length > 0 || control.regenerate !== null;
      if (!base.isNew && ref.via === null && control.regenerate === null && rotation.due(base.state, now)) return rotate(ref, control, now);
      if (!changed) {
        // Record activity at most once per touch interval (not one write per request).
        const next = dueTouch(ref, control, now);
        if (next === null) return [];
        const touched = await store.touch(ref.key!, next, now, control.view().userId); // the user hint saves indexed stores a trip
        return touched ? touchedLines(ref, control, now) : [writer.clear(name)];
      }

      const state = control.view();
      state.lastSeenAt = now;
      if (control.regenerate !== null && !control.regenerate.keepLifetime) state.createdAt = now;
      const evictions = o.userSessions === null ? NO_KEYS : await planLimit(ref, base.state, state, now); // SR-19, before any write

      if (base.isNew || control.regenerate !== null) {
        // A new id: a fresh session, or regenerate (SR-6: old entry deleted in the same commit).
        // SR-14: the new id's age counts from now; from createdAt (just reset) when the lifetime restarts.
        if (control.regenerate?.keepLifetime === true) state.issuedAt = now;
        else if (state.issuedAt !== undefined) delete state.issuedAt;
        const old = ref.key;
        const oneStep = old !== null && store.replace !== undefined; // insert and delete in one trip where the store can
        let [token, key] = newId(old);
        const write = toWrite(state);
        while (!(await (oneStep ? store.replace!(old, key, write, now) : store.create(key, write, now)))) {
          [token, key] = newId(old); // 2^-256 collision: try again rather than overwrite
        }
        if (old !== null && !oneStep) await store.delete(old);
        if (evictions.length > 0) await evict(state.userId!, evictions, now);
        return [cookieFor(token, state, now)];
      }

      const written = await commitWithReplay({
        store,
        key: ref.key!,
        state,
        version: ref.version,
        loadedExpiresAt: ref.storedExpiresAt,
        ops: control.ops,
        now,
        attempts: o.commitAttempts,
        limits: o.limits,
        toWrite,
      });
      if (!written.ok) {
        // Rotated by a concurrent request: the changes land in the new entry (SR-14). Else destroyed meanwhile: never resurrect (SR-17).
        return (await rotation.commitThroughForward(ref.key!, control.ops, now)) ? [] : [writer.clear(name)];
      }
      if (evictions.length > 0) await evict(state.userId!, evictions, now);
      return updatedLines(ref, control, written.state, now);
    },
  };
}
