/**
 * Base64 as the Python libraries write and read it (specs/python-interop.md notation, §2.6, §3.4, §4.3).
 *
 * Writers are canonical: `b64u` (RFC 4648 §5 alphabet, `=` stripped) and `b64std` (§4, padded).
 * Readers reproduce CPython's `binascii.a2b_base64` in its default, non-strict mode, because
 * what Python accepts tessera accepts (§8): characters outside the alphabet are skipped, a
 * pad sequence ends the input, the unused low bits of the last character are ignored, and a
 * dangling character or missing padding is an error.
 * @module
 */

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TABLE = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) TABLE[STD.charCodeAt(i)] = i;

/** Unpadded URL-safe base64 of `bytes` (itsdangerous `base64_encode`, Django `b64_encode`). */
export function b64u(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Padded standard base64 of `bytes` (Python's `base64.b64encode`). */
export function b64std(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * CPython's `binascii.a2b_base64(data)` (strict_mode=False) over byte values. Returns null
 * where Python raises `binascii.Error` (one character more than a multiple of four, or
 * incorrect padding).
 */
export function a2bBase64(data: ArrayLike<number>): Uint8Array | null {
  const out = new Uint8Array(Math.floor((data.length * 3) / 4) + 3);
  let length = 0;
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === 0x3d /* = */) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.slice(0, length);
      continue;
    }
    const v = TABLE[ch & 0xff]!;
    if (ch > 0xff || v === 255) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = v;
        break;
      case 1:
        quadPos = 2;
        out[length++] = (leftChar << 2) | (v >> 4);
        leftChar = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out[length++] = ((leftChar << 4) | (v >> 2)) & 0xff;
        leftChar = v & 0x03;
        break;
      default:
        quadPos = 0;
        out[length++] = ((leftChar << 6) | v) & 0xff;
        leftChar = 0;
    }
  }
  return quadPos === 0 ? out.slice(0, length) : null;
}

const utf8 = new TextEncoder();

/** `urlsafe_b64decode(s + b"=" * (-len(s) % 4))` over bytes: `-`/`_` read as `+`/`/`, both alphabets accepted. */
function urlsafeWithPadding(bytes: Uint8Array): Uint8Array | null {
  const padded = new Uint8Array(bytes.length + ((4 - (bytes.length % 4)) % 4)).fill(0x3d);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    padded[i] = b === 0x2d ? 0x2b : b === 0x5f ? 0x2f : b;
  }
  return a2bBase64(padded);
}

/**
 * itsdangerous `base64_decode(text)`: non-ASCII characters dropped (`want_bytes(..,
 * "ascii", "ignore")`), padding added, URL-safe decoding (§2.6). Null where it raises.
 */
export function itsdangerousB64Decode(text: string): Uint8Array | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes.push(c);
  }
  return urlsafeWithPadding(Uint8Array.from(bytes));
}

/** Django `b64_decode(text.encode())`: padding counted on the UTF-8 bytes, URL-safe decoding (§4.3). Null where it raises. */
export function djangoB64Decode(text: string): Uint8Array | null {
  return urlsafeWithPadding(utf8.encode(text));
}

/**
 * `base64.b64decode(text)` on a `str` (Flask's `" b"` tag, Django's legacy session format):
 * non-ASCII text raises, other characters outside the alphabet are skipped, no padding is
 * added. Null where Python raises.
 */
export function pyB64DecodeText(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return null;
    bytes[i] = c;
  }
  return a2bBase64(bytes);
}
