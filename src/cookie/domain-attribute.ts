/**
 * Validation of the Domain attribute (RFC 6265bis §4.1.2.3; SR-24, SR-27).
 * @module
 */
import { CookieError } from '../errors.ts';
import { describeCharAt } from './char-classes.ts';

function isLetterOrDigit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Checks a Domain attribute value and returns its canonical form: lower-cased, without
 * the leading `.` that the grammar does not permit and user agents ignore (§4.1.2.3).
 *
 * Throws {@link CookieError} (`domain`) unless the value is a host name as `domain-value`
 * requires (§4.1.1: RFC 1034 §3.5 `subdomain` as enhanced by RFC 1123 §2.1): ASCII labels
 * of letters, digits and inner hyphens, 1..63 characters each, 253 in all; so any CTL,
 * space, `;` or `/` (attribute injection, SR-24), an empty label (`a..b`), a trailing dot
 * (user agents then ignore the attribute, §4.1.2.3) and non-ASCII (write the A-label,
 * `xn--...`) are refused. Also refused:
 * - an IP address (all-digit last label): Domain cannot widen an IP host, so omit it
 *   (§5.1.3);
 * - a single label such as `com` or `localhost`: by the implicit `*` rule of the Public
 *   Suffix List every single label is a public suffix, which browsers reject (§5.7) and
 *   which would scope the cookie to a whole registry (SR-27). Omit Domain for a host-only
 *   cookie.
 *
 * Multi-label public suffixes (`co.uk`, `github.io`) are not detected here: that needs
 * the Public Suffix List, which `tessera/cookie` does not carry (docs/decisions/003); the
 * jar, which has it, rejects such cookies as browsers do. Domain is only ever what the
 * caller configured, never derived from a request's Host header (SR-27).
 */
export function checkDomain(domain: unknown): string {
  if (typeof domain !== 'string') throw new CookieError('domain', 'must be a string');
  const start = domain.charCodeAt(0) === 0x2e ? 1 : 0;
  const len = domain.length;
  if (len - start === 0) throw new CookieError('domain', 'must not be empty; omit Domain for a host-only cookie (RFC 6265bis §4.1.2.3)');
  if (len - start > 253) throw new CookieError('domain', 'is longer than the 253 characters of a host name (RFC 1034 §3.1)');
  let labelStart = start;
  let allDigits = true;
  for (let i = start; i <= len; i++) {
    let c = i === len ? 0x2e : domain.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20; // ASCII case-insensitive; the output is lower-cased
    if (c === 0x2e) {
      const labelLength = i - labelStart;
      if (labelLength === 0) {
        throw new CookieError('domain', i === len
          ? 'must not end with ".": user agents ignore such a Domain attribute (RFC 6265bis §4.1.2.3)'
          : `has an empty label at index ${i}: a host name is dot-separated labels (RFC 1034 §3.5)`);
      }
      if (labelLength > 63) throw new CookieError('domain', `has a label over 63 characters at index ${labelStart} (RFC 1034 §3.1)`);
      if (domain.charCodeAt(labelStart) === 0x2d || domain.charCodeAt(i - 1) === 0x2d) {
        throw new CookieError('domain', `has a label starting or ending with "-" at index ${labelStart} (RFC 1034 §3.5)`);
      }
      if (i !== len) {
        labelStart = i + 1;
        allDigits = true;
      }
      continue;
    }
    if (isLetterOrDigit(c)) {
      if (c > 0x39) allDigits = false;
      continue;
    }
    if (c === 0x2d) {
      allDigits = false;
      continue;
    }
    // Anything else could inject attributes or split the header (SR-24).
    throw new CookieError('domain', `contains ${describeCharAt(domain, i)}: only ASCII letters, digits, "-" and "." are allowed in a host name (RFC 6265bis §4.1.1; use the xn-- A-label for IDNs)`);
  }
  if (allDigits) {
    throw new CookieError('domain', 'looks like an IP address: a Domain attribute cannot widen an IP host, omit Domain (RFC 6265bis §5.1.3)');
  }
  if (labelStart === start) {
    // A single label is a public suffix by the PSL's implicit "*" rule: browsers reject it (§5.7).
    throw new CookieError('domain', 'is a single label, a public suffix by the implicit "*" rule of the Public Suffix List: browsers reject it (RFC 6265bis §5.7; SR-27); omit Domain for a host-only cookie');
  }
  return (start === 0 ? domain : domain.slice(1)).toLowerCase();
}
