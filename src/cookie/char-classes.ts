/**
 * Character classes of the cookie grammars, as lookup tables so every check is one
 * linear pass with no regular expression (no backtracking on untrusted input).
 * @module
 */

/** RFC 9110 §5.6.2 `tchar`: cookie-name = token (RFC 6265bis §4.1.1). */
const TCHAR = 1;
/** RFC 6265bis §4.1.1 `cookie-octet` = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
const COOKIE_OCTET = 2;
/** RFC 6265bis §4.1.1 `av-octet` = %x20-3A / %x3C-7E (any CHAR except CTLs or ";"). */
const AV_OCTET = 4;

const TABLE = /* @__PURE__ */ buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0x21; c <= 0x7e; c++) {
    // cookie-octet excludes DQUOTE (0x22), comma (0x2C), semicolon (0x3B), backslash (0x5C).
    if (c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c) table[c]! |= COOKIE_OCTET;
  }
  for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x3b) table[c]! |= AV_OCTET;
  const tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < tchars.length; i++) table[tchars.charCodeAt(i)]! |= TCHAR;
  return table;
}

function firstOutside(s: string, start: number, end: number, flag: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e || (TABLE[c]! & flag) === 0) return i;
  }
  return -1;
}

/**
 * Index of the first character of `s` that is not an RFC 9110 `tchar`, or -1 when `s` is a
 * token (the empty string included: callers check emptiness themselves).
 */
export function indexOfNonToken(s: string): number {
  return firstOutside(s, 0, s.length, TCHAR);
}

/**
 * Index of the first character of `s` that makes it an invalid RFC 6265bis §4.1.1
 * `cookie-value` (`*cookie-octet` or `DQUOTE *cookie-octet DQUOTE`), or -1 when it is valid.
 * A lone or unbalanced DQUOTE is reported at its position.
 */
export function indexOfInvalidCookieValue(s: string): number {
  const len = s.length;
  if (len >= 2 && s.charCodeAt(0) === 0x22 && s.charCodeAt(len - 1) === 0x22) {
    return firstOutside(s, 1, len - 1, COOKIE_OCTET);
  }
  return firstOutside(s, 0, len, COOKIE_OCTET);
}

/**
 * Index of the first character of `s` that is not an RFC 6265bis §4.1.1 `av-octet`
 * (so a CTL, `;` or any non-ASCII character), or -1 when every character is one.
 */
export function indexOfNonAttributeOctet(s: string): number {
  return firstOutside(s, 0, s.length, AV_OCTET);
}

/**
 * Names the character at `index` for an error message without echoing the input around
 * it (SR-47: messages never carry cookie values): `"U+000A"`, or the character itself
 * in quotes when it is printable ASCII.
 */
export function describeCharAt(s: string, index: number): string {
  const c = s.codePointAt(index) ?? 0;
  if (c > 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}' at index ${index}`;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')} at index ${index}`;
}
