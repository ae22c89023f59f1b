import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { serializeCookieHeader } from '../../src/cookie/serialize-cookie-header.ts';
import { parseCookieHeader } from '../../src/cookie/parse-cookie-header.ts';
import { getCookies } from '../../src/cookie/get-cookie.ts';
import { CookieError, CookieTooLargeError } from '../../src/errors.ts';
import { cookieValue, tokenName } from './arbitraries.ts';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof CookieError ? e.field : 'not a CookieError';
  }
  return undefined;
};

describe('serializeCookieHeader: a Cookie request header (§4.2.1)', () => {
  test('joins name=value with "; " in order, from a record, a Map or an array', () => {
    assert.equal(serializeCookieHeader({ a: '1', b: '2' }), 'a=1; b=2');
    assert.equal(serializeCookieHeader(new Map([['a', '1'], ['b', '"2"']])), 'a=1; b="2"');
    assert.equal(serializeCookieHeader([['sid', 'x'], ['sid', 'y']]), 'sid=x; sid=y');
    assert.equal(serializeCookieHeader({}), '');
    assert.equal(serializeCookieHeader([]), '');
  });

  test('skips undefined record values and keeps empty ones', () => {
    assert.equal(serializeCookieHeader({ a: undefined, b: '', c: '3' }), 'b=; c=3');
  });

  test('refuses invalid names and values like the Set-Cookie serializer (§4.1.1; SR-24)', () => {
    assert.equal(fieldOf(() => serializeCookieHeader({ 'test=': '' })), 'name');
    assert.equal(fieldOf(() => serializeCookieHeader({ '': 'v' })), 'name');
    assert.equal(fieldOf(() => serializeCookieHeader({ 'a b': 'v' })), 'name');
    assert.equal(fieldOf(() => serializeCookieHeader({ 'a\nb': 'v' })), 'name');
    assert.equal(fieldOf(() => serializeCookieHeader({ a: ';' })), 'value');
    assert.equal(fieldOf(() => serializeCookieHeader({ a: 'x\r\nHost: evil' })), 'value');
    assert.equal(fieldOf(() => serializeCookieHeader([['a', 1 as unknown as string]])), 'value');
    assert.throws(() => serializeCookieHeader({ a: 'x'.repeat(4096) }), CookieTooLargeError);
  });

  test('encode: applied to every value and its output validated', () => {
    assert.equal(serializeCookieHeader({ a: 'x y' }, { encode: encodeURIComponent }), 'a=x%20y');
    assert.equal(fieldOf(() => serializeCookieHeader({ a: 'x' }, { encode: () => 'x y' })), 'value');
  });

  test('property: parseCookieHeader(serializeCookieHeader(pairs), { decode: false }) gives back the first value of each name', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tokenName, cookieValue), { maxLength: 12 }), (pairs) => {
        const header = serializeCookieHeader(pairs);
        const expected: Record<string, string> = {};
        for (const [n, v] of pairs) {
          if (!Object.hasOwn(expected, n)) Object.defineProperty(expected, n, { value: v, enumerable: true, writable: true, configurable: true });
        }
        assert.deepEqual({ ...parseCookieHeader(header, { decode: false }) }, expected);
        for (const [n] of pairs) assert.deepEqual(getCookies(header, n, { decode: false }), pairs.filter(([m]) => m === n).map(([, v]) => v));
      }),
      { numRuns: 2000 },
    );
  });

  test('property: with percent-encoding, arbitrary text round-trips through the default decoder', () => {
    fc.assert(
      fc.property(fc.dictionary(tokenName, fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 8 }), (record) => {
        const header = serializeCookieHeader(record, { encode: encodeURIComponent });
        assert.deepEqual({ ...parseCookieHeader(header) }, { ...record });
      }),
      { numRuns: 1000 },
    );
  });
});
