/**
 * The zlib "." marker rule of itsdangerous's URL-safe serializers and Django's `compress=True`
 * (specs/python-interop.md §1.1).
 * @module
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { b64u, djangoB64Decode, itsdangerousB64Decode } from './base64.ts';

/** Largest inflated payload accepted (16 MiB). Python has no bound; a bomb needs the key, but a bound costs nothing. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/**
 * The payload field for `bytes` (§1.1): `"." + b64u(zlib(bytes))` when that saves at least
 * two bytes before base64 and `compress` is on, else `b64u(bytes)`. Compressed bytes differ
 * from Python's (zlib versions differ); both sides inflate them to the same data.
 */
export function encodePayloadField(bytes: Uint8Array, compress: boolean): string {
  if (compress) {
    const packed = deflateSync(bytes);
    if (packed.length < bytes.length - 1) return '.' + b64u(packed);
  }
  return b64u(bytes);
}

/** Inflates a zlib stream; null for a broken or truncated one, or one over {@link MAX_INFLATED_BYTES}. Trailing bytes are ignored, as Python ignores them. */
export function inflate(bytes: Uint8Array): Uint8Array | null {
  try {
    return inflateSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    return null;
  }
}

/**
 * The bytes a payload field stands for: marker dropped, base64 decoded as the library does
 * (`django` selects Django's decoder, else itsdangerous's), inflated when marked. Null where
 * Python raises (which callers report as `bad-payload`).
 */
export function decodePayloadField(field: string, flavour: 'itsdangerous' | 'django'): Uint8Array | null {
  const compressed = field.startsWith('.');
  const text = compressed ? field.slice(1) : field;
  const raw = flavour === 'django' ? djangoB64Decode(text) : itsdangerousB64Decode(text);
  if (raw === null || !compressed) return raw;
  return inflate(raw);
}
