/**
 * Public types of the cookie jar (RFC 6265bis §5.7 "Storage Model", §5.8 "Retrieval
 * Model"). Kept apart from the code so every module of the jar shares one vocabulary.
 * @module
 */

import type { CookiePriority, CookieProfile, SameSiteEnforcement } from '../cookie/parse-set-cookie.ts';

export type { CookiePriority, CookieProfile, SameSiteEnforcement };

/** A cookie as the jar keeps it: the cookie record of RFC 6265bis §5.7. */
export interface StoredCookie {
  /** Cookie name; `''` for a nameless cookie. */
  name: string;
  /** Cookie value, exactly as received (quotes included). */
  value: string;
  /** The canonicalized request host (host-only cookies) or the Domain attribute, lowercase. */
  domain: string;
  /** True when the cookie goes back to `domain` only, not its subdomains (§5.7 step 10). */
  hostOnly: boolean;
  /** The cookie's path (the Path attribute or the default-path, §5.1.4). */
  path: string;
  /** Sent only over secure connections (§5.7 step 12). */
  secure: boolean;
  /** Hidden from non-HTTP APIs (§5.7 step 14). */
  httpOnly: boolean;
  /** SameSite enforcement; `Default` means no (valid) attribute (§5.7 step 17). */
  sameSite: SameSiteEnforcement;
  /** `Partitioned` was set (recorded only; the jar has no partition keys). */
  partitioned: boolean;
  /** Chromium `Priority`; `Medium` when absent (recorded only). */
  priority: CookiePriority;
  /** Expiry in epoch ms, already capped to the cookie age limit; `null` for a session cookie. */
  expiresAt: number | null;
  /** Creation time in epoch ms; kept when a cookie is overwritten (§5.7 step 23). */
  createdAt: number;
  /** Last time the cookie was stored or retrieved, epoch ms (§5.8.3 step 3). */
  lastAccessedAt: number;
}

/**
 * Which API handed the cookie over or asks for cookies: `http` (Set-Cookie / Cookie
 * header fields) or `non-http` (e.g. `document.cookie`), which can neither see nor
 * create nor overwrite `HttpOnly` cookies (§5.7 steps 15 and 23, §5.8.3).
 */
export type CookieApi = 'http' | 'non-http';

/**
 * The request's relation to the top-level site (RFC 6265bis §5.2 "Same-site and
 * cross-site requests"): `same-site` or `cross-site`.
 */
export type SameSiteContext = 'same-site' | 'cross-site';

/** The circumstances of a request that sets or reads cookies. Every field is optional. */
export interface CookieRequestContext {
  /** Default `http`. */
  api?: CookieApi;
  /** Default `same-site` (a first-party request, as a test agent makes). */
  sameSiteContext?: SameSiteContext;
  /** The request navigates a top-level browsing context. Default `false`. */
  topLevelNavigation?: boolean;
  /**
   * HTTP method, used on retrieval: a cross-site top-level navigation carries Lax cookies
   * only with a "safe" method (`GET`, `HEAD`, `OPTIONS`, `TRACE`). Default `GET`.
   */
  method?: string;
}

/** Why a Set-Cookie line was not stored. */
export type CookieRejectReason =
  /** The URL is not an absolute http(s) or ws(s) URL. */
  | 'invalid-url'
  /** The parser ignored the whole line: control character, name+value over 4096 octets, or both empty (§5.6, §5.7 steps 2-4). */
  | 'invalid-syntax'
  /** The Domain attribute holds a non-ASCII character (§5.7 step 8). */
  | 'invalid-domain'
  /** The Domain attribute is a public suffix other than the host itself (§5.7 step 9). */
  | 'public-suffix'
  /** The request host does not domain-match the Domain attribute (§5.7 step 10). */
  | 'domain-mismatch'
  /** `Secure` from a non-secure origin (§5.7 step 13). */
  | 'secure-from-insecure-origin'
  /** `HttpOnly` through a non-HTTP API (§5.7 step 15). */
  | 'http-only-from-non-http-api'
  /** A non-secure origin may not shadow a Secure cookie of the same name (§5.7 step 16). */
  | 'overlays-secure-cookie'
  /** A SameSite Lax/Strict/Default cookie from a cross-site context (§5.7 step 18). */
  | 'same-site-cross-site'
  /** `SameSite=None` without `Secure` (§5.7 step 19). */
  | 'same-site-none-insecure'
  /** A `__Secure-`, `__Host-`, `__Http-` or `__Host-Http-` rule is broken, or a nameless cookie's value imitates one (§5.7 steps 20-22). */
  | 'invalid-prefix'
  /** A non-HTTP API may not overwrite an HttpOnly cookie (§5.7 step 23). */
  | 'overwrites-http-only'
  /**
   * The cookie was valid but already expired (`Max-Age` ≤ 0 or a past `Expires`): any
   * stored cookie with the same name, domain, host-only flag and path was removed. This is
   * how servers delete cookies.
   */
  | 'expired';

