/**
 * The attributes of a Set-Cookie line: their public type, their safe defaults, and their
 * validation into a precomputed attribute suffix (`"; Path=/; HttpOnly; ..."`) that the
 * serializers append to `name=value`.
 * @module
 */
import { CookieError } from '../errors.ts';
import type { CookieValueEncoder } from './cookie-syntax.ts';
import { checkDomain } from './domain-attribute.ts';
import { formatImfFixdate } from './http-date.ts';
import { checkExpires, checkMaxAge, type LifetimeCap } from './lifetime.ts';
import { checkPath } from './path-attribute.ts';

/** SameSite values a server may send (RFC 6265bis §4.1.1 `samesite-value`). */
export type SameSite = 'Strict' | 'Lax' | 'None';

/** Priority values (Chromium's Priority attribute, draft-west-cookie-priority; not in RFC 6265bis). */
export type CookiePriority = 'Low' | 'Medium' | 'High';

/**
 * Attributes of a Set-Cookie line. `undefined` (or absent) always means "the default".
 *
 * The defaults are those an application cookie should have (SR-21; docs/decisions/
 * 020-cookie-defaults.md): `Path=/`, `HttpOnly`, `Secure`, `SameSite=Lax`, no `Domain`
 * (host-only), no lifetime (a browser-session cookie). Weakening one is always explicit:
 * `secure: false` to develop over plain `http://` on a host the browser does not treat as
 * secure (current Chromium and Firefox keep Secure cookies on `http://localhost`);
 * `httpOnly: false` for a cookie scripts must read; `path: null` / `sameSite: null` to
 * omit those attributes.
 */
export interface SetCookieAttributes {
  /** Path, default `"/"`; `null` omits it (the browser then uses the request's default path, §5.1.4). */
  path?: string | null | undefined;
  /** Domain, default none (host-only, the narrowest scope; SR-27). Lower-cased, leading dot dropped. */
  domain?: string | null | undefined;
  /** Max-Age in integer seconds; `0` deletes. Capped at 400 days (see `lifetimeCap`). Default none. */
  maxAge?: number | undefined;
  /** Expires as a Date or epoch milliseconds; capped at now + 400 days (see `lifetimeCap`). Default none. */
  expires?: Date | number | undefined;
  /** Secure, default `true` (SR-21). `false` must be explicit. */
  secure?: boolean | undefined;
  /** HttpOnly, default `true` (SR-21). */
  httpOnly?: boolean | undefined;
  /** SameSite, any letter case, default `"Lax"` (SR-21); `null` omits it (the browser's default applies). */
  sameSite?: SameSite | Lowercase<SameSite> | null | undefined;
  /** Partitioned (CHIPS), default `false`; requires Secure. */
  partitioned?: boolean | undefined;
  /** Priority (Chromium), any letter case, default none. */
  priority?: CookiePriority | Lowercase<CookiePriority> | undefined;
  /**
   * Value encoder, default none: values must already be cookie-octets and invalid ones
   * are refused. Whatever the encoder returns is validated as well.
   */
  encode?: CookieValueEncoder | undefined;
  /** What to do with a lifetime over 400 days: `'clamp'` to it (default) or `'throw'` (§5.5; SR-12). */
  lifetimeCap?: LifetimeCap | undefined;
  /** Clock for the Expires cap, epoch milliseconds; default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Validated attributes: the suffix to append plus the facts the name-prefix rules need. */
export interface ResolvedSetCookieAttributes {
  /** `"; Max-Age=..; Domain=..; Path=..; Expires=..; HttpOnly; Secure; Partitioned; Priority=..; SameSite=.."` (present ones). */
  readonly suffix: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly path: string | null;
  readonly hasDomain: boolean;
  readonly encode: CookieValueEncoder | undefined;
}

/** The past Expires of a clearing cookie: the epoch. */
const EPOCH_IMF_FIXDATE = 'Thu, 01 Jan 1970 00:00:00 GMT';

function checkFlag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new CookieError(field, 'must be a boolean');
  return value;
}

