/**
 * `tessera/interop/django`: Django's signing and sessions (specs/python-interop.md §4, §5):
 * `createDjangoSigner`, `createDjangoTimestampSigner`, `createDjangoSigning` (`signing.dumps`/
 * `loads`), `createDjangoSignedCookie` (`set_signed_cookie` values), `createDjangoSessionData`
 * (the database session encoding), stores over the `django_session` table
 * (`createDjangoPostgresStore`, `createDjangoSqliteStore`), a session manager that shares
 * Django's sessions (`createDjangoSessionManager`, db or signed-cookies engine) and helpers for
 * the login keys (`_auth_user_id` and the others).
 * @module
 */
export { b62Decode, b62Encode } from './base62.ts';
export {
  createDjangoSigner,
  createDjangoTimestampSigner,
  type DjangoSigner,
  type DjangoSignerOptions,
  type DjangoTimestampSigner,
  type DjangoTimestampSignerOptions,
} from './signer.ts';
export { createDjangoSigning, djangoJson, type DjangoSigning, type DjangoSigningOptions } from './signing.ts';
export { createDjangoSignedCookie, type DjangoSignedCookie, type DjangoSignedCookieOptions } from './signed-cookie.ts';
export { createDjangoSessionData, DJANGO_SIGNED_COOKIES_SALT, type DjangoSessionData, type DjangoSessionDataOptions } from './session-data.ts';
export { createDjangoPostgresStore, type DjangoPostgresStoreOptions, type PgQueryable } from './postgres-store.ts';
export { createDjangoSqliteStore, djangoSqliteDatetime, parseDjangoSqliteDatetime, type DjangoSqliteStoreOptions, type SqliteDatabase, type SqliteStatement } from './sqlite-store.ts';
export { DJANGO_SESSION_KEY_MAX } from './store-common.ts';
export { generateDjangoSessionKey, isDjangoSessionKey } from './session-key.ts';
export { createDjangoSessionManager, type DjangoCookieOptions, type DjangoSession, type DjangoSessionManagerOptions } from './session-manager.ts';
export {
  DJANGO_AUTH_KEYS,
  DJANGO_MODEL_BACKEND,
  djangoLoginEntries,
  djangoSessionAuthHash,
  getDjangoAuthUser,
  verifyDjangoSessionAuth,
  type DjangoAuthUser,
  type VerifyDjangoAuthOptions,
} from './auth.ts';
export type { InteropSession, InteropSessionManager, InteropInvalidCookieEvent } from '../session/interop-session.ts';
export type { InteropResult, InteropFailureReason } from '../outcome.ts';
export * from '../index.ts';
