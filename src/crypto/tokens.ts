/**
 * Opaque random tokens (server-side session ids, CSRF tokens). Works on every runtime
 * without a back end: randomness from `crypto.getRandomValues`. (`hashToken` lives in
 * defaults.ts, beside the choice of back end it needs.)
 * @module
 */
import { bytesToBase64url, isCanonicalBase64url } from './encoding.ts';

/** Random bytes in a token: 256 bits (SR-2). */
export const TOKEN_BYTES = 32;
/** Characters in a token: unpadded base64url of {@link TOKEN_BYTES} bytes. */
export const TOKEN_LENGTH = 43;

/** Options of {@link generateToken}. */
export interface GenerateTokenOptions {
  /**
   * Fills a buffer with cryptographically secure random bytes. Default:
   * `globalThis.crypto.getRandomValues` (SR-1). Inject only in tests.
   */
  readonly randomFill?: ((target: Uint8Array<ArrayBuffer>) => void) | undefined;
}

/**
 * A new random token: 32 bytes from a CSPRNG as 43 characters of base64url, carrying no
 * meaning (SR-1, SR-2, SR-3).
 */
export function generateToken(options: GenerateTokenOptions = {}): string {
  const bytes = new Uint8Array(TOKEN_BYTES);
  if (options.randomFill === undefined) globalThis.crypto.getRandomValues(bytes);
  else options.randomFill(bytes);
  return bytesToBase64url(bytes);
}

/**
 * Whether `value` has the exact shape of a {@link generateToken} token: a string of 43
 * canonical base64url characters. Check it before any store lookup (SR-4). Never throws.
 */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && value.length === TOKEN_LENGTH && isCanonicalBase64url(value);
}
