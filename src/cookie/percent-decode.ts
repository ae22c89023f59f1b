/**
 * Percent-decoding of cookie values that never throws: one linear pass that decodes
 * `%XX` escapes as UTF-8 exactly like `decodeURIComponent`, and returns the input
 * unchanged where `decodeURIComponent` would throw. No exception is raised even
 * internally: exceptions cost microseconds each, and a header full of bad escapes must not
 * become thousands of thrown errors (SR-28: linear, bounded work).
 * @module
 */

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  return -1;
}

/** The byte of the `%XX` escape at `i`, or -1 when there is no well-formed escape there. */
function escapedByte(s: string, i: number): number {
  if (i + 2 >= s.length || s.charCodeAt(i) !== 0x25) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  const lo = hexValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Percent-decodes `s` as `decodeURIComponent` does (every escape, reserved characters
 * included), or returns `s` itself when `decodeURIComponent` would throw: a `%` not
 * followed by two hex digits, or escaped bytes that are not well-formed UTF-8 (overlong
 * forms, surrogates U+D800..U+DFFF, code points above U+10FFFF, truncated sequences), as
 * ECMA-262 `Decode` defines. A value without `%` costs one `indexOf`. Never throws;
 * linear in `s`.
 */
export function percentDecode(s: string): string {
  let i = s.indexOf('%');
  if (i === -1) return s;
  let out = '';
  let copied = 0;
  while (i !== -1) {
    const b0 = escapedByte(s, i);
    if (b0 < 0) return s;
    let next = i + 3;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
    } else {
      let n: number;
      let lo = 0x80;
      let hi = 0xbf;
      if (b0 >= 0xc2 && b0 <= 0xdf) {
        n = 1;
        cp = b0 & 0x1f;
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        n = 2;
        cp = b0 & 0x0f;
        if (b0 === 0xe0) lo = 0xa0; // overlong
        else if (b0 === 0xed) hi = 0x9f; // surrogates are not scalar values
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        n = 3;
        cp = b0 & 0x07;
        if (b0 === 0xf0) lo = 0x90; // overlong
        else if (b0 === 0xf4) hi = 0x8f; // above U+10FFFF
      } else {
        return s;
      }
      for (let k = 0; k < n; k++) {
        const b = escapedByte(s, next);
        if (b < lo || b > hi) return s;
        cp = (cp << 6) | (b & 0x3f);
        lo = 0x80;
        hi = 0xbf;
        next += 3;
      }
    }
    out += (i > copied ? s.slice(copied, i) : '') + (cp < 0x10000 ? String.fromCharCode(cp) : String.fromCodePoint(cp));
    copied = next;
    i = s.indexOf('%', next);
  }
  return copied < s.length ? out + s.slice(copied) : out;
}