function checkSameSite(value: unknown): SameSite | null {
  if (value === undefined) return 'Lax';
  if (value === null) return null;
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
    default:
      throw new CookieError('sameSite', 'must be "Strict", "Lax" or "None" (RFC 6265bis §4.1.2.7), or null to omit it');
  }
}

function checkPriority(value: unknown): CookiePriority | undefined {
  if (value === undefined) return undefined;
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
    default:
      throw new CookieError('priority', 'must be "Low", "Medium" or "High"');
  }
}

function checkLifetimeCap(value: unknown): LifetimeCap {
  if (value === undefined) return 'clamp';
  if (value !== 'clamp' && value !== 'throw') throw new CookieError('lifetimeCap', 'must be "clamp" or "throw"');
  return value;
}

/**
 * Validates `attributes`, applies the defaults and builds the attribute suffix, in the
 * order Max-Age, Domain, Path, Expires, HttpOnly, Secure, Partitioned, Priority, SameSite
 * (jshttp `cookie`'s order), each attribute at most once (§4.1.1; SR-26).
 *
 * With `clearing`, the lifetime becomes `Max-Age=0` and `Expires` at the epoch whatever
 * `maxAge`/`expires` say, and `encode` is dropped (SR-15).
 *
 * Throws {@link CookieError} naming the attribute for: an invalid Domain, Path, Max-Age,
 * Expires, SameSite, Priority or flag (see their checks); `SameSite=None` without Secure
 * (§5.7 step 19; SR-23); `Partitioned` without Secure (CHIPS: the browser ignores it).
 * Name-prefix rules depend on the name and are checked separately.
 */
export function resolveSetCookieAttributes(
  attributes: SetCookieAttributes | undefined,
  clearing = false,
): ResolvedSetCookieAttributes {
  const a: SetCookieAttributes = attributes ?? {};
  const secure = checkFlag(a.secure, 'secure', true);
  const httpOnly = checkFlag(a.httpOnly, 'httpOnly', true);
  const partitioned = checkFlag(a.partitioned, 'partitioned', false);
  const sameSite = checkSameSite(a.sameSite);
  const priority = checkPriority(a.priority);
  const path = a.path === undefined ? '/' : a.path === null ? null : checkPath(a.path);
  const domain = a.domain === undefined || a.domain === null ? null : checkDomain(a.domain);
  if (sameSite === 'None' && !secure) {
    // Browsers drop SameSite=None cookies without Secure (§5.7 step 19).
    throw new CookieError('sameSite', 'SameSite=None requires Secure: browsers ignore the cookie otherwise (RFC 6265bis §5.7; SR-23)');
  }
  if (partitioned && !secure) {
    throw new CookieError('partitioned', 'Partitioned requires Secure: browsers ignore the cookie otherwise (CHIPS)');
  }

  let suffix = '';
  let expiresText: string | null = null;
  if (clearing) {
    suffix = '; Max-Age=0';
    expiresText = EPOCH_IMF_FIXDATE;
  } else {
    const cap = checkLifetimeCap(a.lifetimeCap);
    if (a.maxAge !== undefined) suffix = '; Max-Age=' + checkMaxAge(a.maxAge, cap);
    if (a.expires !== undefined) {
      const now = a.now ?? Date.now;
      if (typeof now !== 'function') throw new CookieError('now', 'must be a function returning epoch milliseconds');
      expiresText = formatImfFixdate(checkExpires(a.expires, cap, now));
    }
  }
  if (domain !== null) suffix += '; Domain=' + domain;
  if (path !== null) suffix += '; Path=' + path;
  if (expiresText !== null) suffix += '; Expires=' + expiresText;
  if (httpOnly) suffix += '; HttpOnly';
  if (secure) suffix += '; Secure';
  if (partitioned) suffix += '; Partitioned';
  if (priority !== undefined) suffix += '; Priority=' + priority;
  if (sameSite !== null) suffix += '; SameSite=' + sameSite;

  const encode = clearing ? undefined : a.encode;
  if (encode !== undefined && typeof encode !== 'function') throw new CookieError('encode', 'must be a function');
  return { suffix, secure, httpOnly, path, hasDomain: domain !== null, encode };
}
