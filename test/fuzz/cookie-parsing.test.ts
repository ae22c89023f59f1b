/**
 * Fuzzing the request-side and response-side cookie parsers (SR-28, SR-29): on arbitrary
 * bytes, arbitrary UTF-16 (lone surrogates included) and mutated real headers from the
 * conformance data, `parseCookieHeader`, `getCookie`, `getCookies` and `parseSetCookie` never
 * throw, keep their output contracts, never touch Object.prototype, and stay linear in the
 * size of their input (an 8× larger input takes less than 40× the time).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { getCookie, getCookies, parseCookieDate, parseCookieHeader, parseSetCookie, type ParsedSetCookie } from '../../src/cookie/index.ts';
import { anyCodeUnit, parseOptions, probeName } from '../cookie/arbitraries.ts';
import { COOKIE_HEADERS, headerFromBytes, mutated, SET_COOKIE_LINES } from './corpus.ts';
import { fuzzTest } from './harness.ts';
import { growthRatio, LINEAR_RATIO_BOUND, repeatTo } from './linearity.ts';

const here = import.meta.url;
const OBJECT_PROTOTYPE_KEYS = Reflect.ownKeys(Object.prototype).length;

/** Any header a client could send: real ones mutated, raw bytes, or any UTF-16 at all. */
const anyCookieHeader = fc.oneof(mutated(COOKIE_HEADERS), headerFromBytes, fc.string({ unit: anyCodeUnit, maxLength: 200 }));
const anySetCookieLine = fc.oneof(mutated(SET_COOKIE_LINES), headerFromBytes, fc.string({ unit: anyCodeUnit, maxLength: 200 }));

