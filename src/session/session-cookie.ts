/**
 * Writes the session cookie's Set-Cookie lines. The attributes are validated once, at
 * start-up, by the cookie serializer (prefix rules, SameSite=None needs Secure, Domain and
 * Path syntax, SR-21..SR-24); per response only the name, the token and Max-Age change, so
 * the attribute suffix is precomputed (DESIGN performance notes).
 * @module
 */
import { serializeClearingSetCookie, serializeSetCookie } from '../cookie/serialize-set-cookie.ts';
import type { ResolvedOptions } from './options.ts';

/** Builds the session cookie's Set-Cookie values. */
export interface SessionCookieWriter {
  /**
   * `name=value` with the session attributes; `maxAgeSeconds` null gives a browser-session
   * cookie, a number a persistent one (the serializer's 400-day cap applies, SR-12).
   */
  set(name: string, value: string, maxAgeSeconds: number | null): string;
  /** A clearing line for `name`: empty value, `Max-Age=0`, a past `Expires`, same Path and Domain (SR-15). */
  clear(name: string): string;
}

/** 400 days, the longest lifetime browsers keep (RFC 6265bis §5.5 "Cookie Lifetime Limits"). */
const MAX_AGE_CAP = 34_560_000;

/**
 * Creates the writer for the session cookie described by `cookie`. Throws CookieError at
 * start-up when the attributes break a cookie rule (e.g. `__Host-` with a Domain).
 */
export function createSessionCookieWriter(cookie: ResolvedOptions<unknown>['cookie']): SessionCookieWriter {
  const attributes = {
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: true, // SR-21: page scripts never read the session cookie
    sameSite: cookie.sameSite,
    ...(cookie.domain !== undefined ? { domain: cookie.domain } : {}),
    ...(cookie.partitioned ? { partitioned: true } : {}),
    ...(cookie.priority !== undefined ? { priority: cookie.priority } : {}),
  };
  // Validate once, with a token-shaped value, both forms; the serializer throws CookieError naming the field.
  const probe = serializeSetCookie(cookie.name, 'x', attributes);
  serializeSetCookie(`${cookie.name}.9`, 'x', { ...attributes, maxAge: 60 });
  const suffix = probe.slice(probe.indexOf(';'));
  const clearingLine = serializeClearingSetCookie(cookie.name, attributes);
  const clearing = clearingLine.slice(cookie.name.length);
  return {
    set(name, value, maxAgeSeconds) {
      return maxAgeSeconds === null
        ? `${name}=${value}${suffix}`
        : `${name}=${value}; Max-Age=${Math.min(MAX_AGE_CAP, Math.max(0, Math.floor(maxAgeSeconds)))}${suffix}`;
    },
    clear(name) {
      return `${name}${clearing}`;
    },
  };
}
