/**
 * Serializing a `Cookie` request header, for HTTP clients and tests (RFC 6265bis §4.2.1).
 * @module
 */
import { checkCookieName, toCookieValue, type CookieValueEncoder } from './cookie-syntax.ts';

/** Options of {@link serializeCookieHeader}. */
export interface SerializeCookieHeaderOptions {
  /** Value encoder, default none (values must already be cookie-octets). Its output is validated. */
  encode?: CookieValueEncoder | undefined;
}

/**
 * Serializes cookie pairs as a `Cookie` header value, `name=value` joined by `"; "`
 * (§4.2.1 cookie-string), in the given order; `""` when there is no pair.
 *
 * `pairs` is a record (own enumerable keys; `undefined` values are skipped) or an iterable
 * of `[name, value]` entries, such as a `Map` or an array; an iterable may repeat a name,
 * as browsers do when cookies of the same name have different paths or domains (useful to
 * test SR-30 handling).
 *
 * Names and values are validated as for Set-Cookie: throws {@link CookieError} (`name` or
 * `value`) for an empty or non-token name, a value that is not cookie-octets (after
 * `encode`, when given), and {@link CookieTooLargeError} for a pair over 4096 octets
 * (§4.1.1, §5.6; SR-24, SR-25). Nothing is encoded unless `encode` is given.
 */
export function serializeCookieHeader(
  pairs: Readonly<Record<string, string | undefined>> | Iterable<readonly [string, string]>,
  options?: SerializeCookieHeaderOptions,
): string {
  const encode = options?.encode;
  let out = '';
  const add = (name: string, value: string): void => {
    checkCookieName(name);
    const cookieValue = toCookieValue(name, value, encode);
    out += (out.length === 0 ? '' : '; ') + name + '=' + cookieValue;
  };
  if (isIterable(pairs)) {
    for (const [name, value] of pairs) add(name, value);
  } else {
    for (const name of Object.keys(pairs)) {
      const value = pairs[name];
      if (value !== undefined) add(name, value);
    }
  }
  return out;
}

function isIterable(x: unknown): x is Iterable<readonly [string, string]> {
  return typeof x === 'object' && x !== null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