function assertPrototypeUntouched(): void {
  assert.equal(Reflect.ownKeys(Object.prototype).length, OBJECT_PROTOTYPE_KEYS);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

const isWsp = (c: string | undefined) => c === ' ' || c === '\t';
const FORBIDDEN_CTL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** The output contract of parseSetCookie (RFC 6265bis §5.6) for a line it did not ignore. */
function assertSetCookieShape(c: ParsedSetCookie, legacy: boolean): void {
  assert.equal(typeof c.name, 'string');
  assert.equal(typeof c.value, 'string');
  assert.ok(c.name !== '' || c.value !== '', 'nameless and valueless lines are ignored');
  if (legacy) assert.notEqual(c.name, '');
  for (const s of [c.name, c.value]) {
    assert.ok(!isWsp(s[0]) && !isWsp(s[s.length - 1]), 'trimmed');
    assert.ok(!FORBIDDEN_CTL.test(s), 'no control character survives');
  }
  assert.ok(Buffer.byteLength(c.name) + Buffer.byteLength(c.value) <= 4096, 'name plus value within 4096 octets (§5.6 step 5)');
  for (const a of c.attributes) {
    assert.ok(a.name !== '' && a.value.length <= 1024);
  }
  if (c.maxAge !== undefined) assert.ok(Number.isSafeInteger(c.maxAge));
  if (c.expires !== undefined) assert.ok(Number.isFinite(c.expires));
  if (c.sameSite !== undefined) assert.ok(['Strict', 'Lax', 'None', 'Default'].includes(c.sameSite));
  if (c.domain === '') assert.ok(c.attributes.some((a) => /^domain$/i.test(a.name) && a.value === '.'), 'an empty Domain comes only from "Domain=."');
  if (c.path !== undefined) assert.equal(c.path[0], '/');
  assert.equal(typeof c.secure, 'boolean');
  assert.equal(typeof c.httpOnly, 'boolean');
}

describe('fuzz: Cookie header (parseCookieHeader, getCookie, getCookies)', () => {
  fuzzTest(here, 'never throws on any header and options; the record inherits nothing and holds only strings (SR-28, SR-29)', 3000, () =>
    fc.property(anyCookieHeader, parseOptions, (header, options) => {
      const record = parseCookieHeader(header, options);
      const proto = Object.getPrototypeOf(record) as object;
      assert.ok(Object.isFrozen(proto) && Object.getPrototypeOf(proto) === null);
      for (const [name, value] of Object.entries(record)) {
        assert.equal(typeof value, 'string', name);
      }
      assert.ok(Object.keys(record).length <= (options?.maxPairs ?? 512));
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'getCookie and getCookies agree with the full parse on every name found and probed (SR-30)', 2000, () =>
    fc.property(anyCookieHeader, probeName, (header, probe) => {
      const record = parseCookieHeader(header);
      for (const name of [...Object.keys(record).slice(0, 8), probe]) {
        const all = getCookies(header, name);
        assert.equal(getCookie(header, name), record[name]);
        assert.equal(all[0], record[name]);
      }
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'stays linear: an 8× longer header of any repeated shape takes < 40× the time (limits lifted)', 3, () =>
    fc.property(fc.oneof(mutated(COOKIE_HEADERS), fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 24 })), (unit) => {
      const unlimited = { maxHeaderLength: Infinity, maxPairs: Infinity, maxPairLength: Infinity };
      const small = repeatTo(`${unit};`, 1 << 15);
      const large = small.repeat(8);
      const parse = growthRatio((h) => parseCookieHeader(h, unlimited), small, large);
      const scan = growthRatio((h) => getCookies(h, 'a', unlimited), small, large);
      assert.ok(parse < LINEAR_RATIO_BOUND && scan < LINEAR_RATIO_BOUND, `parse ×${parse.toFixed(1)}, getCookies ×${scan.toFixed(1)}`);
    }),
  );
});

describe('fuzz: Set-Cookie line (parseSetCookie, parseCookieDate)', () => {
  test('regression: a last "Domain=." overrides an earlier Domain with "" (§5.6.3), which the jar stores host-only', () => {
    assert.equal(parseSetCookie('a=b; Domain=home.example.org; Domain=.')?.domain, '');
    assert.equal(parseSetCookie('a=b; Domain=.; Domain=')?.domain, '', 'an empty value is ignored');
  });

  fuzzTest(here, 'never throws on any line, in both profiles; a kept cookie meets the §5.6 output contract', 3000, () =>
    fc.property(anySetCookieLine, (line) => {
      for (const profile of ['rfc6265bis', 'rfc6265'] as const) {
        const cookie = parseSetCookie(line, { profile });
        if (cookie !== null) assertSetCookieShape(cookie, profile === 'rfc6265');
        assert.deepEqual(parseSetCookie(line, { profile }), cookie, 'deterministic');
      }
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'parseCookieDate never throws and gives null or an instant from 1601 on', 2000, () =>
    fc.property(fc.oneof(anySetCookieLine, fc.stringMatching(/^[A-Za-z0-9 ,:;-]{0,40}$/)), (text) => {
      const instant = parseCookieDate(text);
      assert.ok(instant === null || (Number.isFinite(instant) && instant >= Date.UTC(1601, 0, 1)));
    }),
  );

  fuzzTest(here, 'stays linear: 8× more attributes (or 8× a longer line) take < 40× the time', 3, () =>
    fc.property(fc.oneof(mutated(SET_COOKIE_LINES), fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 24 })), fc.boolean(), (unit, asAttributes) => {
      const small = (asAttributes ? 'a=b;' : '') + repeatTo(asAttributes ? `${unit};` : unit, 1 << 13);
      const large = (asAttributes ? 'a=b;' : '') + small.slice(asAttributes ? 4 : 0).repeat(8);
      const ratio = growthRatio((l) => parseSetCookie(l), small, large);
      const dates = growthRatio(parseCookieDate, small, large);
      assert.ok(ratio < LINEAR_RATIO_BOUND && dates < LINEAR_RATIO_BOUND, `parseSetCookie ×${ratio.toFixed(1)}, parseCookieDate ×${dates.toFixed(1)}`);
    }),
  );
});
