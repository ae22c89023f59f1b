import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getCookie, getCookies } from '../../src/cookie/get-cookie.ts';
import { parseCookieHeader } from '../../src/cookie/parse-cookie-header.ts';
import { ConfigError } from '../../src/errors.ts';
import { cookieHeader, parseOptions, probeName } from './arbitraries.ts';
import { naivePairs } from './naive-cookie-header.ts';

describe('getCookie: one cookie by scanning', () => {
  test('returns the first value for the exact name', () => {
    const header = 'a=1; sid=first; b=2; sid=second';
    assert.equal(getCookie(header, 'sid'), 'first');
    assert.equal(getCookie(header, 'b'), '2');
  });

  test('returns undefined when absent, for null/undefined/empty headers and for non-string names', () => {
    assert.equal(getCookie('a=1', 'b'), undefined);
    assert.equal(getCookie(null, 'a'), undefined);
    assert.equal(getCookie(undefined, 'a'), undefined);
    assert.equal(getCookie('', 'a'), undefined);
    assert.equal(getCookie('a=1', 42 as unknown as string), undefined);
  });

  test('matches names exactly and case-sensitively, not by prefix or suffix (SR-30)', () => {
    const header = 'xsid=1; sidx=2; SID=3; __host-sid=4; sid =5';
    assert.equal(getCookie(header, 'sid'), '5');
    assert.equal(getCookie(header, '__Host-sid'), undefined);
    assert.equal(getCookie('a=1', 'a=1'), undefined);
  });

  test('decodes like parseCookieHeader and honours its options', () => {
    assert.equal(getCookie('v=%E2%82%AC', 'v'), '€');
    assert.equal(getCookie('v=%E2%82%AC', 'v', { decode: false }), '%E2%82%AC');
    assert.equal(getCookie('v=%zz', 'v'), '%zz');
    assert.equal(getCookie('v=bar; v=baz', 'v', { decode: (x) => (x === 'bar' ? undefined : x) }), 'baz');
    assert.equal(getCookie('a=1; v=2', 'v', { maxPairs: 1 }), undefined);
  });

  test('never touches Object.prototype names it was not sent (SR-29)', () => {
    assert.equal(getCookie('a=1', '__proto__'), undefined);
    assert.equal(getCookie('__proto__=x', '__proto__'), 'x');
  });

  test('invalid options throw ConfigError', () => {
    assert.throws(() => getCookie('a=1', 'a', { maxPairs: -5 }), ConfigError);
  });
});

describe('getCookies: every value sent for a name (SR-30)', () => {
  test('returns all values of the exact name in header order', () => {
    assert.deepEqual(getCookies('sid=a; x=1; sid=b; SID=c; sid=', 'sid'), ['a', 'b', '']);
  });

  test('returns [] when absent and for null or non-string input', () => {
    assert.deepEqual(getCookies('a=1', 'sid'), []);
    assert.deepEqual(getCookies(null, 'sid'), []);
    assert.deepEqual(getCookies(7 as unknown as string, 'sid'), []);
  });

  test('leaves out values a custom decoder rejects', () => {
    assert.deepEqual(getCookies('v=bar; v=baz; v=bar2', 'v', { decode: (x) => (x.startsWith('bar') ? undefined : x) }), ['baz']);
  });

  test('a sibling-domain injection is visible: both values come back, so the caller can refuse to guess', () => {
    const header = '__Host-sid=attacker; theme=dark; __Host-sid=genuine';
    assert.deepEqual(getCookies(header, '__Host-sid'), ['attacker', 'genuine']);
  });
});

describe('getCookie / getCookies agree with parseCookieHeader on every input', () => {
  test('property: getCookie(h, n) === parseCookieHeader(h)[n]; getCookies(h, n)[0] === getCookie(h, n); getCookies lists the naive pairs', () => {
    fc.assert(
      fc.property(cookieHeader, parseOptions, probeName, (header, options, probe) => {
        const parsed = parseCookieHeader(header, options);
        const names = new Set([probe, ...Object.keys(parsed)]);
        const pairs = naivePairs(header, options);
        for (const name of names) {
          const one = getCookie(header, name, options);
          const all = getCookies(header, name, options);
          assert.equal(one, parsed[name]);
          assert.equal(all[0], one);
          assert.deepEqual(all, pairs.filter(([n]) => n === name).map(([, v]) => v));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('large hostile headers: agreement with the limits lifted', () => {
    const unlimited = { maxHeaderLength: Infinity, maxPairs: Infinity, maxPairLength: Infinity };
    const header = Array.from({ length: 10_000 }, (_, i) => `${i % 7 === 0 ? 'sid' : 'c' + i}=v${i}`).join('; ');
    const all = getCookies(header, 'sid', unlimited);
    assert.equal(all.length, Math.ceil(10_000 / 7));
    assert.equal(all[0], getCookie(header, 'sid', unlimited));
    assert.equal(parseCookieHeader(header, unlimited)['sid'], 'v0');
  });
});
