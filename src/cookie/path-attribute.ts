/**
 * Validation of the Path attribute (RFC 6265bis §4.1.2.4; SR-24, SR-25).
 * @module
 */
import { CookieError } from '../errors.ts';
import { describeCharAt, indexOfNonAttributeOctet } from './char-classes.ts';
import { MAX_ATTRIBUTE_VALUE_OCTETS } from './limits.ts';

/**
 * Checks a Path attribute value and returns it unchanged. Throws {@link CookieError}
 * (`path`) unless it:
 * - starts with `/`: a user agent replaces any other value by the request's default path
 *   (§5.6.4), so `./` or `../x` would not mean what they say;
 * - is `*av-octet` (§4.1.1): no CTL (CR, LF, NUL, ...), no `;`, nothing outside ASCII, so
 *   no header splitting or attribute injection (SR-24);
 * - has no trailing SP/HTAB, which user agents strip as BWS (§4.1.1);
 * - is at most 1024 octets, beyond which user agents ignore it and the cookie gets the
 *   default path instead (§5.6; SR-25).
 * Path is not a security boundary (§8.6); it only scopes where the cookie is sent.
 */
export function checkPath(path: unknown): string {
  if (typeof path !== 'string') throw new CookieError('path', 'must be a string');
  if (path.charCodeAt(0) !== 0x2f) {
    throw new CookieError('path', 'must start with "/": user agents replace any other value by the default path (RFC 6265bis §5.6.4)');
  }
  const bad = indexOfNonAttributeOctet(path);
  if (bad !== -1) {
    throw new CookieError('path', `contains ${describeCharAt(path, bad)}: a Path is av-octets, no CTL, ";" or non-ASCII (RFC 6265bis §4.1.1; SR-24); percent-encode it`);
  }
  const last = path.charCodeAt(path.length - 1);
  if (last === 0x20) throw new CookieError('path', 'must not end with a space: user agents strip it (RFC 6265bis §4.1.1)');
  if (path.length > MAX_ATTRIBUTE_VALUE_OCTETS) {
    throw new CookieError('path', `is ${path.length} octets, over the ${MAX_ATTRIBUTE_VALUE_OCTETS}-octet attribute limit of RFC 6265bis §5.6 (SR-25)`);
  }
  return path;
}
