/**
 * `tessera/cookie`: reading and writing the `Cookie` and `Set-Cookie` header fields by the
 * rules of RFC 6265bis (draft-ietf-httpbis-rfc6265bis-22).
 *
 * - Reading is tolerant and total: the parsers never throw on header content (SR-28).
 * - Writing is strict: the serializers throw a {@link CookieError} naming the field rather
 *   than emit anything a browser would reject or mis-scope (SR-21..SR-27, SR-12).
 * @module
 */

export { parseCookieHeader } from './parse-cookie-header.ts';
export { getCookie, getCookies } from './get-cookie.ts';
export type { CookieValueDecoder, ParseCookieHeaderOptions } from './cookie-header-options.ts';

export { serializeSetCookie, createSetCookieSerializer, serializeClearingSetCookie } from './serialize-set-cookie.ts';
export type { SetCookieSerializer } from './serialize-set-cookie.ts';
export type { SetCookieAttributes, SameSite, CookiePriority } from './set-cookie-attributes.ts';
export type { LifetimeCap } from './lifetime.ts';
export type { CookieValueEncoder } from './cookie-syntax.ts';

export { serializeCookieHeader } from './serialize-cookie-header.ts';
export type { SerializeCookieHeaderOptions } from './serialize-cookie-header.ts';

export { parseSetCookie } from './parse-set-cookie.ts';
export type {
  ParsedSetCookie,
  ParseSetCookieOptions,
  SetCookieAttribute,
  SameSiteEnforcement,
  CookieProfile,
} from './parse-set-cookie.ts';
export { parseCookieDate } from './cookie-date.ts';

export {
  MAX_NAME_VALUE_OCTETS,
  MAX_ATTRIBUTE_VALUE_OCTETS,
  MAX_LIFETIME_SECONDS,
  DEFAULT_MAX_HEADER_LENGTH,
  DEFAULT_MAX_PAIRS,
  DEFAULT_MAX_PAIR_LENGTH,
} from './limits.ts';

export { CookieError, CookieTooLargeError } from '../errors.ts';

export { createCookie } from './named-cookie.ts';
export type { NamedCookie, NamedCookieMode, NamedCookieOptions, NamedCookieRead } from './named-cookie.ts';
