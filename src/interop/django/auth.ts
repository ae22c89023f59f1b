/**
 * Django's login state inside a session (specs/python-interop.md §5.5): `_auth_user_id` (the
 * primary key as a string), `_auth_user_backend` (dotted path) and `_auth_user_hash`
 * (`salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
 * password_hash)` in lower-case hex), which Django recomputes on every request and which
 * logs the user out when the password changed.
 * @module
 */
import { hash, hmac, secretBytes, textEqual, type SecretInput } from '../python/secrets.ts';
import type { PyDict, PyValue } from '../python/values.ts';

/** The session keys `django.contrib.auth` uses. */
export const DJANGO_AUTH_KEYS = Object.freeze({
  userId: '_auth_user_id',
  backend: '_auth_user_backend',
  hash: '_auth_user_hash',
} as const);

/** Django's default authentication backend. */
export const DJANGO_MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';

const HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/**
 * `user.get_session_auth_hash()`: lower-case hex of `salted_hmac(HASH_SALT, passwordHash,
 * secretKey, algorithm)`, where `passwordHash` is the `auth_user.password` column as stored
 * (e.g. `pbkdf2_sha256$…`). `algorithm` is `sha256` (Django ≥ 3.1) or `sha1` (3.2 transitional).
 */
export function djangoSessionAuthHash(passwordHash: string, secretKey: SecretInput, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const key = hash(algorithm, Buffer.from(HASH_SALT), secretBytes(secretKey, 'secretKey'));
  return hmac(algorithm, key, passwordHash).toString('hex');
}

/** The login a session holds. */
export interface DjangoAuthUser {
  userId: string;
  backend: string | null;
  hash: string | null;
}

/** The login recorded in `session` (a decoded session dict), or null when nobody is logged in. Never throws. */
export function getDjangoAuthUser(session: PyDict): DjangoAuthUser | null {
  const id = session[DJANGO_AUTH_KEYS.userId];
  if (typeof id !== 'string' && typeof id !== 'number' && typeof id !== 'bigint') return null;
  const text = (v: PyValue | undefined) => (typeof v === 'string' ? v : null);
  return { userId: String(id), backend: text(session[DJANGO_AUTH_KEYS.backend]), hash: text(session[DJANGO_AUTH_KEYS.hash]) };
}

/** Options of {@link verifyDjangoSessionAuth}. */
export interface VerifyDjangoAuthOptions {
  /** The user's current `auth_user.password` value. */
  passwordHash: string;
  secretKey: SecretInput;
  /** `SECRET_KEY_FALLBACKS`, accepted as Django ≥ 4.1.8 accepts them. */
  fallbackKeys?: readonly SecretInput[] | undefined;
  /** Also accept the SHA-1 hash, as Django 3.2 does. Default false. */
  acceptSha1?: boolean | undefined;
}

/**
 * True when the session's `_auth_user_hash` matches the user's password hash (constant-time),
 * as `django.contrib.auth.get_user` checks on every request; false when it does not or is
 * missing (Django then flushes the session). Never throws for session content.
 */
export function verifyDjangoSessionAuth(session: PyDict, options: VerifyDjangoAuthOptions): boolean {
  const stored = session[DJANGO_AUTH_KEYS.hash];
  if (typeof stored !== 'string') return false;
  const keys = [options.secretKey, ...(options.fallbackKeys ?? [])];
  const algorithms: Array<'sha256' | 'sha1'> = options.acceptSha1 ? ['sha256', 'sha1'] : ['sha256'];
  return keys.some((key) => algorithms.some((a) => textEqual(stored, djangoSessionAuthHash(options.passwordHash, key, a))));
}

/** The three keys `django.contrib.auth.login()` stores for a user (write them after `session.regenerate()`, as Django cycles the key). */
export function djangoLoginEntries(user: { userId: string | number; passwordHash: string; backend?: string }, secretKey: SecretInput): PyDict {
  return {
    [DJANGO_AUTH_KEYS.userId]: String(user.userId),
    [DJANGO_AUTH_KEYS.backend]: user.backend ?? DJANGO_MODEL_BACKEND,
    [DJANGO_AUTH_KEYS.hash]: djangoSessionAuthHash(user.passwordHash, secretKey),
  };
}
