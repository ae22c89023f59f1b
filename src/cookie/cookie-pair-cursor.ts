/**
 * The one scanner behind every Cookie header reader, so `parseCookieHeader`, `getCookie`
 * and `getCookies` see exactly the same pairs. Linear time: each character is looked at a
 * bounded number of times (the `=` search position is remembered across segments), and no
 * regular expression is involved.
 *
 * Grammar followed: the cookie-string of RFC 6265bis §4.2.1, `cookie-pair *( ";" SP
 * cookie-pair )`, read tolerantly: segments are split on `;`, OWS (SP, HTAB) around names
 * and values is trimmed, segments without `=` are ignored, names and values are not
 * validated (SR-28).
 * @module
 */
import type { ResolvedParseOptions } from './cookie-header-options.ts';

/** Scanner state; the `name*` / `value*` fields describe the pair last returned. */
export interface CookiePairCursor {
  readonly header: string;
  /** Characters that may be read: `min(header.length, maxHeaderLength)`. */
  readonly readable: number;
  readonly maxPairs: number;
  readonly maxPairLength: number;
  /** Start of the next segment. */
  pos: number;
  /** Position of the next `=` at or after some earlier `pos`, or `header.length` when none. */
  nextEq: number;
  /** Pairs seen so far (segments with `=`). */
  pairs: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** A cursor at the start of `header`, bounded by the resolved limits. */
export function openCursor(header: string, options: ResolvedParseOptions): CookiePairCursor {
  return {
    header,
    readable: Math.min(header.length, options.maxHeaderLength),
    maxPairs: options.maxPairs,
    maxPairLength: options.maxPairLength,
    pos: 0,
    nextEq: -1,
    pairs: 0,
    nameStart: 0,
    nameEnd: 0,
    valueStart: 0,
    valueEnd: 0,
  };
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Advances to the next cookie-pair and returns true, with its trimmed name in
 * `[nameStart, nameEnd)` and trimmed value in `[valueStart, valueEnd)`; returns false when
 * no pair is left within the limits. Pairs that end beyond `maxHeaderLength` and pairs
 * after the `maxPairs`-th are never returned; a pair longer than `maxPairLength` is
 * skipped (it still counts towards `maxPairs`).
 */
export function nextPair(c: CookiePairCursor): boolean {
  const s = c.header;
  const len = s.length;
  while (c.pos < c.readable) {
    const start = c.pos;
    let end = s.indexOf(';', start);
    if (end === -1) end = len;
    // A pair cut by the length limit is dropped whole: a truncated value would be wrong data.
    if (end > c.readable) return false;
    c.pos = end + 1;
    if (c.nextEq < start) {
      const eq = s.indexOf('=', start);
      c.nextEq = eq === -1 ? len : eq;
    }
    const eq = c.nextEq;
    if (eq >= end) continue; // no '=' in this segment: not a cookie-pair (SR-28)
    if (c.pairs >= c.maxPairs) return false;
    c.pairs++;
    let ns = start;
    let ne = eq;
    while (ns < ne && isOws(s.charCodeAt(ns))) ns++;
    while (ne > ns && isOws(s.charCodeAt(ne - 1))) ne--;
    let vs = eq + 1;
    let ve = end;
    while (vs < ve && isOws(s.charCodeAt(vs))) vs++;
    while (ve > vs && isOws(s.charCodeAt(ve - 1))) ve--;
    if (ne - ns + (ve - vs) > c.maxPairLength) continue;
    c.nameStart = ns;
    c.nameEnd = ne;
    c.valueStart = vs;
    c.valueEnd = ve;
    return true;
  }
  return false;
}
