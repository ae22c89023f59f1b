/**
 * Lifecycle events (SR-48): what a session manager (and `tessera/csrf`) reports to `onEvent` so
 * applications can log, alert and rate-limit (e.g. detect session-ID guessing from a burst of
 * `invalid-cookie` events). Events never carry a cookie value or token (SR-47); the only
 * session reference is the `handle` of `evicted`, the same per-session handle `listSessions`
 * shows (a hash of the token: it opens nothing, but treat it as internal data).
 * @module
 */
import type { InvalidCookieReason } from './options.ts';

/** Which server-enforced timeout ended a session (SR-9, SR-10). */
export type SessionTimeoutKind = 'idle' | 'absolute';

/** A context field that differs from the one recorded when the session was created (SR-49). */
export type ContextField = 'userAgent' | 'ip';

/**
 * An event of a session manager. `at` is the manager's clock (epoch ms); `cookieName` the
 * session cookie's name.
 */
export type SessionLifecycleEvent = { at: number; cookieName: string } & (
  /** A new session's first commit issued its cookie (or store entry, in server mode). */
  | { type: 'created'; mode: 'signed' | 'sealed' | 'server' }
  /** `regenerate()` of an existing session was committed (login, privilege change; SR-6). `userId` after the commit. */
  | { type: 'regenerated'; userId: string | null }
  /** `destroy()` of an existing session was committed (logout; SR-15). `userId` the session was bound to. */
  | { type: 'destroyed'; userId: string | null }
  /**
   * A presented session had ended by its idle or absolute timeout (reported with `invalid-cookie`
   * reason `expired`). Only where tessera can tell which timeout: every cookie-mode session that
   * is not spilled to a store, and server-mode sessions the store still returned. A store drops
   * an entry at its expiry, so server mode usually sees an expired session as an unknown one
   * (`invalid-cookie` reason `unknown-session`).
   */
  | { type: 'expired'; timeout: SessionTimeoutKind; userId: string | null }
  /** A cookie that gave no session: every report of `onInvalidCookie`, with the same reason. */
  | { type: 'invalid-cookie'; reason: InvalidCookieReason }
  /** A session ended because its user went over the per-user limit (SR-19). */
  | { type: 'evicted'; userId: string; handle: string }
  /** A login refused because its user is at the per-user limit (SR-19, policy `reject`). */
  | { type: 'limit-reached'; userId: string }
  /** The session's id was rotated by the rotation timeout (SR-14). */
  | { type: 'rotated'; userId: string | null }
  /**
   * With `contextBinding`: a request presented the session with another user agent or IP than
   * the one recorded (SR-49). A signal only: the session is not refused. `changed` lists the
   * recorded fields that differ (a recorded field the request lacks counts as changed).
   */
  | { type: 'context-changed'; userId: string | null; changed: readonly ContextField[] }
);

/**
 * A CSRF check refused an unsafe request (`tessera/csrf`, option `onEvent`). `reason` is the
 * machine-readable `CsrfRejection` the response carries (`origin-mismatch`, `token-invalid`...).
 * `at` is `Date.now()`: the CSRF protections have no clock of their own.
 */
export interface CsrfRejectedEvent {
  type: 'csrf-rejected';
  at: number;
  reason: string;
}

/** Every event `onEvent` may receive. Switch on `type`. */
export type SessionEvent = SessionLifecycleEvent | CsrfRejectedEvent;

/**
 * The hook's type: called synchronously, after the fact (a `created` event after the commit
 * produced its headers); an exception it throws is swallowed (a failing logger must not fail the
 * request). Keep it fast: it runs on the request path.
 */
export type SessionEventHook = (event: SessionEvent) => void;

/**
 * Calls `hook` with `event` when there is a hook; never throws. Callers on the request path
 * check for a hook before building the event, so a manager without one allocates nothing.
 */
export function emitEvent(hook: SessionEventHook | null | undefined, event: SessionEvent): void {
  if (hook === null || hook === undefined) return;
  try {
    hook(event);
  } catch {
    // A failing hook must not turn a request into a 500.
  }
}
