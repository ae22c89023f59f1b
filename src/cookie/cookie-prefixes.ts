/**
 * The cookie name prefixes, enforced when serializing so the library never emits a
 * cookie a browser would reject (SR-22).
 * @module
 */
import { CookieError } from '../errors.ts';

/** The attribute facts the prefix rules look at. */
export interface PrefixFacts {
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** The Path written, or null when none is. */
  readonly path: string | null;
  readonly hasDomain: boolean;
}

function startsWithIgnoreCase(name: string, lowerPrefix: string): boolean {
  if (name.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

function requireSecure(prefix: string, facts: PrefixFacts, section: string): void {
  if (!facts.secure) throw new CookieError('secure', `the ${prefix} name prefix requires Secure (${section}; SR-22)`);
}

function requireHost(facts: PrefixFacts, prefix: string): void {
  requireSecure(prefix, facts, 'RFC 6265bis §4.1.3.2');
  if (facts.hasDomain) {
    throw new CookieError('domain', `the ${prefix} name prefix forbids a Domain attribute: the cookie must be host-only (RFC 6265bis §4.1.3.2; SR-22)`);
  }
  if (facts.path !== '/') {
    throw new CookieError('path', `the ${prefix} name prefix requires an explicit Path=/ (RFC 6265bis §4.1.3.2, §5.7; SR-22)`);
  }
}

function requireHttp(facts: PrefixFacts, prefix: string): void {
  requireSecure(prefix, facts, 'draft-ietf-httpbis-layered-cookies');
  if (!facts.httpOnly) {
    throw new CookieError('httpOnly', `the ${prefix} name prefix requires HttpOnly (draft-ietf-httpbis-layered-cookies; SR-22)`);
  }
}

/**
 * Throws {@link CookieError} naming the attribute to fix when `name` carries a prefix
 * whose requirements `facts` break. Prefixes match case-insensitively, as user agents
 * match them (RFC 6265bis §5.4), so `__HOST-x` is held to the `__Host-` rules:
 * - `__Secure-`: Secure (§4.1.3.1);
 * - `__Host-`: Secure, no Domain, Path=/ (§4.1.3.2);
 * - `__Http-`: Secure and HttpOnly (draft-ietf-httpbis-layered-cookies);
 * - `__Host-Http-`: all of the above.
 * Names without a leading `__` cost two character reads.
 */
export function checkPrefixRules(name: string, facts: PrefixFacts): void {
  if (name.charCodeAt(0) !== 0x5f || name.charCodeAt(1) !== 0x5f) return;
  if (startsWithIgnoreCase(name, '__secure-')) {
    requireSecure('__Secure-', facts, 'RFC 6265bis §4.1.3.1');
  } else if (startsWithIgnoreCase(name, '__host-http-')) {
    requireHost(facts, '__Host-Http-');
    requireHttp(facts, '__Host-Http-');
  } else if (startsWithIgnoreCase(name, '__host-')) {
    requireHost(facts, '__Host-');
  } else if (startsWithIgnoreCase(name, '__http-')) {
    requireHttp(facts, '__Http-');
  }
}
