/**
 * `tessera/jar`: an RFC 6265bis user-agent cookie jar, for HTTP test agents and
 * server-side HTTP clients.
 *
 * ```ts
 * const jar = createCookieJar();
 * jar.storeResponseHeaders(url, response.headers);
 * const cookie = jar.getCookieHeader(nextUrl); // '' when there is none
 * ```
 * @module
 */

export { createCookieJar } from './cookie-jar.ts';
export { domainMatch } from './domain-match.ts';
export { defaultPath, pathMatch } from './path-match.ts';
export { isPublicSuffix } from './public-suffix.ts';
export { serializeCookieList } from './retrieval-model.ts';
export type {
  CookieApi,
  CookieJar,
  CookieJarOptions,
  CookieJarSnapshot,
  CookiePriority,
  CookieProfile,
  CookieRejectReason,
  CookieRequestContext,
  ResponseHeaders,
  SameSiteContext,
  SameSiteEnforcement,
  SetCookieOutcome,
  StoredCookie,
} from './types.ts';