/** What {@link CookieJar.trySetCookie} did with one line. */
export type SetCookieOutcome =
  | { stored: true; cookie: StoredCookie }
  | { stored: false; reason: CookieRejectReason };

/** The persisted form of a jar, from {@link CookieJar.toJSON}. */
export interface CookieJarSnapshot {
  /** Format version. */
  version: 1;
  /** Live cookies in creation order. */
  cookies: StoredCookie[];
}

/**
 * Response headers to take Set-Cookie fields from: a Fetch `Headers` (its
 * `getSetCookie()` keeps the fields apart) or a plain record such as Node's
 * `IncomingHttpHeaders` (keys compared case-insensitively; arrays are one field per item).
 */
export type ResponseHeaders =
  | { get(name: string): string | null; getSetCookie?: () => string[] }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Options of {@link createCookieJar}. All optional; invalid values throw `ConfigError`. */
export interface CookieJarOptions {
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Cookies kept per domain before eviction (§5.7 "Removing excess cookies"). Default 180. */
  maxCookiesPerDomain?: number;
  /** Cookies kept in total before eviction. Default 3000. */
  maxCookies?: number;
  /** Upper bound on a cookie's lifetime in seconds (§5.5 "Cookie Lifetime Limits"). Default 400 days. */
  cookieAgeLimitSeconds?: number;
  /**
   * Whether a domain is a public suffix (§5.7 step 9). Default: the Public Suffix List
   * through `tldts`, private domains included (as browsers do), with the implicit `*`
   * rule (so an unknown TLD such as `test` is a public suffix). Pass `() => false` to
   * switch the check off.
   */
  isPublicSuffix?: (domain: string) => boolean;
  /**
   * How a cookie without a valid SameSite attribute (`Default`) is enforced:
   * `Lax` (Lax-by-default, current browsers, the default) or `None` (legacy agents).
   */
  defaultSameSite?: 'Lax' | 'None';
  /**
   * Treat `http://localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]` as secure
   * origins, as browsers do for potentially trustworthy origins. Default `true`.
   */
  trustLocalhost?: boolean;
  /**
   * `rfc6265bis` (default) or `rfc6265`: the RFC 6265 (2011) parsing the IETF
   * http-state suite expects (no nameless cookies; NUL/CR/LF truncate the line). See
   * `CookieProfile`; storage and retrieval are the same in both.
   */
  profile?: CookieProfile;
}

/**
 * An RFC 6265bis user-agent cookie jar: stores cookies from Set-Cookie lines and
 * produces the Cookie header for later requests. Synchronous, in memory, no timers.
 * No method throws on network input; invalid input is ignored and reported.
 */
export interface CookieJar {
  /**
   * Stores one Set-Cookie line received from `url` (§5.6, §5.7).
   * @returns true when a cookie was stored (false when ignored, or when it only deleted one).
   */
  setCookie(setCookieLine: string, url: string | URL, context?: CookieRequestContext): boolean;
  /** Like {@link CookieJar.setCookie}, returning the stored cookie or the reason it was not stored. */
  trySetCookie(setCookieLine: string, url: string | URL, context?: CookieRequestContext): SetCookieOutcome;
  /** Stores several lines in order. @returns how many cookies were stored. */
  setCookies(setCookieLines: Iterable<string>, url: string | URL, context?: CookieRequestContext): number;
  /**
   * Stores every Set-Cookie field of a response to `url`. A `Headers` without
   * `getSetCookie()` yields its combined value as one line (combining is lossy).
   * @returns how many cookies were stored.
   */
  storeResponseHeaders(url: string | URL, headers: ResponseHeaders, context?: CookieRequestContext): number;
  /**
   * The cookies to send to `url`, in retrieval order (longer paths first, then earlier
   * creation), updating their last-access time (§5.8.3). `[]` for an invalid URL.
   * The objects are copies.
   */
  getCookies(url: string | URL, context?: CookieRequestContext): StoredCookie[];
  /** The Cookie header value for `url` (§5.8.3 step 4): `name=value` pairs joined by `"; "`, or `''`. */
  getCookieHeader(url: string | URL, context?: CookieRequestContext): string;
  /** Every live cookie, in creation order (copies); does not touch last-access times. */
  getAllCookies(): StoredCookie[];
  /** Removes every session cookie (expiry `null`), as when "the current session is over" (§5.7). */
  endSession(): void;
  /** Removes every cookie. */
  clear(): void;
  /** The live cookies, for persistence; JSON-serialisable. */
  toJSON(): CookieJarSnapshot;
  /**
   * Restores cookies from a snapshot (e.g. parsed JSON), replacing stored cookies with
   * the same name, domain, host-only flag and path. Malformed or expired entries are
   * skipped; creation order follows the array. @returns how many were restored.
   */
  fromJSON(snapshot: unknown): number;
}
