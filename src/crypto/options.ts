/**
 * Options of sign/seal and verify/unseal, and the checks they share. Bad options are
 * programmer errors and throw; bad tokens never do.
 * @module
 */
import { isWellFormed } from './encoding.ts';

/** Options of `sign` and `seal`. */
export interface SignOptions {
  /**
   * What the token is for, typically the cookie name. Bound into the MAC or the AES-GCM
   * associated data and not transmitted: a token only opens for the same purpose (SR-36).
   * A non-empty, well-formed string.
   */
  readonly purpose: string;
  /** Expiry, epoch milliseconds (a non-negative safe integer), authenticated inside the token. Default: none. */
  readonly expiresAt?: number | undefined;
}

/** Options of `verify` and `unseal`. */
export interface VerifyOptions {
  /** The purpose the token was made for (see {@link SignOptions.purpose}). */
  readonly purpose: string;
  /** The current time, epoch milliseconds, for the expiry check. Default: `Date.now()`. */
  readonly now?: number | undefined;
}

/** Options of `seal`: the same as {@link SignOptions}. */
export type SealOptions = SignOptions;
/** Options of `unseal`: the same as {@link VerifyOptions}. */
export type UnsealOptions = VerifyOptions;

/** @throws TypeError unless `purpose` is a non-empty well-formed string. */
export function checkPurpose(purpose: unknown): asserts purpose is string {
  // Why: a lone surrogate would encode like U+FFFD, letting two different purposes share tokens.
  if (typeof purpose !== 'string' || purpose.length === 0 || !isWellFormed(purpose)) {
    throw new TypeError('options.purpose must be a non-empty string without lone surrogates (e.g. the cookie name)');
  }
}

/** @throws TypeError unless `value` is a well-formed string (lone surrogates would not survive UTF-8). */
export function checkValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isWellFormed(value)) {
    throw new TypeError('value must be a string without lone surrogates; encode other data first (e.g. JSON.stringify)');
  }
}

/**
 * The expiry field of a token: `''` for none, else the canonical decimal of `expiresAt`.
 * @throws RangeError unless `expiresAt` is undefined or a non-negative safe integer.
 */
export function expiryField(expiresAt: number | undefined): string {
  if (expiresAt === undefined) return '';
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0) {
    throw new RangeError('options.expiresAt must be epoch milliseconds as a non-negative integer (e.g. Date.now() + maxAgeSeconds * 1000)');
  }
  return String(expiresAt);
}

/**
 * Reads an authenticated expiry field: `null` for `''`, the number for canonical decimal
 * digits, `-1` for anything else (which only a key holder could have produced).
 */
export function parseExpiry(field: string): number | null {
  if (field === '') return null;
  if (field.length > 16 || (field.length > 1 && field.charCodeAt(0) === 48)) return -1;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  const value = Number(field);
  return Number.isSafeInteger(value) ? value : -1;
}

/**
 * Checks an injected clock reading; `undefined` means "read `Date.now()` when an expiry needs it".
 * @throws TypeError if `now` is given and is not a finite number (NaN would make every token immortal).
 */
export function checkNow(now: number | undefined): number | undefined {
  if (now !== undefined && (typeof now !== 'number' || !Number.isFinite(now))) {
    throw new TypeError('options.now must be epoch milliseconds as a finite number');
  }
  return now;
}
