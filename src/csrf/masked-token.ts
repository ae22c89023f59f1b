/**
 * Synchronizer tokens masked per response (SR-44, BREACH): the token sent to the page is
 * `base64url(mask ‖ (secret XOR mask))` with a fresh random 32-byte mask each time, so a
 * compressed HTTPS response never repeats a fixed secret; verification unmasks first and
 * compares in constant time (SR-33).
 * @module
 */
import { base64urlToBytes, bytesToBase64url } from '../crypto/encoding.ts';

const SECRET_BYTES = 32;
/** Length of a masked token: base64url of 64 bytes. */
export const MASKED_TOKEN_LENGTH = 86;

/** A fresh masked token for `secret` (43 characters of base64url, as `session.csrfSecret()` gives). */
export function maskToken(secret: string): string {
  const raw = base64urlToBytes(secret);
  if (raw === null || raw.length !== SECRET_BYTES) throw new TypeError('maskToken expects a 32-byte base64url secret');
  const out = new Uint8Array(SECRET_BYTES * 2);
  crypto.getRandomValues(out.subarray(0, SECRET_BYTES));
  for (let i = 0; i < SECRET_BYTES; i++) out[SECRET_BYTES + i] = raw[i]! ^ out[i]!;
  return bytesToBase64url(out);
}

/**
 * Whether `token` is a masking of `secret`. Never throws: anything not exactly a well-formed
 * masked token is false. Runs in time independent of where the bytes differ.
 */
export function matchesMaskedToken(secret: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length !== MASKED_TOKEN_LENGTH) return false;
  const bytes = base64urlToBytes(token);
  const raw = base64urlToBytes(secret);
  if (bytes === null || raw === null || bytes.length !== SECRET_BYTES * 2 || raw.length !== SECRET_BYTES) return false;
  let diff = 0;
  for (let i = 0; i < SECRET_BYTES; i++) diff |= (bytes[SECRET_BYTES + i]! ^ bytes[i]!) ^ raw[i]!;
  return diff === 0;
}
