/**
 * The store-independent steps of the RFC 6265bis §5.7 "Storage Model": turning a parsed
 * Set-Cookie line plus the request it came with into a cookie record, or a reason to
 * ignore it. The steps that consult the cookie store (16 and 23) live in the jar.
 * @module
 */

import type { ParsedSetCookie } from '../cookie/parse-set-cookie.ts';
import { domainMatch, isIpAddress } from './domain-match.ts';
import { defaultPath } from './path-match.ts';
import type { RequestTarget } from './request-target.ts';
import type { CookieApi, CookieRejectReason, CookieRequestContext, StoredCookie } from './types.ts';

/** The jar's settings the storage model needs, with the time of the request. */
export interface StoragePolicy {
  /** Current time, epoch ms. */
  now: number;
  /** Cookie age limit in ms (§5.5 "Cookie Lifetime Limits"). */
  ageLimitMs: number;
  /** Public-suffix test (§5.7 step 9). */
  isPublicSuffix: (domain: string) => boolean;
  /** How a cookie without a valid SameSite attribute is enforced (Lax-by-default or legacy None). */
  defaultSameSite: 'Lax' | 'None';
}

/** A record, or why there is none. */
export type RecordResult = { cookie: StoredCookie } | { reason: CookieRejectReason };

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

/** Byte-case-insensitive prefix test (ASCII folding only, as RFC 4790 i;ascii-casemap). */
function startsWithIgnoreCase(text: string, lowercasePrefix: string): boolean {
  if (text.length < lowercasePrefix.length) return false;
  for (let i = 0; i < lowercasePrefix.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== lowercasePrefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * RFC 6265bis §5.7 step 6 with §5.6.1, §5.6.2 and §5.5: Max-Age wins over Expires
 * whatever their order; both are capped at the cookie age limit; `null` = session cookie.
 * An expiry at or before `now` marks the cookie as expired.
 */
function expiryOf(parsed: ParsedSetCookie, policy: StoragePolicy): number | null {
  if (parsed.maxAge !== undefined) {
    // §5.6.2: delta-seconds ≤ 0 → the earliest representable time; else now + delta,
    // delta first capped at the age limit (§5.5).
    if (parsed.maxAge <= 0) return Number.MIN_SAFE_INTEGER;
    return policy.now + Math.min(parsed.maxAge * 1000, policy.ageLimitMs);
  }
  if (parsed.expires !== undefined) {
    // §5.6.1: expiry-time later than the age limit is reduced to it (§5.5).
    return Math.min(parsed.expires, policy.now + policy.ageLimitMs);
  }
  return null;
}

/**
 * RFC 6265bis §5.7 steps 5-15: builds the cookie record of a parsed Set-Cookie line
 * received from `target` through `api`. Never throws.
 * @returns the record, or the reason the cookie is ignored.
 */
export function buildCookieRecord(
  parsed: ParsedSetCookie,
  target: RequestTarget,
  api: CookieApi,
  policy: StoragePolicy,
): RecordResult {
  // Steps 2-4 (empty pair, CTLs, 4096 octets) were applied by the parser, which returns
  // null for them; the name and value here already pass.

  // Step 7: the last Domain attribute, or the empty string.
  let domainAttribute = parsed.domain ?? '';
  // Step 8: a non-ASCII Domain attribute → ignore the cookie.
  if (!isAscii(domainAttribute)) return { reason: 'invalid-domain' };

  // Step 9: a public suffix may only become a host-only cookie of that very host, so
  // `attacker.example` cannot set cookies for every `*.example` site.
  if (domainAttribute !== '' && !isIpAddress(domainAttribute) && policy.isPublicSuffix(domainAttribute)) {
    if (domainAttribute !== target.host) return { reason: 'public-suffix' };
    domainAttribute = '';
  }

  // Step 10: host-only unless a Domain attribute the request host domain-matches.
  let hostOnly = true;
  let domain = target.host;
  if (domainAttribute !== '') {
    if (!domainMatch(target.host, domainAttribute)) return { reason: 'domain-mismatch' };
    domain = domainAttribute;
    // An IP address can only name itself: keep such a cookie host-only
    // (draft-ietf-httpbis-layered-cookies "Store a Cookie", as browsers do).
    hostOnly = target.hostIsIp;
  }

  // Step 11: the last valid Path attribute, else the default-path (§5.1.4).
  const path = parsed.path ?? defaultPath(target.path);

  // Steps 12-13: Secure only from a secure connection, so a network attacker on plain
  // HTTP cannot plant cookies that https pages would trust.
  if (parsed.secure && !target.secure) return { reason: 'secure-from-insecure-origin' };

  // Steps 14-15: scripts must not be able to create HttpOnly cookies.
  if (parsed.httpOnly && api === 'non-http') return { reason: 'http-only-from-non-http-api' };

  return {
    cookie: {
      name: parsed.name,
      value: parsed.value,
      domain,
      hostOnly,
      path,
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
      sameSite: parsed.sameSite ?? 'Default', // step 17
      partitioned: parsed.partitioned,
      priority: parsed.priority ?? 'Medium',
      expiresAt: expiryOf(parsed, policy), // step 6
      createdAt: policy.now, // step 5
      lastAccessedAt: policy.now,
    },
  };
}

/**
 * RFC 6265bis §5.7 steps 18-22 and the `__Http-` / `__Host-Http-` prefixes of
 * draft-ietf-httpbis-layered-cookies ("Store a Cookie"): SameSite context, SameSite=None
 * needing Secure, and the cookie name prefixes (matched case-insensitively).
 * @param explicitPath whether the winning Path attribute was valid (`__Host-` needs `Path=/`).
 * @returns the reason to ignore the cookie, or `null` when it may be stored. Never throws.
 */
export function checkSameSiteAndPrefixes(
  cookie: StoredCookie,
  explicitPath: boolean,
  context: CookieRequestContext,
  policy: StoragePolicy,
): CookieRejectReason | null {
  const enforcement = cookie.sameSite === 'Default' ? policy.defaultSameSite : cookie.sameSite;
  // Step 18: a SameSite Lax/Strict (or Lax-by-default) cookie may only be set from a
  // same-site context or a top-level navigation, so cross-site subresources cannot plant it.
  if (enforcement !== 'None' && context.sameSiteContext === 'cross-site' && context.topLevelNavigation !== true) {
    return 'same-site-cross-site';
  }
  // Step 19: SameSite=None requires Secure (cross-site cookies never travel in clear).
  if (cookie.sameSite === 'None' && !cookie.secure) return 'same-site-none-insecure';

  const name = cookie.name;
  // Step 20: `__Secure-` needs Secure.
  if (startsWithIgnoreCase(name, '__secure-') && !cookie.secure) return 'invalid-prefix';
  // Step 21: `__Host-` needs Secure, no Domain attribute and an explicit `Path=/`, so the
  // cookie is locked to one host and cannot be shadowed by a narrower path.
  if (startsWithIgnoreCase(name, '__host-') && !(cookie.secure && cookie.hostOnly && explicitPath && cookie.path === '/')) {
    return 'invalid-prefix';
  }
  // Layered cookies: `__Http-` (and `__Host-Http-`, also covered above) needs Secure and
  // HttpOnly, so a script can never have set it.
  if ((startsWithIgnoreCase(name, '__http-') || startsWithIgnoreCase(name, '__host-http-')) && !(cookie.secure && cookie.httpOnly)) {
    return 'invalid-prefix';
  }
  // Step 22: a nameless cookie serializes as its value alone; one whose value looks like
  // a prefixed name would reach the server as a forged prefixed cookie.
  if (name === '') {
    const value = cookie.value;
    if (
      startsWithIgnoreCase(value, '__secure-') ||
      startsWithIgnoreCase(value, '__host-') ||
      startsWithIgnoreCase(value, '__http-')
    ) {
      return 'invalid-prefix';
    }
  }
  return null;
}
