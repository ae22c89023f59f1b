/**
 * `tessera/session`: the session manager, the Session object, the store contract.
 *
 * ```ts
 * const sessions = createSessionManager<{ userId?: string }>({ keys: createKeyring([{ secret }]) });
 * const session = sessions.load(request.headers.get('cookie'));
 * session.set('userId', '42');
 * for (const [name, value] of await sessions.commit(session)) response.headers.append(name, value);
 * ```
 * @module
 */
export { createSessionManager } from './manager.ts';
export type { HeaderEntry, RequestContext, SessionManager, SessionSummary } from './manager.ts';
export type { SessionEngine, SessionOf } from './engine.ts';
export type { RequestTransport } from './transport.ts';
export type { Session, SessionData, RegenerateOptions } from './session.ts';
export { SessionNotLoadedError } from './session.ts';
export type {
  CookieModeOptions,
  InvalidCookieEvent,
  InvalidCookieReason,
  SessionCookieOptions,
  SessionManagerOptions,
  SessionMode,
  SessionTimeouts,
} from './options.ts';
export type { UserSessionsOptions } from './user-limit.ts';
export type { SessionMeta, SessionState } from './state.ts';
export type { ContextField, CsrfRejectedEvent, SessionEvent, SessionEventHook, SessionLifecycleEvent, SessionTimeoutKind } from './events.ts';
export type { ClearSiteDataType } from './clear-site-data.ts';
export { decodeState as decodeStoredSession } from './state.ts';
export type { JsonLimits } from './json-safety.ts';
export type { StandardSchemaV1 } from './standard-schema.ts';
export { hasUserIndex } from './store.ts';
export type { SessionStore, StoreListEntry, StorePage, StoreRecord, StoreWrite, SyncStoreOps, UpdateResult, UserIndexedStore } from './store.ts';
