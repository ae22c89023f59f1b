/**
 * The session manager: `load(cookieHeader)` gives a lazily loaded Session, `commit(session)`
 * gives the response headers to append. It speaks in strings, not frameworks: adapters
 * translate requests and responses, the manager decides.
 * @module
 */
import { ConfigError } from '../errors.ts';
import { createCookieMode, type CookieRef } from './cookie-mode.ts';
import { resolveOptions, type ResolvedOptions, type SessionManagerOptions } from './options.ts';
import { createServerMode, type ServerRef } from './server-mode.ts';
import { controlOf, createSession, type Session, type SessionControl, type SessionData } from './session.ts';
import { createSessionCookieWriter } from './session-cookie.ts';
import { cloneState, decodeState, type SessionMeta } from './state.ts';
import { hasUserIndex } from './store.ts';
import type { LoadOutcome } from './validate-data.ts';
import { emitEvent } from './events.ts';
import { changedContext, contextToRecord } from './context-binding.ts';
import { createTransportGuard, type RequestTransport } from './transport.ts';

/** A response header to append, as `[name, value]`. Several `Set-Cookie` entries may appear. */
export type HeaderEntry = [name: string, value: string];

/**
 * Per-request facts an adapter may pass to `load`: the client (`userAgent`, `ip`: recorded by
 * `bindUser` for "active devices") and the transport (`secure`, `host`: SR-46, a `Secure` cookie
 * is not issued over plain HTTP; see {@link RequestTransport}).
 */
