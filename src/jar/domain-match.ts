/**
 * Host names and domains for the jar: IP detection, domain-matching (RFC 6265bis
 * §5.1.3) and the candidate domains of a host for retrieval.
 * @module
 */

function isDecimalLabel(label: string): boolean {
  if (label.length === 0 || label.length > 3) return false;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/**
 * True when `host` is an IP address literal: an IPv6 literal in brackets (as
 * `URL.hostname` writes it) or a dotted-quad IPv4 address. Never throws.
 */
export function isIpAddress(host: string): boolean {
  if (host.startsWith('[')) return true;
  const labels = host.split('.');
  return labels.length === 4 && labels.every(isDecimalLabel);
}

/**
 * RFC 6265bis §5.1.3 "Domain Matching": `host` domain-matches `domain` when they are
 * identical, or when `host` is a host name (not an IP address) ending in `"." + domain`.
 * Both are expected canonical (lowercase). Never throws.
 */
export function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  return (
    domain.length > 0 &&
    host.length > domain.length &&
    host.endsWith(domain) &&
    host.charCodeAt(host.length - domain.length - 1) === 0x2e && // "."
    !isIpAddress(host)
  );
}

/**
 * The domains `host` domain-matches, longest first: the host itself and, for a host
 * name, every suffix that starts after a "." (`a.b.c` → `a.b.c`, `b.c`, `c`). The jar
 * indexes cookies by domain, so retrieval looks up only these.
 */
export function matchingDomains(host: string): string[] {
  const out = [host];
  if (isIpAddress(host)) return out;
  let dot = host.indexOf('.');
  while (dot >= 0 && dot < host.length - 1) {
    out.push(host.slice(dot + 1));
    dot = host.indexOf('.', dot + 1);
  }
  return out;
}
