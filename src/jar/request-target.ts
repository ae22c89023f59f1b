/**
 * What the jar needs to know about a request URL: canonical host, path, and whether the
 * connection counts as secure.
 * @module
 */

import { isIpAddress } from './domain-match.ts';

/** The parts of a request URL the storage and retrieval models use. */
export interface RequestTarget {
  /** Canonicalized host (RFC 6265bis §5.1.2): lowercase, IDNA A-labels, IPv6 in brackets. */
  host: string;
  /** Whether `host` is an IP address literal. */
  hostIsIp: boolean;
  /**
   * The URL's path as the URL parser leaves it (percent-encoded), with percent-encoded
   * unreserved characters decoded (RFC 3986 §6.2.2.2); always starts with `/`.
   */
  path: string;
  /** Whether the request goes over a "secure" connection as this user agent defines it. */
  secure: boolean;
}

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/** Loopback and `localhost` hosts: potentially trustworthy origins (W3C Secure Contexts §3.2). */
function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  return isIpAddress(host) && host.startsWith('127.');
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** RFC 3986 §2.3 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

/**
 * RFC 3986 §6.2.2.2 percent-encoding normalization: `%6F` and `o` name the same path, so
 * percent-encoded unreserved characters are decoded (as Chromium's URL canonicalizer
 * does). Every other escape, and every raw character, is left alone: `%20` still does
 * not match a literal space, nor `%C2%B8` a raw byte.
 */
export function normalizePercentEncoding(path: string): string {
  if (!path.includes('%')) return path;
  let out = '';
  let last = 0;
  for (let i = path.indexOf('%'); i >= 0 && i + 2 < path.length; i = path.indexOf('%', i + 1)) {
    const high = hexValue(path.charCodeAt(i + 1));
    const low = hexValue(path.charCodeAt(i + 2));
    if (high < 0 || low < 0) continue;
    const code = high * 16 + low;
    if (!isUnreserved(code)) continue;
    out += path.slice(last, i) + String.fromCharCode(code);
    last = i + 3;
    i += 2;
  }
  return out + path.slice(last);
}

/**
 * Parses `url` into a {@link RequestTarget}.
 * @param trustLocalhost treat `http://localhost` and loopback addresses as secure.
 * @returns the target, or `null` when `url` is not an absolute http, https, ws or wss URL
 *   with a host. Never throws.
 */
export function toRequestTarget(url: string | URL, trustLocalhost: boolean): RequestTarget | null {
  let parsed: URL;
  try {
    parsed = url instanceof URL ? url : new URL(String(url));
  } catch {
    return null;
  }
  if (!SCHEMES.has(parsed.protocol) || parsed.hostname === '') return null;
  const host = parsed.hostname;
  // RFC 6265bis §5.7 step 13 leaves "secure" to the user agent; https/wss are secure, and
  // so are loopback origins, where no network attacker sits between client and server.
  const secure =
    parsed.protocol === 'https:' || parsed.protocol === 'wss:' || (trustLocalhost && isLoopbackHost(host));
  return { host, hostIsIp: isIpAddress(host), path: normalizePercentEncoding(parsed.pathname || '/'), secure };
}