export interface RequestContext extends RequestTransport {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

/** One of a user's sessions, as "active devices" shows it. */
export interface SessionSummary {
  /** Opaque handle for `revokeSession` (the store key; not the cookie token). */
  handle: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
  /** True for the session passed as `current`. */
  current: boolean;
}

/** The session manager. */
export interface SessionManager<Data extends SessionData = SessionData, Flash extends SessionData = SessionData> {
  /** The resolved cookie name. */
  readonly cookieName: string;
  /**
   * A session for the request's `Cookie` header (null or undefined when absent). Touches nothing:
   * the cookie is verified or the store read on the session's first read.
   */
  load(cookieHeader: string | null | undefined, context?: RequestContext): Session<Data, Flash>;
  /**
   * Writes what the request changed and returns the headers to append: `Set-Cookie` lines,
   * `Vary: Cookie` when the response depends on the session, `Cache-Control: private, no-store`
   * when a session cookie is set or cleared (SR-20), `Clear-Site-Data` on a destroy when
   * `cookie.clearSiteDataOnDestroy` asks for it. An untouched session gives no headers and no I/O.
   * With `onEvent`, reports `created`, `regenerated` or `destroyed` once the headers are ready (SR-48).
   * Throws StoreError when the store fails, SessionConflictError when retries are exhausted,
   * CookieTooLargeError when a cookie-mode session does not fit, InsecureTransportError (before
   * writing anything) when it would set the `Secure` cookie over plain HTTP (SR-46).
   */
  commit(session: Session<Data, Flash>): Promise<HeaderEntry[]>;
  /**
   * `commit` without waiting, where nothing has to wait: a loaded cookie-mode session with a
   * node:crypto keyring and no spill, a loaded server-mode session that needs no write (read
   * only, no touch due) or, on a store with synchronous forms (memory, SQLite), whose write is a
   * compare-and-swap or a touch that succeeds at once, or an untouched session. Returns null,
   * having written nothing, when the commit needs asynchronous work (a store without synchronous
   * forms, a new id, destroy, a conflict to replay, Web Crypto, a session not yet loaded): call
   * `commit` then.
   * Throws what `commit` throws. Adapters use it to send a response in the same tick.
   */
  commitSync(session: Session<Data, Flash>): HeaderEntry[] | null;
  /** The user's live sessions (server mode with a store that has the per-user index). */
  listSessions(userId: string, options?: { current?: Session<Data, Flash> }): Promise<SessionSummary[]>;
  /**
   * Ends every session of the user except `except` ("log out everywhere else"); resolves how many
   * ended. Cookie modes with `cookieMode.revocation` (SR-16): raises the user's generation, so every
   * cookie of the user issued before is refused on its next request (cookies are not counted:
   * resolves 0); `except` must not be committed yet: its commit re-issues it with the new
   * generation. Costs a store `get` and a compare-and-swap write.
   */
  revokeSessions(userId: string, options?: { except?: Session<Data, Flash> }): Promise<number>;
  /**
   * Ends one of the user's sessions by its handle (from `listSessions`); false when it is not the
   * user's. Server mode only, like `listSessions`: cookie modes keep no per-user index of cookies, so
   * there are no handles (end one cookie session with `destroy()`, all with `revokeSessions`).
   */
  revokeSession(userId: string, handle: string): Promise<boolean>;
}

/**
 * Creates a session manager. Validates every option at once and throws ConfigError naming the
 * option and the fix (e.g. a missing keyring, a `__Host-` name with a Domain).
 */
export function createSessionManager<Data extends SessionData = SessionData, Flash extends SessionData = SessionData>(
  options: SessionManagerOptions<Data>,
): SessionManager<Data, Flash> {
  const o: ResolvedOptions<Data> = resolveOptions(options);
  const writer = createSessionCookieWriter(o.cookie);
  const transport = createTransportGuard(o.cookie, o.allowInsecureTransport); // SR-46; null: never refused
  const cookieMode = o.mode === 'server' ? null : createCookieMode(o, writer);
  const serverMode = o.mode === 'server' ? createServerMode(o, writer) : null;
  const owner = {}; // identifies this manager's sessions

  const report = (outcome: LoadOutcome<unknown>) => {
    if (outcome.reason === null) return;
    const event = { reason: outcome.reason, cookieName: o.cookie.name, ...(outcome.issues ? { issues: outcome.issues } : {}) };
    try {
      o.onInvalidCookie(event);
    } catch {
      // A failing hook must not turn a bad cookie into a 500.
    }
    if (o.onEvent !== null) {
      const at = o.now();
      const ended = outcome.ended;
      if (ended !== undefined) emitEvent(o.onEvent, { type: 'expired', at, cookieName: o.cookie.name, timeout: ended.timeout, userId: ended.userId });
      emitEvent(o.onEvent, { type: 'invalid-cookie', at, cookieName: o.cookie.name, reason: outcome.reason });
    }
  };

  /** SR-49: reports a loaded session presented from another user agent or IP (a signal; never refused). */
  const compareContext = (control: SessionControl, state: { meta: SessionMeta | null; userId: string | null }) => {
    const changed = changedContext(state.meta, control.context);
    if (changed !== null) emitEvent(o.onEvent, { type: 'context-changed', at: o.now(), cookieName: o.cookie.name, userId: state.userId, changed });
  };

  /** SR-48: what a commit did, reported after it produced its headers. Called only with a hook. */
  const announce = (control: SessionControl, lines: string[]) => {
    const base = control.base!;
    const cookieName = o.cookie.name;
    if (control.destroyed) {
      if (!base.isNew) emitEvent(o.onEvent, { type: 'destroyed', at: o.now(), cookieName, userId: base.state.userId });
    } else if (base.isNew) {
      if (lines.length > 0) emitEvent(o.onEvent, { type: 'created', at: o.now(), cookieName, mode: o.mode });
    } else if (control.regenerate !== null) {
      emitEvent(o.onEvent, { type: 'regenerated', at: o.now(), cookieName, userId: control.view().userId });
    }
  };

  const indexedStore = () => {
    if (o.store === null || !hasUserIndex(o.store)) {
      throw new ConfigError('store', 'listing and revoking a user\'s sessions needs server mode with a store that has the per-user index (memory, SQLite, Redis, Postgres)');
    }
    return o.store;
  };
  const keyOf = (session: Session<Data, Flash> | undefined): string | null => {
    const outcome = session === undefined ? undefined : (controlOf(session, owner)?.outcome as LoadOutcome<ServerRef> | null | undefined);
    return outcome?.ref.key ?? null;
  };

  /** Loads a request's base (once per request, on the first read) and keeps the outcome for commit. */
  const loadBase = (control: SessionControl) => {
    const finish = (result: LoadOutcome<CookieRef | ServerRef>) => {
      control.outcome = result;
      report(result);
      if (o.contextBinding && o.onEvent !== null && !result.base.isNew) compareContext(control, result.base.state);
      return result.base;
    };
    if (cookieMode !== null) {
      const loaded = cookieMode.load(control.header);
      const validated = loaded instanceof Promise ? loaded.then((l) => cookieMode.validate(l)) : cookieMode.validate(loaded);
      return validated instanceof Promise ? validated.then(finish) : finish(validated);
    }
    const loaded = serverMode!.load(control.header); // synchronous with a store's synchronous forms
    const validated = loaded instanceof Promise ? loaded.then((l) => serverMode!.validate(l)) : serverMode!.validate(loaded);
    return validated instanceof Promise ? validated.then(finish) : finish(validated);
  };

  const syncCapable = cookieMode !== null && o.keys !== null && o.keys.backend.mode === 'sync' && o.spill === null && o.revocation === null;

  const controlFor = (session: Session<Data, Flash>): SessionControl => {
    const control = controlOf(session, owner);
    if (control === undefined) throw new ConfigError('session', 'commit() was given a session this manager did not load');
    control.seal();
    return control;
  };

  /** SR-49: a new session records its context when first written (ops > 0: view() is a private copy). */
  const bindContext = (control: SessionControl) => {
    if (o.contextBinding && control.base!.isNew && !control.destroyed && control.ops.length > 0) {
      const state = control.view();
      if (state.meta === null) state.meta = contextToRecord(control.context);
    }
  };

  /** The Set-Cookie lines of a loaded session's commit; synchronous whenever the work is. */
  const commitLines = (control: SessionControl): string[] | Promise<string[]> => {
    const outcome = control.outcome as LoadOutcome<CookieRef | ServerRef>;
    bindContext(control);
    if (cookieMode === null) {
      const ref = outcome.ref as ServerRef;
      return serverMode!.commitSync(ref, control) ?? serverMode!.commit(ref, control);
    }
    const ref = outcome.ref as CookieRef;
    if (control.destroyed) return cookieMode.commit(ref, null, true, control.ops, false);
    const now = o.now();
    const changed = control.ops.length > 0 || control.regenerate !== null;
    // Record activity (idle timeout) at most once per touch interval.
    const touch = !control.base!.isNew && o.idleMs !== null && now - control.view().lastSeenAt >= o.touchIntervalMs;
    // A change made view() a private copy; a touch alone copies here: the loaded state may be shared (verified-cache.ts).
    const state = changed || !touch ? control.view() : cloneState(control.view());
    if (changed || touch) state.lastSeenAt = now;
    if (control.regenerate !== null && !control.regenerate.keepLifetime) state.createdAt = now;
    if (control.base!.isNew && control.ops.length === 0 && control.regenerate === null) return [];
    return cookieMode.commit(ref, state, changed || touch, control.ops, control.regenerate !== null);
  };

  /** The commit's headers; with the committed `control`, also Clear-Site-Data on destroy (SR-20) and the events (SR-48). */
  const headersFor = (lines: string[], control?: SessionControl): HeaderEntry[] => {
    const headers: HeaderEntry[] = lines.map((line) => ['Set-Cookie', line]);
    headers.push(['Vary', 'Cookie']);
    const clearSite = o.clearSiteData !== null && control?.destroyed === true;
    if (lines.length > 0 || clearSite) headers.push(['Cache-Control', 'private, no-store']);
    if (clearSite) headers.push(['Clear-Site-Data', o.clearSiteData!]);
    if (o.onEvent !== null && control !== undefined) announce(control, lines);
    return headers;
  };

  return {
    cookieName: o.cookie.name,

    load(cookieHeader, context) {
      const header = typeof cookieHeader === 'string' && cookieHeader.length > 0 ? cookieHeader : null;
      return createSession<Data, Flash>({ owner, header, loadBase, limits: o.limits, now: o.now, context: context ?? null });
    },

    async commit(session) {
      const control = controlFor(session);
      const touched = control.base !== null || control.ops.length > 0 || control.regenerate !== null || control.destroyed;
      if (!touched) return [];
      if (control.base === null) await session.load(); // blind writes (or destroy) need the base to write onto
      transport?.beforeWrite(control); // SR-46: refused over plain HTTP before anything is written
      const pending = commitLines(control);
      const lines = pending instanceof Promise ? await pending : pending;
      transport?.beforeSend(control, lines);
      return headersFor(lines, control);
    },

    commitSync(session) {
      const control = controlFor(session);
      const touched = control.base !== null || control.ops.length > 0 || control.regenerate !== null || control.destroyed;
      if (!touched) return [];
      if (serverMode !== null && control.base !== null) {
        const ref = (control.outcome as LoadOutcome<ServerRef>).ref;
        // A read-only request within the touch interval writes nothing, so nothing waits.
        if (serverMode.writesNothing(ref, control, o.now())) return headersFor([]);
        if (!serverMode.syncCapable) return null;
        // A store with synchronous forms: an ordinary write (compare-and-swap, touch) commits in this tick.
        transport?.beforeWrite(control); // SR-46, as in commit
        bindContext(control);
        const lines = serverMode.commitSync(ref, control);
        if (lines === null) return null;
        transport?.beforeSend(control, lines);
        return headersFor(lines, control);
      }
      // Synchronous only where nothing can wait: a loaded cookie-mode session, a node:crypto keyring, no spill.
      if (!syncCapable || control.base === null) return null;
      transport?.beforeWrite(control); // SR-46, as in commit
      const lines = commitLines(control);
      if (lines instanceof Promise) throw new Error('tessera: a synchronous commit went asynchronous (please report this)');
      transport?.beforeSend(control, lines);
      return headersFor(lines, control);
    },

    async listSessions(userId, listOptions = {}) {
      const store = indexedStore();
      const now = o.now();
      const current = keyOf(listOptions.current);
      const entries = await store.listByUser(userId, now);
      const out: SessionSummary[] = [];
      for (const e of entries) {
        const decoded = decodeState(e.data, o.limits);
        if (!decoded.ok) continue;
        const s = decoded.state;
        const meta: SessionMeta = s.meta ?? {};
        out.push({
          handle: e.key,
          createdAt: s.createdAt,
          // A throttled touch moves only the entry's expiry (no data write), which tells when it ran.
          lastSeenAt: o.idleMs === null ? s.lastSeenAt : Math.max(s.lastSeenAt, Math.min(now, e.expiresAt - o.idleMs)),
          expiresAt: e.expiresAt,
          userAgent: meta.userAgent ?? null,
          ip: meta.ip ?? null,
          current: e.key === current,
        });
      }
      return out.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    },

    async revokeSessions(userId, revokeOptions = {}) {
      if (cookieMode !== null && cookieMode.revocable) {
        // Cookie modes (SR-16): raise the user's generation; `except` is loaded first, then re-issued with the new one.
        const except = revokeOptions.except;
        const control = except === undefined ? undefined : controlOf(except, owner);
        if (control !== undefined) await except!.load();
        const keep = control === undefined ? null : { ref: (control.outcome as LoadOutcome<CookieRef>).ref, userId: control.view().userId };
        await cookieMode.revokeUser(userId, keep);
        return 0;
      }
      const store = indexedStore();
      const keep = keyOf(revokeOptions.except);
      return store.deleteByUser(userId, keep === null ? [] : [keep]);
    },

    async revokeSession(userId, handle) {
      const store = indexedStore();
      const entries = await store.listByUser(userId, o.now());
      if (!entries.some((e) => e.key === handle)) return false;
      await store.delete(handle);
      return true;
    },
  };
}
