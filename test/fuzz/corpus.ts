/**
 * Real headers to mutate: every `Cookie` and `Set-Cookie` string of the public conformance
 * data (jshttp/cookie, the IETF http-state suite, web-platform-tests), plus a few hand-written
 * session-style headers, and fast-check arbitraries that mutate them the way a fuzzer does
 * (insert, delete, duplicate, replace, splice two headers).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { conformanceDir } from '../conformance/location.ts';
import { anyCodeUnit } from '../cookie/arbitraries.ts';

const read = (path: string): unknown => JSON.parse(readFileSync(join(conformanceDir(), path), 'utf8'));
const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');

interface JshttpCases { cases: Array<{ input: unknown }> }
interface StateCases { tests: Array<{ received: string[]; expected_cookie_header?: string }> }
interface IetfCase { received: string[]; sent: Array<{ name: string; value: string }> }
interface WptCases { cases: Array<{ set_cookie?: string[]; expected?: unknown }> }

const HANDWRITTEN_COOKIE = [
  '__Host-session=s1.ka.1735689600000.eyJ2IjoxfQ.6bVQ0j2qYl1X8Zx0d2Zl3m4n5o6p7q8r9s0t1u2v3w4; theme=dark; _ga=GA1.2.3.4',
  'session=~2~e1.ka.AAAA; session.1=BBBB; csrftoken=abc%20def; lang="en-GB"',
  'sid=x; sid=y; __Secure-sid=z; __proto__=polluted; constructor=1; toString=2',
];
const HANDWRITTEN_SET_COOKIE = [
  '__Host-session=s1.ka.1735689600000.eyJ2IjoxfQ.mac; Path=/; Secure; HttpOnly; SameSite=Lax',
  'sid=abc; Domain=.example.com; Path=/app; Max-Age=34560000; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Partitioned; Priority=High',
  'session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Strict',
];

/** Every Cookie header and Set-Cookie line of the conformance data, each list without repeats. */
function loadCorpus(): { cookie: string[]; setCookie: string[] } {
  const jshttpCookie = read('jshttp-cookie/parse-cookie.json') as JshttpCases;
  const jshttpSetCookie = read('jshttp-cookie/parse-set-cookie.json') as JshttpCases;
  const state = read('wpt/http-state-6265bis.json') as StateCases;
  const ietf = read('ietf-http-state/parser.json') as IetfCase[];
  const wpt = read('wpt/cookies.json') as WptCases;
  const cookie = [
    ...HANDWRITTEN_COOKIE,
    ...strings(jshttpCookie.cases.map((c) => c.input)),
    ...strings(state.tests.map((t) => t.expected_cookie_header)),
    ...ietf.filter((t) => t.sent.length > 0).map((t) => t.sent.map((c) => `${c.name}=${c.value}`).join('; ')),
    ...strings(wpt.cases.map((c) => c.expected)),
  ].filter((h) => h.length > 0);
  const setCookie = [
    ...HANDWRITTEN_SET_COOKIE,
    ...strings(jshttpSetCookie.cases.map((c) => c.input)),
    ...state.tests.flatMap((t) => t.received),
    ...ietf.flatMap((t) => t.received),
    ...wpt.cases.flatMap((c) => c.set_cookie ?? []),
  ];
  return { cookie: [...new Set(cookie)], setCookie: [...new Set(setCookie)] };
}

const corpus = loadCorpus();
/** Distinct real `Cookie` header values. */
export const COOKIE_HEADERS: readonly string[] = corpus.cookie;
/** Distinct real `Set-Cookie` field values. */
export const SET_COOKIE_LINES: readonly string[] = corpus.setCookie;

/** Fragments a mutation inserts: the grammar's delimiters, escapes, controls, prefixes and any code unit. */
const insertion = fc.oneof(
  fc.constantFrom(';', '; ', '=', ',', ' ', '\t', '"', '%', '%zz', '%C3', '%ED%A0%80', '\u0000', '\r\n', '\u007f', '__Host-', '__proto__', 'Expires=', 'Max-Age=-1', 'Domain=', 'Path=/', '\ud800'),
  fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 6 }),
);

/** An edit of `s`; `other` is a second string some edits splice in. */
export type Mutation = (s: string, other: string) => string;

/**
 * One fuzzer edit at a position chosen by `at` (any natural number, taken modulo the length):
 * insert a fragment, delete a run, duplicate a run, replace one code unit, or splice `other`.
 */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), insertion).map(([at, x]): Mutation => (s) => s.slice(0, at % (s.length + 1)) + x + s.slice(at % (s.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 16 })).map(([at, n]): Mutation => (s) => s.slice(0, at % (s.length + 1)) + s.slice((at % (s.length + 1)) + n)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 6 })).map(([at, n, times]): Mutation => (s) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + s.slice(i, i + n).repeat(times) + s.slice(i);
  }),
  fc.tuple(fc.nat(), anyCodeUnit).map(([at, c]): Mutation => (s) => (s.length === 0 ? c : s.slice(0, at % s.length) + c + s.slice((at % s.length) + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 15 })).map(([at, bit]): Mutation => (s) => {
    const i = at % Math.max(1, s.length);
    return s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) || 0) ^ (1 << bit)) + s.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (s, other) => s.slice(0, a % (s.length + 1)) + other.slice(b % (other.length + 1))),
);

/** `corpus` entries with 0 to 6 mutations applied (0 keeps the real header, which must parse too). */
export function mutated(corpus: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...corpus), fc.constantFrom(...corpus), fc.array(mutation, { maxLength: 6 }))
    .map(([base, other, mutations]) => mutations.reduce((s, m) => m(s, other), base));
}

/** Arbitrary bytes as a server sees them: decoded as Latin-1 (Node's raw header text) or as UTF-8 (with U+FFFD). */
export const headerFromBytes: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 256 }), fc.boolean())
  .map(([bytes, latin1]) => Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8'));
