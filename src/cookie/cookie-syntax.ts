/**
 * Validation of cookie names and values for output, shared by the Set-Cookie and the
 * Cookie header serializers (RFC 6265bis §4.1.1; SR-24, SR-25, SR-26).
 * @module
 */
import { CookieError, CookieTooLargeError } from '../errors.ts';
import { describeCharAt, indexOfInvalidCookieValue, indexOfNonToken } from './char-classes.ts';
import { MAX_NAME_VALUE_OCTETS } from './limits.ts';

/** A value encoder: turns arbitrary text into a cookie-value. Its output is validated too. */
export type CookieValueEncoder = (value: string) => string;

/**
 * Throws {@link CookieError} (`name`) unless `name` is a non-empty RFC 9110 §5.6.2 token,
 * the `cookie-name` of RFC 6265bis §4.1.1: no CTL, space, `=`, `;`, `,`, `"`, `(`, `)`,
 * `/`, `:`, `<`, `>`, `?`, `@`, `[`, `\`, `]`, `{`, `}` or non-ASCII (SR-24). An empty name
 * is refused: "servers MUST NOT produce nameless cookies" (§4.1.1; SR-22, SR-26).
 */
export function checkCookieName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new CookieError('name', 'must be a string');
  if (name.length === 0) {
    throw new CookieError('name', 'must not be empty: servers must not produce nameless cookies (RFC 6265bis §4.1.1; SR-26)');
  }
  const bad = indexOfNonToken(name);
  if (bad !== -1) {
    throw new CookieError('name', `contains ${describeCharAt(name, bad)}: a cookie name is an RFC 9110 token (RFC 6265bis §4.1.1; SR-24)`);
  }
}

/**
 * Applies `encode` (when given) to `value` and returns the cookie-value to write.
 * Throws {@link CookieError} (`value`) unless the result is `*cookie-octet` or
 * `DQUOTE *cookie-octet DQUOTE` (§4.1.1): printable ASCII except space, `"`, `,`, `;`
 * and `\`, so no CTL (response splitting, SR-24). Without an encoder nothing is encoded
 * for you: encode arbitrary data yourself (base64url, say; §4.1.1 recommends Base64) or
 * pass `encode`; invalid input is refused, never silently mangled.
 * Throws {@link CookieTooLargeError} when name plus value exceed 4096 octets (§5.6 step 5;
 * SR-25): a browser would drop the cookie silently. Messages never quote the value (SR-47).
 */
export function toCookieValue(name: string, value: unknown, encode: CookieValueEncoder | undefined): string {
  if (typeof value !== 'string') throw new CookieError('value', 'must be a string');
  const out = encode === undefined ? value : encode(value);
  if (typeof out !== 'string') throw new CookieError('value', 'the encoder must return a string');
  const bad = indexOfInvalidCookieValue(out);
  if (bad !== -1) {
    throw new CookieError('value', `contains ${describeCharAt(out, bad)}: a cookie value is cookie-octets, optionally in DQUOTEs (RFC 6265bis §4.1.1; SR-24); encode it (e.g. base64url) or pass an encoder`);
  }
  // Valid names and values are ASCII, so length is octets.
  const size = name.length + out.length;
  if (size > MAX_NAME_VALUE_OCTETS) throw new CookieTooLargeError(size, MAX_NAME_VALUE_OCTETS);
  return out;
}
