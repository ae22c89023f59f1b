/**
 * Secrets, salts and digests as the Python libraries take them (specs/python-interop.md notation).
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../errors.ts';

/** A secret or salt: text (taken as UTF-8, no normalization) or raw bytes. */
export type SecretInput = string | Uint8Array;

/** Hash functions the formats use (Python's `hashlib` names). */
export type Digest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const DIGESTS: readonly Digest[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

/**
 * The bytes of a secret or salt: a string's UTF-8 bytes (Python's `want_bytes`) or a copy of the bytes.
 * Interop secrets are not vetted like tessera's own keys: they are whatever the Python app was given.
 * @throws ConfigError naming `option` for another type.
 */
export function secretBytes(input: SecretInput, option: string): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof Uint8Array) return Buffer.from(input);
  throw new ConfigError(option, 'must be a string (taken as UTF-8) or a Uint8Array of raw bytes');
}

/** A list of secrets from one secret or an array of them. @throws ConfigError for an empty list or a bad entry. */
export function secretList(input: SecretInput | readonly SecretInput[], option: string): Buffer[] {
  const list = Array.isArray(input) ? (input as readonly SecretInput[]) : [input as SecretInput];
  if (list.length === 0) throw new ConfigError(option, 'needs at least one secret');
  return list.map((s, i) => secretBytes(s, Array.isArray(input) ? `${option}[${i}]` : option));
}

/** Checks a digest name. @throws ConfigError for an unknown one. */
export function checkDigest(digest: unknown, option: string): Digest {
  if (!DIGESTS.includes(digest as Digest)) throw new ConfigError(option, `must be one of ${DIGESTS.join(', ')}, got ${String(digest)}`);
  return digest as Digest;
}

/** `H(data)`. */
export function hash(digest: Digest, ...parts: Uint8Array[]): Buffer {
  const h = createHash(digest);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** `HMAC-H(key, message)`. */
export function hmac(digest: Digest, key: Uint8Array, message: Uint8Array | string): Buffer {
  return createHmac(digest, key).update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message).digest();
}

/** Constant-time equality of two byte strings; false for different lengths (Python's `hmac.compare_digest`). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two texts, compared as UTF-8 bytes (Django's `constant_time_compare`, §1.3). */
export function textEqual(a: string, b: string): boolean {
  return bytesEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
