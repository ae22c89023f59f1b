/**
 * A deliberately naive reference reading of a Cookie header (split, trim, filter), written
 * straight from the documented contract of `parseCookieHeader`, to check the fast scanner
 * against in property tests. Quadratic in places; only for small test inputs.
 */
import type { ParseCookieHeaderOptions } from '../../src/cookie/cookie-header-options.ts';

const trimOws = (s: string): string => s.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');

function decodeNaively(raw: string, decode: ParseCookieHeaderOptions['decode']): string | undefined {
  if (decode === false) return raw;
  if (decode === undefined || decode === true) {
    if (!raw.includes('%')) return raw;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  try {
    const v = decode(raw);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Every [name, value] the contract says the readers see, in order, decoded; rejected decodes left out. */
export function naivePairs(header: string, options: ParseCookieHeaderOptions = {}): Array<[string, string]> {
  const maxHeaderLength = options.maxHeaderLength ?? 8192;
  const maxPairs = options.maxPairs ?? 512;
  const maxPairLength = options.maxPairLength ?? 4096;
  const out: Array<[string, string]> = [];
  let offset = 0;
  let pairs = 0;
  for (const segment of header.split(';')) {
    const start = offset;
    const end = start + segment.length;
    offset = end + 1;
    if (start >= Math.min(header.length, maxHeaderLength)) break;
    if (end > maxHeaderLength) break;
    const eq = segment.indexOf('=');
    if (eq === -1) continue;
    if (pairs >= maxPairs) break;
    pairs++;
    const name = trimOws(segment.slice(0, eq));
    const raw = trimOws(segment.slice(eq + 1));
    if (name.length + raw.length > maxPairLength) continue;
    const value = decodeNaively(raw, options.decode);
    if (value !== undefined) out.push([name, value]);
  }
  return out;
}

/** The record the contract describes: first decoded occurrence of each name. */
export function naiveParse(header: string, options?: ParseCookieHeaderOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of naivePairs(header, options)) if (!Object.hasOwn(out, name)) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
