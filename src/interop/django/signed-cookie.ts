/**
 * Values of Django's `response.set_signed_cookie(name, value, salt)` and
 * `request.get_signed_cookie(name, salt=…, max_age=…)` (specs/python-interop.md §4.4): a
 * `TimestampSigner` keyed with `b"django.http.cookies" ‖ SECRET_KEY` (each fallback key
 * likewise) and salted with the cookie name followed by `salt`. The value is plain text.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { InteropResult } from '../outcome.ts';
import { secretBytes, type SecretInput } from '../python/secrets.ts';
import { createDjangoTimestampSigner, type DjangoTimestampSignerOptions } from './signer.ts';

/** Options of {@link createDjangoSignedCookie}. */
export interface DjangoSignedCookieOptions extends Omit<DjangoTimestampSignerOptions, 'key' | 'fallbackKeys' | 'salt'> {
  /** `SECRET_KEY`. */
  secretKey: SecretInput;
  /** `SECRET_KEY_FALLBACKS` (Django ≥ 4.1). */
  fallbackKeys?: readonly SecretInput[] | undefined;
  /** The cookie's name: the first part of the salt. */
  name: string;
  /** The `salt=` argument (default `""`), appended to the name. */
  salt?: string | undefined;
}

/** Signs and reads one signed cookie's values. */
export interface DjangoSignedCookie {
  /** The cookie value for `value`. @throws TypeError for a non-string or lone surrogates. */
  sign(value: string, options?: { now?: number | undefined }): string;
  /** The value, or why not, as `get_signed_cookie` (never throws; see `DjangoTimestampSigner.unsign`). */
  unsign(cookieValue: string, options?: { maxAgeSeconds?: number | undefined; now?: number | undefined }): InteropResult<string>;
}

const prefixed = (key: SecretInput, option: string) => Buffer.concat([Buffer.from('django.http.cookies'), secretBytes(key, option)]);

/** Creates the signer Django's signed cookies use. @throws ConfigError for a missing name or a bad key or algorithm. */
export function createDjangoSignedCookie(options: DjangoSignedCookieOptions): DjangoSignedCookie {
  if (typeof options.name !== 'string' || options.name === '') throw new ConfigError('name', 'the cookie name is part of the salt; give the name the Django view uses');
  return createDjangoTimestampSigner({
    ...options,
    key: prefixed(options.secretKey, 'secretKey'),
    fallbackKeys: (options.fallbackKeys ?? []).map((k, i) => prefixed(k, `fallbackKeys[${i}]`)),
    salt: options.name + (options.salt ?? ''),
  });
}
