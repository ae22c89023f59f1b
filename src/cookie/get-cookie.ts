/**
 * Reading one cookie from a `Cookie` header by scanning, without building a record:
 * about an order of magnitude cheaper than a full parse when only the session cookie is
 * needed (DESIGN performance notes). Both functions see exactly the pairs
 * `parseCookieHeader` sees (one shared scanner), so their answers always agree with it.
 * @module
 */
import { decodeValue, resolveParseOptions, type ParseCookieHeaderOptions } from './cookie-header-options.ts';
import { nextPair, openCursor, type CookiePairCursor } from './cookie-pair-cursor.ts';

function nameIs(c: CookiePairCursor, name: string): boolean {
  return c.nameEnd - c.nameStart === name.length && c.header.startsWith(name, c.nameStart);
}

/**
 * The value of the first cookie named exactly `name` (case-sensitive) in a `Cookie`
 * header, or `undefined` when there is none. Always equal to
 * `parseCookieHeader(header, options)[name]`, with the same decoding, limits and
 * never-throw contract (only invalid `options` throw {@link ConfigError}).
 *
 * Use it for cookies where any value is acceptable; for a session cookie, where a
 * sibling domain or a network attacker can inject a second cookie of the same name and
 * order means nothing (RFC 6265bis §4.2.2, §8.6), read {@link getCookies} instead (SR-30).
 */
export function getCookie(
  header: string | null | undefined,
  name: string,
  options?: ParseCookieHeaderOptions,
): string | undefined {
  const resolved = resolveParseOptions(options);
  if (typeof header !== 'string' || typeof name !== 'string' || header.length === 0) return undefined;
  const cursor = openCursor(header, resolved);
  while (nextPair(cursor)) {
    if (!nameIs(cursor, name)) continue;
    const value = decodeValue(header.slice(cursor.valueStart, cursor.valueEnd), resolved.decode);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Every value sent for the cookie named exactly `name` (case-sensitive: `__host-sid` is
 * not `__Host-sid`), in header order; `[]` when there is none. Values a custom decoder
 * rejects are left out, so `getCookies(h, n)[0] === getCookie(h, n)` always.
 *
 * Made for SR-30: when several values arrive for the session cookie, the caller tries
 * each and accepts only one that authenticates, or treats the request as having no
 * session, instead of blindly trusting the first or the last. Same decoding, limits and
 * never-throw contract as {@link parseCookieHeader}.
 */
export function getCookies(
  header: string | null | undefined,
  name: string,
  options?: ParseCookieHeaderOptions,
): string[] {
  const resolved = resolveParseOptions(options);
  const values: string[] = [];
  if (typeof header !== 'string' || typeof name !== 'string' || header.length === 0) return values;
  const cursor = openCursor(header, resolved);
  while (nextPair(cursor)) {
    if (!nameIs(cursor, name)) continue;
    const value = decodeValue(header.slice(cursor.valueStart, cursor.valueEnd), resolved.decode);
    if (value !== undefined) values.push(value);
  }
  return values;
}
