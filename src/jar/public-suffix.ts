/**
 * The default public-suffix check of the jar (RFC 6265bis §5.7 step 9), backed by the
 * Public Suffix List in `tldts`.
 * @module
 */

import { getPublicSuffix } from 'tldts';

/**
 * True when `domain` (lowercase, no leading dot) is itself a public suffix: an ICANN or
 * private entry of the Public Suffix List (`com`, `co.uk`, `github.io`), or an unlisted
 * top-level label under the list's implicit `*` rule (`test`). IP addresses are never
 * public suffixes. Never throws.
 */
export function isPublicSuffix(domain: string): boolean {
  // A trailing dot (fully qualified form) names the same domain.
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (name === '') return false;
  const suffix = getPublicSuffix(name, { allowPrivateDomains: true, extractHostname: false });
  return suffix === name;
}
