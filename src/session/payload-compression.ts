/**
 * Optional deflate of cookie payloads: used only when it makes the cookie shorter, and
 * inflated under a hard output cap (SR-40: a decompression bomb stops at the cap). A
 * compressed payload is marked by a leading `~`, which JSON never starts with.
 * @module
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const MARK = '~';
/** Below this many characters deflate never pays off after base64url. */
const MIN_COMPRESSIBLE = 128;

/** `json`, or `~` + base64url(deflate(json)) when that is shorter. */
export function maybeCompress(json: string): string {
  if (json.length < MIN_COMPRESSIBLE) return json;
  const packed = MARK + deflateRawSync(json).toString('base64url');
  return packed.length < json.length ? packed : json;
}

/**
 * The JSON text of a payload made by {@link maybeCompress}, or null when a compressed payload
 * does not inflate or inflates past `maxLength` characters. Never throws.
 */
export function decompress(payload: string, maxLength: number): string | null {
  if (!payload.startsWith(MARK)) return payload;
  try {
    const bytes = inflateRawSync(Buffer.from(payload.slice(1), 'base64url'), { maxOutputLength: maxLength });
    return bytes.toString('utf8');
  } catch {
    return null;
  }
}
