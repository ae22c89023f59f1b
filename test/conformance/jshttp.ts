/**
 * Adapter from the jshttp `cookie` conformance cases (../shared/conformance/jshttp-cookie,
 * README section 5) to tessera's cookie API. jshttp's conventions that are API choices
 * rather than RFC rules are mapped here, not adopted by the product:
 * - serializing: jshttp percent-encodes values by default; tessera encodes nothing unless
 *   asked, so the adapter passes jshttp's default encoder explicitly. jshttp adds no
 *   attribute unless asked; tessera defaults to Path=/, HttpOnly, Secure, SameSite=Lax,
 *   so the adapter turns each of those off unless the case sets it. `sameSite: true` is
 *   jshttp's spelling of `Strict`.
 * - parsing Set-Cookie: tessera's parser follows RFC 6265bis §5.6 (raw values, Domain
 *   without its leading dot, SameSite `Default` for unknown values, Expires as epoch ms);
 *   the adapter reshapes the result as jshttp reports it (percent-decoded value, Domain as
 *   written (taken from the parsed attribute list, only when the parser accepted a
 *   Domain), lower-case SameSite/Priority, Expires as a Date, absent keys for absent
 *   attributes).
 * Cases that fail on purpose (RFC 6265bis or the security requirements demand it) are
 * skipped with the reason, and each skip re-checks the deviation it documents: if tessera
 * stops behaving as documented the case counts as failed. The list is mirrored in
 * docs/conformance.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CookieError } from '../../src/errors.ts';
import { parseCookieHeader } from '../../src/cookie/parse-cookie-header.ts';
import type { CookieValueDecoder } from '../../src/cookie/cookie-header-options.ts';
import { serializeCookieHeader } from '../../src/cookie/serialize-cookie-header.ts';
import { serializeSetCookie } from '../../src/cookie/serialize-set-cookie.ts';
import type { SetCookieAttributes } from '../../src/cookie/set-cookie-attributes.ts';
import type { CookieValueEncoder } from '../../src/cookie/cookie-syntax.ts';
import { parseSetCookie } from '../../src/cookie/parse-set-cookie.ts';
import { conformanceDir } from './location.ts';
import type { CaseFailure, CaseSkip, FileResult } from './types.ts';

// ---------------------------------------------------------------------------------------
// Data loading

interface JshttpCase {
  id: string;
  description: string;
  input?: unknown;
  expected?: unknown;
  throws?: string;
  options?: { encode?: string; decode?: string };
  decode_calls?: number;
  roundtrip?: boolean;
  generator?: { cookie_octets: string; count: number };
}

/** Turns the README's special JSON values back into undefined, Date and Infinity. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.$undefined === true) return undefined;
    if (typeof o.$date === 'string') return new Date(o.$date === 'Invalid Date' ? Number.NaN : o.$date);
    if (typeof o.$number === 'string') return Number(o.$number);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = revive(v);
    return out;
  }
  return value;
}

function loadCases(file: string): JshttpCase[] {
  const data = JSON.parse(readFileSync(join(conformanceDir(), 'jshttp-cookie', file), 'utf8')) as { cases: JshttpCase[] };
  return data.cases.map((c) => ({ ...c, input: revive(c.input), expected: revive(c.expected) }));
}

// ---------------------------------------------------------------------------------------
// jshttp's codecs and defaults (README section 5)

/** The cookie-octets jshttp's default encoder leaves alone (all of them except `%`). */
const JSHTTP_SAFE = new Set("!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

/**
 * jshttp's default value encoder: values made only of the safe cookie-octets pass
 * through, anything else goes through `encodeURIComponent` whole.
 */
export function jshttpEncode(value: string): string {
  for (const ch of value) if (!JSHTTP_SAFE.has(ch)) return encodeURIComponent(value);
  return value;
}

function encoder(name: string | undefined): CookieValueEncoder {
  if (name === undefined) return jshttpEncode;
  if (name === 'identity') return (v) => v;
  if (name === 'base64') return (v) => Buffer.from(v, 'utf8').toString('base64');
  if (name === 'bracket') return (v) => `[${v}]`;
  if (name.startsWith('constant:')) {
    const text = name.slice('constant:'.length);
    return () => text;
  }
  throw new Error(`unknown jshttp encoder ${name}`);
}

function decoder(name: string): CookieValueDecoder {
  if (name === 'identity') return (v) => v;
  if (name === 'base64') return (v) => Buffer.from(v, 'base64').toString('utf8');
  if (name === 'dash-to-space') return (v) => v.replaceAll('-', ' ');
  if (name === 'undefined-for-bar') return (v) => (v === 'bar' ? undefined : v);
  throw new Error(`unknown jshttp decoder ${name}`);
}

/** jshttp's default decoder: `decodeURIComponent` when `%` is present, raw on error. */
function jshttpDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The CookieError field a jshttp error message stands for. */
function fieldOf(message: string): string {
  if (/^(cookie|argument) name /.test(message)) return 'name';
  if (/^(cookie|argument) val /.test(message)) return 'value';
  const option = /^option (\w+) /.exec(message);
  if (option?.[1]) return option[1];
  throw new Error(`unknown jshttp error ${message}`);
}

// ---------------------------------------------------------------------------------------
// Running

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function show(outcome: Outcome): string {
  if (outcome.ok) return `returned ${JSON.stringify(outcome.value)}`;
  const e = outcome.error;
  return e instanceof CookieError ? `threw CookieError(${e.field}): ${e.message}` : `threw ${String(e)}`;
}

/** A documented, deliberate deviation: why, and what tessera does instead. */
interface Deviation {
  reason: string;
  /** What tessera does instead: throws a CookieError for this field, or returns this. */
  instead: { throwsField: string } | { returns: unknown };
}

function matchesDeviation(outcome: Outcome, d: Deviation): boolean {
  if ('throwsField' in d.instead) {
    return !outcome.ok && outcome.error instanceof CookieError && outcome.error.field === d.instead.throwsField;
  }
  return outcome.ok && isDeepStrictEqual(outcome.value, d.instead.returns);
}

class Tally {
  passed = 0;
  failures: CaseFailure[] = [];
  skipped: CaseSkip[] = [];
  constructor(readonly file: string, readonly deviations: Readonly<Record<string, Deviation>>) {}

  /** Records one case: `check` returns null when the outcome meets the expectation. */
  record(c: JshttpCase, outcome: Outcome, check: (o: Outcome) => string | null): void {
    const deviation = this.deviations[c.id];
    if (deviation) {
      if (matchesDeviation(outcome, deviation)) this.skipped.push({ id: c.id, reason: deviation.reason });
      else this.failures.push({ id: c.id, detail: `documented deviation no longer holds (${deviation.reason}); ${show(outcome)}` });
      return;
    }
    const problem = check(outcome);
    if (problem === null) this.passed++;
    else this.failures.push({ id: c.id, detail: problem });
  }

  result(): FileResult {
    return { file: `jshttp-cookie/${this.file}`, passed: this.passed, failed: this.failures.length, failures: this.failures, skipped: this.skipped };
  }
}

function expectValue(c: JshttpCase): (o: Outcome) => string | null {
  return (o) => {
    if (c.throws !== undefined) {
      const field = fieldOf(c.throws);
      if (!o.ok && o.error instanceof CookieError && o.error.field === field) return null;
      return `expected CookieError(${field}) for "${c.throws}", ${show(o)}`;
    }
    if (o.ok && isDeepStrictEqual(o.value, c.expected)) return null;
    return `expected ${JSON.stringify(c.expected)}, ${show(o)}`;
  };
}

/** Copies a null-prototype record into a plain object so deep equality ignores the prototype. */
function plain(record: Record<string, string>): Record<string, string> {
  return { ...record };
}

// ---------------------------------------------------------------------------------------
// parse-cookie.json → parseCookieHeader

/** `jshttp-cookie/parse-cookie.json` through {@link parseCookieHeader}. */
export function runJshttpParseCookie(): FileResult {
  const tally = new Tally('parse-cookie.json', {});
  for (const c of loadCases('parse-cookie.json')) {
    let calls = 0;
    const decodeName = c.options?.decode;
    const options = decodeName === undefined ? undefined : {
      decode: (v: string) => {
        calls++;
        return decoder(decodeName)(v);
      },
    };
    const outcome = attempt(() => plain(parseCookieHeader(c.input as string, options)));
    tally.record(c, outcome, (o) => {
      const problem = expectValue(c)(o);
      if (problem !== null) return problem;
      if (c.decode_calls !== undefined && calls !== c.decode_calls) return `expected ${c.decode_calls} decode calls, got ${calls}`;
      return null;
    });
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------
// parse-set-cookie.json → parseSetCookie

/** parseSetCookie's result in jshttp's shape (see the module comment). */
function toJshttpSetCookie(line: string, decode: (v: string) => string): Record<string, unknown> | null {
  const parsed = parseSetCookie(line);
  if (parsed === null) return null;
  const out: Record<string, unknown> = { name: parsed.name, value: decode(parsed.value) };
  if (parsed.domain !== undefined) {
    const written = parsed.attributes.findLast((a) => a.name.toLowerCase() === 'domain' && a.value !== '');
    out.domain = written?.value ?? parsed.domain;
  }
  if (parsed.path !== undefined) out.path = parsed.path;
  if (parsed.expires !== undefined) out.expires = new Date(parsed.expires);
  if (parsed.maxAge !== undefined) out.maxAge = parsed.maxAge;
  if (parsed.httpOnly) out.httpOnly = true;
  if (parsed.secure) out.secure = true;
  if (parsed.partitioned) out.partitioned = true;
  if (parsed.sameSite !== undefined && parsed.sameSite !== 'Default') out.sameSite = parsed.sameSite.toLowerCase();
  if (parsed.priority !== undefined) out.priority = parsed.priority.toLowerCase();
  return out;
}

const PARSE_SET_COOKIE_DEVIATIONS: Record<string, Deviation> = {
  'parseSetCookie-006': {
    reason: 'an empty set-cookie-string (empty name and value) is ignored: RFC 6265bis §5.7 step 2; parseSetCookie returns null',
    instead: { returns: null },
  },
  'parseSetCookie-007': {
    reason: 'a blank set-cookie-string (empty name and value after trimming) is ignored: RFC 6265bis §5.7 step 2; parseSetCookie returns null',
    instead: { returns: null },
  },
};

/** `jshttp-cookie/parse-set-cookie.json` through {@link parseSetCookie}. */
export function runJshttpParseSetCookie(): FileResult {
  const tally = new Tally('parse-set-cookie.json', PARSE_SET_COOKIE_DEVIATIONS);
  for (const c of loadCases('parse-set-cookie.json')) {
    const decodeName = c.options?.decode;
    const decode = decodeName === undefined ? jshttpDecode : (v: string) => decoder(decodeName)(v) ?? v;
    tally.record(c, attempt(() => toJshttpSetCookie(c.input as string, decode)), expectValue(c));
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------
// stringify-cookie.json → serializeCookieHeader

/** `jshttp-cookie/stringify-cookie.json` through {@link serializeCookieHeader}. */
export function runJshttpStringifyCookie(): FileResult {
  const tally = new Tally('stringify-cookie.json', {});
  for (const c of loadCases('stringify-cookie.json')) {
    const encode = encoder(c.options?.encode);
    if (c.generator) {
      const octets = new Set(c.generator.cookie_octets);
      let first: string | null = null;
      let count = 0;
      const outcome = attempt(() => {
        for (let cp = 0; cp <= 0xffff; cp++) {
          if (cp >= 0xd800 && cp <= 0xdfff) continue;
          count++;
          const ch = String.fromCharCode(cp);
          const want = 'key=' + (octets.has(ch) ? ch : encodeURIComponent(ch));
          const got = attempt(() => serializeCookieHeader({ key: ch }, { encode }));
          if (first === null && !(got.ok && got.value === want)) first = `U+${cp.toString(16).padStart(4, '0')}: expected ${JSON.stringify(want)}, ${show(got)}`;
        }
        return count;
      });
      tally.record(c, outcome, () => (first ?? (count === c.generator!.count ? null : `expected ${c.generator!.count} code points, ran ${count}`)));
      continue;
    }
    const input = c.input as Record<string, string | undefined>;
    const outcome = attempt(() => serializeCookieHeader(input, { encode }));
    tally.record(c, outcome, (o) => {
      if (c.expected !== undefined || c.throws !== undefined) {
        const problem = expectValue(c)(o);
        if (problem !== null) return problem;
      }
      if (c.roundtrip && o.ok) {
        const decodeName = c.options?.decode;
        const back = plain(parseCookieHeader(o.value as string, decodeName === undefined ? undefined : { decode: decoder(decodeName) }));
        const want = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
        if (!isDeepStrictEqual(back, want)) return `round trip: expected ${JSON.stringify(want)}, parsed ${JSON.stringify(back)}`;
      } else if (c.roundtrip) {
        return `round trip: ${show(o)}`;
      }
      return null;
    });
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------
// stringify-set-cookie.json → serializeSetCookie

interface JshttpSetCookieInput {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: Date;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  partitioned?: boolean;
  priority?: string;
  sameSite?: string | boolean;
}

/** jshttp's options as tessera attributes: nothing implicit, every default made explicit. */
function toAttributes(input: JshttpSetCookieInput, encode: CookieValueEncoder): SetCookieAttributes {
  const attributes: SetCookieAttributes = {
    encode,
    secure: input.secure === true,
    httpOnly: input.httpOnly === true,
    partitioned: input.partitioned === true,
    path: input.path ? input.path : null,
    sameSite: null,
  };
  if (input.sameSite === true) attributes.sameSite = 'Strict';
  else if (input.sameSite) attributes.sameSite = input.sameSite as SetCookieAttributes['sameSite'];
  if (input.domain) attributes.domain = input.domain;
  if (input.maxAge !== undefined) attributes.maxAge = input.maxAge;
  if (input.expires) attributes.expires = input.expires;
  if (input.priority) attributes.priority = input.priority as SetCookieAttributes['priority'];
  return attributes;
}

const TOKEN_NAME = 'cookie-name is an RFC 9110 token (RFC 6265bis §4.1.1, "Servers MUST NOT send Set-Cookie header fields that deviate from the following grammar"; SR-24); jshttp 2 accepts';
const COOKIE_OCTET_VALUE = 'cookie-value is cookie-octets, which exclude DQUOTE inside the value, "," and "\\" (RFC 6265bis §4.1.1 MUST NOT deviate; SR-24); jshttp 2 accepts';

const STRINGIFY_SET_COOKIE_DEVIATIONS: Record<string, Deviation> = {
  ...Object.fromEntries(
    [
      ['008', '","'], ['023', '"/"'], ['024', '"@"'], ['025', '"["'], ['026', '"]"'], ['027', '":"'], ['028', '"{"'],
      ['029', '"}"'], ['030', 'DQUOTE'], ['031', '"<"'], ['032', '">"'], ['033', '"?"'], ['034', '"\\"'],
    ].map(([n, ch]) => [`stringifySetCookie-${n}`, { reason: `name with ${ch}: ${TOKEN_NAME}`, instead: { throwsField: 'name' } }]),
  ),
  'stringifySetCookie-043': {
    reason: 'Domain ".example.com": a leading "." is not permitted by domain-value (RFC 6265bis §4.1.1, §4.1.2.3: user agents ignore it); tessera writes the canonical "example.com"',
    instead: { returns: 'foo=bar; Domain=example.com' },
  },
  'stringifySetCookie-044': {
    reason: 'Domain "localhost" is a single label, a public suffix by the implicit "*" rule of the Public Suffix List: browsers reject it (RFC 6265bis §5.7) and SR-27 forbids it; omit Domain for a host-only cookie',
    instead: { throwsField: 'domain' },
  },
  'stringifySetCookie-045': {
    reason: 'Domain ".localhost" is the single-label public suffix "localhost" (RFC 6265bis §5.7; SR-27)',
    instead: { throwsField: 'domain' },
  },
  'stringifySetCookie-056': { reason: `value foo"bar with identity encoder: ${COOKIE_OCTET_VALUE}`, instead: { throwsField: 'value' } },
  'stringifySetCookie-057': { reason: `value foo,bar with identity encoder: ${COOKIE_OCTET_VALUE}`, instead: { throwsField: 'value' } },
  'stringifySetCookie-058': { reason: `value foo\\bar with identity encoder: ${COOKIE_OCTET_VALUE}`, instead: { throwsField: 'value' } },
  'stringifySetCookie-079': {
    reason: 'Path "../foo/" does not start with "/": user agents replace it by the default path (RFC 6265bis §5.6.4), so tessera refuses it',
    instead: { throwsField: 'path' },
  },
  'stringifySetCookie-080': {
    reason: 'Path "./" does not start with "/": user agents replace it by the default path (RFC 6265bis §5.6.4), so tessera refuses it',
    instead: { throwsField: 'path' },
  },
  'stringifySetCookie-085': {
    reason: 'Path with "<", ">" and DQUOTE is valid path-value (*av-octet: any CHAR except CTLs and ";", RFC 6265bis §4.1.1) and cannot inject attributes; tessera accepts what the grammar allows, jshttp refuses',
    instead: { returns: 'foo=bar; Path=/login"><script>alert(1)</script>' },
  },
  'stringifySetCookie-097': {
    reason: 'SameSite=None without Secure: browsers ignore the cookie (RFC 6265bis §5.7 step 19); SR-23 requires a throw',
    instead: { throwsField: 'sameSite' },
  },
};

/** `jshttp-cookie/stringify-set-cookie.json` through {@link serializeSetCookie}. */
export function runJshttpStringifySetCookie(): FileResult {
  const tally = new Tally('stringify-set-cookie.json', STRINGIFY_SET_COOKIE_DEVIATIONS);
  for (const c of loadCases('stringify-set-cookie.json')) {
    const input = c.input as JshttpSetCookieInput;
    const outcome = attempt(() => serializeSetCookie(input.name, input.value, toAttributes(input, encoder(c.options?.encode))));
    tally.record(c, outcome, expectValue(c));
  }
  return tally.result();
}
