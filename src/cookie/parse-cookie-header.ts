/**
 * Reading the `Cookie` request header into a name → value record.
 * @module
 */
import { decodeValue, resolveParseOptions, type ParseCookieHeaderOptions } from './cookie-header-options.ts';
import { percentDecode } from './percent-decode.ts';

/**
 * The prototype of every parsed record: empty, frozen, itself without a prototype. Records
 * therefore inherit nothing (no `toString`, no `__proto__` accessor) and nobody can add
 * to what they inherit (SR-29), while V8 keeps them in fast-property mode: a record made by
 * `Object.create(null)` starts as a hash table and costs about 15% more per parse.
 */
const RECORD_PROTOTYPE: object = Object.freeze(Object.create(null) as object);
const CookieRecord = function (this: object) {} as unknown as new () => Record<string, string>;
(CookieRecord as unknown as { prototype: object }).prototype = RECORD_PROTOTYPE;

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Parses a `Cookie` header (RFC 6265bis §4.2.1 cookie-string) into a record of cookie
 * names to values.
 *
 * Contract:
 * - Never throws on header content: `null`, `undefined`, a non-string, `""` or garbage give
 *   an empty or partial record (SR-28). It throws only `ConfigError` for invalid `options`
 *   (a programming error).
 * - The record inherits nothing (SR-29): `__proto__`, `constructor`, `toString` are
 *   ordinary own keys, `'toString' in record` is false unless a cookie has that name, and
 *   its prototype is one shared, frozen, empty object whose own prototype is null.
 * - Several `Cookie` header fields joined with `"; "` are read as one ("Servers MUST be
 *   tolerant of multiple cookie headers", §4.2.1).
 * - OWS (SP, HTAB) around names and values is trimmed; segments without `=` are ignored;
 *   names are case-sensitive and not validated; an empty name (`=v`) is kept as `""`.
 * - The **first** pair with a given name wins. Order is not a security signal (§4.2.2,
 *   SR-30): to see every value sent for a name, use `getCookies`.
 * - Values keep their DQUOTEs (§4.1.1: they are part of the value) and are percent-decoded
 *   by default when they contain `%`; a value that does not decode is kept raw. See
 *   {@link ParseCookieHeaderOptions.decode}.
 * - Bounded: by default only the first 8192 characters, the first 512 pairs and pairs of
 *   at most 4096 characters are read; the excess is ignored, never truncated (SR-28).
 *   Linear time in the header length.
 *
 * Reads exactly the pairs `getCookie` / `getCookies` read (the scan of
 * `cookie-pair-cursor.ts`, inlined here for speed; property tests hold the two equal).
 *
 * @example parseCookieHeader('sid=abc; theme=dark') // { sid: 'abc', theme: 'dark' }
 */
export function parseCookieHeader(
  header: string | null | undefined,
  options?: ParseCookieHeaderOptions,
): Record<string, string> {
  const result = new CookieRecord();
  const { decode, maxHeaderLength, maxPairs, maxPairLength } = resolveParseOptions(options);
  if (typeof header !== 'string') return result;
  const len = header.length;
  const readable = Math.min(len, maxHeaderLength);
  let pos = 0;
  let nextEq = -1; // next '=' at or after an earlier segment start (linear: never rescanned)
  let pairs = 0;
  while (pos < readable) {
    const start = pos;
    let end = header.indexOf(';', start);
    if (end === -1) end = len;
    if (end > readable) break; // a pair cut by the length limit is dropped whole (SR-28)
    pos = end + 1;
    if (nextEq < start) {
      const eq = header.indexOf('=', start);
      nextEq = eq === -1 ? len : eq;
    }
    const eq = nextEq;
    if (eq >= end) continue; // no '=': not a cookie-pair (SR-28)
    if (pairs >= maxPairs) break;
    pairs++;
    let ns = start;
    let ne = eq;
    while (ns < ne && isOws(header.charCodeAt(ns))) ns++;
    while (ne > ns && isOws(header.charCodeAt(ne - 1))) ne--;
    let vs = eq + 1;
    let ve = end;
    while (vs < ve && isOws(header.charCodeAt(vs))) vs++;
    while (ve > vs && isOws(header.charCodeAt(ve - 1))) ve--;
    if (ne - ns + (ve - vs) > maxPairLength) continue;
    const name = header.slice(ns, ne);
    if (result[name] !== undefined) continue; // first occurrence wins
    const raw = header.slice(vs, ve);
    const value = decode === 1 ? percentDecode(raw) : decodeValue(raw, decode);
    if (value !== undefined) result[name] = value;
  }
  return result;
}
