/**
 * Byte and text encodings that work without Node's `Buffer` (Web Crypto back end, key
 * derivation, tokens): UTF-8, strict base64url (RFC 4648 §5, no padding) and hex.
 *
 * Decoders are strict and canonical: one byte string has exactly one accepted encoding,
 * so a token cannot be altered into a different string that decodes to the same bytes.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Char code → 6-bit value, or 255 for characters outside the base64url alphabet. */
const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** UTF-8 bytes of `text`; lone surrogates become U+FFFD (callers reject them first). */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return textEncoder.encode(text);
}

/** Text of UTF-8 `bytes`; invalid sequences become U+FFFD (callers only decode bytes they produced). */
export function utf8Decode(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/** Unpadded base64url of `bytes` (RFC 4648 §5): ⌈4n/3⌉ characters. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]!;
    out += ALPHABET[v >>> 2]! + ALPHABET[(v << 4) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out += ALPHABET[v >>> 10]! + ALPHABET[(v >>> 4) & 63]! + ALPHABET[(v << 2) & 63]!;
  }
  return out;
}

/**
 * True when `text.slice(start, end)` is canonical unpadded base64url: only `A–Z a–z 0–9 - _`,
 * a length that is not 1 mod 4, and zero bits in the unused low bits of the last character.
 * Never throws; any non-alphabet character (including `=`, `+`, `/`, `.`, NUL, non-ASCII) fails.
 */
export function isCanonicalBase64url(text: string, start = 0, end = text.length): boolean {
  const length = end - start;
  const rest = length & 3;
  if (rest === 1) return false;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Non-ASCII codes index past the table and read undefined, which is not < 64.
    const v = DECODE[c] as number;
    if (!(v < 64)) return false;
    bits = v;
  }
  // Why: without this check the last character has 2 or 4 free bits, so several strings would decode to the same bytes.
  if (rest === 2) return (bits & 15) === 0;
  if (rest === 3) return (bits & 3) === 0;
  return true;
}

/** Bytes of canonical unpadded base64url `text`, or `null` when it is not canonical (see {@link isCanonicalBase64url}). */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!isCanonicalBase64url(text)) return null;
  const n = text.length;
  const out = new Uint8Array((n * 3) >>> 2);
  let o = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (DECODE[text.charCodeAt(i + 2)]! << 6) |
      DECODE[text.charCodeAt(i + 3)]!;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (n - i === 2) {
    out[o] = (DECODE[text.charCodeAt(i)]! << 2) | (DECODE[text.charCodeAt(i + 1)]! >>> 4);
  } else if (n - i === 3) {
    const v = (DECODE[text.charCodeAt(i)]! << 12) | (DECODE[text.charCodeAt(i + 1)]! << 6) | DECODE[text.charCodeAt(i + 2)]!;
    out[o++] = v >>> 10;
    out[o] = (v >>> 2) & 255;
  }
  return out;
}

/** Bytes of an even-length hex string (either case), or `null` if it is not one. */
export function hexToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if ((text.length & 1) === 1) return null;
  const out = new Uint8Array(text.length >>> 1);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i));
    const lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` has no lone surrogate, so its UTF-8 encoding is lossless and unique. */
export function isWellFormed(text: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(text) : nativeIsWellFormed.call(text);
}
