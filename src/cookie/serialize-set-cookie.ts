/**
 * Serializing `Set-Cookie` header values: one-shot, prepared (attributes validated once),
 * and clearing (deletion) lines. Every rule of RFC 6265bis §4.1 that a server must follow
 * is enforced by throwing; nothing invalid is ever emitted or silently repaired
 * (DESIGN principle 4; SR-21..SR-27, SR-12).
 * @module
 */
import { checkCookieName, toCookieValue } from './cookie-syntax.ts';
import { checkPrefixRules } from './cookie-prefixes.ts';
import { resolveSetCookieAttributes, type SetCookieAttributes } from './set-cookie-attributes.ts';

/** A prepared serializer: `(name, value) => Set-Cookie value`, attributes fixed in advance. */
export type SetCookieSerializer = (name: string, value: string) => string;

/**
 * Serializes one cookie as a `Set-Cookie` header value, e.g.
 * `serializeSetCookie('sid', 'abc')` → `"sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax"`.
 *
 * Defaults (SR-21): Path=/, HttpOnly, Secure, SameSite=Lax, host-only, browser-session;
 * see {@link SetCookieAttributes} for each and how to turn it off explicitly. The value is
 * written as given (no encoding) unless `attributes.encode` is set.
 *
 * Throws {@link CookieError} with `field` naming the part at fault when:
 * - the name is empty or not an RFC 9110 token (§4.1.1; SR-24, SR-26);
 * - the (encoded) value is not cookie-octets or DQUOTE-wrapped cookie-octets (§4.1.1;
 *   SR-24): any CTL anywhere is refused (response splitting);
 * - an attribute is invalid: Domain (host name, not an IP, not a public suffix; §4.1.2.3,
 *   SR-27), Path (starts with `/`, av-octets, ≤ 1024 octets; §4.1.2.4, §5.6), Max-Age
 *   (non-negative integer), Expires (valid Date/epoch ms, years 1601..9999), SameSite,
 *   Priority, a flag that is not boolean;
 * - a lifetime exceeds 400 days and `lifetimeCap` is `'throw'` (§5.5; SR-12; by default it
 *   is clamped to 34,560,000 s / now + 400 days);
 * - SameSite=None or Partitioned without Secure (§5.7; SR-23);
 * - a name prefix's rules are broken, prefixes matched case-insensitively (§4.1.3, §5.4;
 *   SR-22): `__Secure-` needs Secure; `__Host-` Secure, Path=/, no Domain; `__Http-` Secure
 *   and HttpOnly; `__Host-Http-` all of them.
 * Throws {@link CookieTooLargeError} when name plus value exceed 4096 octets (§5.6; SR-25).
 */
export function serializeSetCookie(name: string, value: string, attributes?: SetCookieAttributes): string {
  const resolved = resolveSetCookieAttributes(attributes);
  checkCookieName(name);
  checkPrefixRules(name, resolved);
  return name + '=' + toCookieValue(name, value, resolved.encode) + resolved.suffix;
}

/**
 * Validates `attributes` once and returns a fast serializer for them: each call checks
 * only the name (skipped when it is the previous call's name), the prefix rules and the
 * value, then appends the precomputed attribute suffix. Same output and same errors as
 * {@link serializeSetCookie} with these attributes, except that an `expires` instant is
 * fixed (and capped against `now()`) when the serializer is created, not per call.
 *
 * Throws {@link CookieError} at creation for invalid attributes, and per call for an
 * invalid name, value or prefix rule; {@link CookieTooLargeError} per call for an
 * oversized cookie.
 */
export function createSetCookieSerializer(attributes?: SetCookieAttributes): SetCookieSerializer {
  const resolved = resolveSetCookieAttributes(attributes);
  const { suffix, encode } = resolved;
  let checkedName: string | undefined;
  return (name: string, value: string): string => {
    if (name !== checkedName) {
      checkCookieName(name);
      checkPrefixRules(name, resolved);
      checkedName = name;
    }
    return name + '=' + toCookieValue(name, value, encode) + suffix;
  };
}

/**
 * Serializes the `Set-Cookie` value that deletes cookie `name`: an empty value,
 * `Max-Age=0` and `Expires` at the epoch (SR-15), with the same Path and Domain as the
 * cookie being deleted: the browser only replaces a cookie with the same name, domain and
 * path (§4.1.2, §5.7). Pass the attributes the cookie was set with; `maxAge`, `expires`,
 * `encode`, `lifetimeCap` and `now` are ignored, the other attributes (and their defaults)
 * are kept so that prefixed cookies (`__Host-`, `__Secure-`) still satisfy their rules and
 * partitioned cookies are deleted in their partition.
 *
 * e.g. `serializeClearingSetCookie('sid')` →
 * `"sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax"`.
 *
 * The result depends only on the arguments: compute it once and reuse it. Throws
 * {@link CookieError} for the same name, attribute and prefix faults as
 * {@link serializeSetCookie}.
 */
export function serializeClearingSetCookie(name: string, attributes?: SetCookieAttributes): string {
  const resolved = resolveSetCookieAttributes(attributes, true);
  checkCookieName(name);
  checkPrefixRules(name, resolved);
  return name + '=' + resolved.suffix;
}
