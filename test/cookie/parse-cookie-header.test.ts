import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCookieHeader } from '../../src/cookie/parse-cookie-header.ts';
import { ConfigError } from '../../src/errors.ts';
import { cookieHeader, parseOptions } from './arbitraries.ts';
import { naiveParse } from './naive-cookie-header.ts';

/** The parse result as a plain object, for deepEqual against literals. */
const parse = (...args: Parameters<typeof parseCookieHeader>) => ({ ...parseCookieHeader(...args) });

describe('parseCookieHeader: the cookie-string of RFC 6265bis §4.2.1', () => {
  test('parses name=value pairs separated by "; "', () => {
    assert.deepEqual(parse('sid=abc; theme=dark'), { sid: 'abc', theme: 'dark' });
  });

  test('accepts several Cookie header fields joined with "; " ("Servers MUST be tolerant of multiple cookie headers", §4.2.1; SR-28)', () => {
    const joined = ['a=1; b=2', 'c=3'].join('; ');
    assert.deepEqual(parse(joined), { a: '1', b: '2', c: '3' });
  });

  test('trims OWS (SP and HTAB) around names and values, nothing else (SR-28)', () => {
    assert.deepEqual(parse(' \t a \t=\t 1 \t; b=\u00a02\u00a0'), { a: '1', b: '\u00a02\u00a0' });
  });

  test('ignores segments without "=" (SR-28)', () => {
    assert.deepEqual(parse('foo=bar;fizz  ;  buzz; ;;'), { foo: 'bar' });
  });

  test('keeps an empty name and empty values', () => {
    assert.deepEqual(parse('=v; a=; b'), { '': 'v', a: '' });
  });

  test('keeps DQUOTEs: they are part of the cookie-value (§4.1.1)', () => {
    assert.deepEqual(parse('a="x y"; b=""'), { a: '"x y"', b: '""' });
  });

  test('the first occurrence of a duplicated name wins (order is no security signal, §4.2.2; see getCookies for SR-30)', () => {
    assert.deepEqual(parse('sid=first; sid=second; x=1; sid=third'), { sid: 'first', x: '1' });
  });

  test('names are case-sensitive (SR-30: __host-sid is not __Host-sid)', () => {
    assert.deepEqual(parse('__host-sid=a; __Host-sid=b'), { '__host-sid': 'a', '__Host-sid': 'b' });
  });

  test('returns an empty record for null, undefined, "" and whitespace', () => {
    for (const h of [null, undefined, '', ' \t ', ';', '=']) {
      const r = parseCookieHeader(h);
      assert.ok(Object.keys(r).length <= 1);
    }
    assert.deepEqual(parse(null), {});
    assert.deepEqual(parse(undefined), {});
    assert.deepEqual(parse(''), {});
  });
});

describe('parseCookieHeader: prototype safety (SR-29)', () => {
  test('returns a record that inherits nothing: its prototype is frozen, empty and has a null prototype', () => {
    const proto = Object.getPrototypeOf(parseCookieHeader('a=1')) as object;
    assert.equal(Object.getPrototypeOf(proto), null);
    assert.ok(Object.isFrozen(proto));
    assert.deepEqual(Reflect.ownKeys(proto), []);
    assert.equal(Object.getPrototypeOf(parseCookieHeader('b=2')), proto);
    assert.throws(() => {
      (proto as Record<string, string>)['polluted'] = 'x';
    }, TypeError);
    assert.equal(parseCookieHeader('a=1')['polluted'], undefined);
  });

  test('__proto__, constructor, prototype, toString, hasOwnProperty are ordinary keys and Object.prototype stays clean', () => {
    const r = parseCookieHeader('__proto__=x; constructor=y; prototype=z; toString=t; hasOwnProperty=h; valueOf=v');
    assert.deepEqual(Object.keys(r), ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']);
    assert.equal(r['__proto__'], 'x');
    assert.equal(r['constructor'], 'y');
    assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(r)), null);
    assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(parseCookieHeader('__proto__=x'))), null);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'z'), false);
  });

  test('names of Object.prototype members are absent unless sent', () => {
    const r = parseCookieHeader('a=1');
    assert.equal(r['toString'], undefined);
    assert.equal(r['__proto__'], undefined);
    assert.equal('constructor' in r, false);
  });
});

describe('parseCookieHeader: decoding', () => {
  test('percent-decodes values containing "%" by default, like decodeURIComponent', () => {
    assert.deepEqual(parse('email=%20%22%2c%3b%2f; euro=%E2%82%AC; plus=a+b'), { email: ' ",;/', euro: '€', plus: 'a+b' });
  });

  test('keeps the raw value when an escape is malformed or not UTF-8, and never throws (SR-28)', () => {
    for (const raw of ['%', '%1', '%zz', '100%', '%C3', '%C3%28', '%ED%A0%80', '%F4%90%80%80', '%C0%AF', '%E2%82', 'a%E2%82%ACb%']) {
      assert.equal(parseCookieHeader(`v=${raw}`)['v'], raw, raw);
    }
  });

  test('decode: false keeps values exactly as sent', () => {
    assert.deepEqual(parse('a=%41; b=%zz', { decode: false }), { a: '%41', b: '%zz' });
  });

  test('a custom decoder returning undefined skips the pair and lets a later duplicate win', () => {
    const calls: string[] = [];
    const r = parse('foo=bar; foo=baz; foo=qux', {
      decode: (v) => {
        calls.push(v);
        return v === 'bar' ? undefined : v;
      },
    });
    assert.deepEqual(r, { foo: 'baz' });
    assert.deepEqual(calls, ['bar', 'baz']);
  });

  test('a custom decoder that throws or returns a non-string is treated as undefined: the parser never throws (SR-28)', () => {
    assert.deepEqual(
      parse('a=1; b=2', {
        decode: (v) => {
          if (v === '1') throw new Error('boom');
          return v;
        },
      }),
      { b: '2' },
    );
    assert.deepEqual(parse('a=1', { decode: (() => 42) as unknown as (v: string) => string }), {});
  });
});

describe('parseCookieHeader: limits (SR-28: configurable, the excess ignored, never truncated)', () => {
  test('reads at most 8192 characters by default (§4.2.1); a pair cut by the limit is dropped whole', () => {
    const header = `a=${'x'.repeat(4000)}; b=${'y'.repeat(4000)}; c=${'z'.repeat(300)}`;
    assert.ok(header.indexOf('; c=') < 8192 && header.length > 8192);
    const r = parse(header);
    assert.equal(r['a']?.length, 4000);
    assert.equal(r['b']?.length, 4000);
    assert.equal('c' in r, false);
    const cut = parse(`a=1; b=${'y'.repeat(9000)}`);
    assert.deepEqual(cut, { a: '1' });
  });

  test('a pair ending exactly at maxHeaderLength is kept', () => {
    assert.deepEqual(parse('a=1; b=2', { maxHeaderLength: 8 }), { a: '1', b: '2' });
    assert.deepEqual(parse('a=1; b=2', { maxHeaderLength: 7 }), { a: '1' });
    assert.deepEqual(parse('a=1; b=2;', { maxHeaderLength: 8 }), { a: '1', b: '2' });
  });

  test('maxPairs counts cookie-pairs (duplicates included, segments without "=" not)', () => {
    assert.deepEqual(parse('a=1; junk; a=2; b=3; c=4', { maxPairs: 3 }), { a: '1', b: '3' });
    assert.deepEqual(parse('a=1', { maxPairs: 0 }), {});
  });

  test('defaults to 512 pairs', () => {
    const header = Array.from({ length: 600 }, (_, i) => `k${i}=${i}`).join(';');
    const r = parseCookieHeader(header, { maxHeaderLength: Infinity });
    assert.equal(Object.keys(r).length, 512);
    assert.equal(r['k511'], '511');
    assert.equal(r['k512'], undefined);
  });

  test('a pair whose name plus value exceeds maxPairLength (default 4096, §5.6 step 5) is ignored, not truncated', () => {
    const r = parse(`big=${'x'.repeat(4094)}; ok=${'y'.repeat(4092)}; c=1`, { maxHeaderLength: Infinity });
    assert.equal(r['big'], undefined);
    assert.equal(r['ok'], 'y'.repeat(4092));
    assert.equal(r['c'], '1');
    assert.deepEqual(parse('ab=cd; a=b', { maxPairLength: 3 }), { a: 'b' });
  });

  test('invalid limits and decode options are programming errors: ConfigError', () => {
    for (const options of [{ maxPairs: -1 }, { maxHeaderLength: 1.5 }, { maxPairLength: Number.NaN }, { maxPairs: '3' as unknown as number }, { decode: 'yes' as unknown as boolean }]) {
      assert.throws(() => parseCookieHeader('a=1', options), ConfigError);
    }
  });
});

describe('parseCookieHeader: hostile input never throws and stays linear (SR-28)', () => {
  test('non-string inputs give an empty record', () => {
    for (const h of [42, {}, [], Symbol('x'), () => 'a=1', true]) {
      assert.deepEqual({ ...parseCookieHeader(h as unknown as string) }, {});
    }
  });

  test('NUL, CR, LF and other CTLs are kept as data, not trusted and not fatal', () => {
    const header = 'a=1\u0000; b=\r\n2; \u0007c=3; d=\u007f';
    assert.deepEqual(parse(header), { a: '1\u0000', b: '\r\n2', '\u0007c': '3', d: '\u007f' });
  });

  test('lone surrogates (invalid UTF-8 on the wire) and non-ASCII are kept as data', () => {
    assert.deepEqual(parse('a=\ud800; \udc00=b; c=é'), { a: '\ud800', '\udc00': 'b', c: 'é' });
  });

  test('a 1 MB header is bounded to the first 8 KiB', () => {
    const header = 'a=1; ' + 'b'.repeat(1 << 20);
    const started = performance.now();
    assert.deepEqual(parse(header), { a: '1' });
    assert.ok(performance.now() - started < 500);
  });

  test('10,000 pairs with the limits lifted: every pair read, in linear time', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}=v${i}`).join('; ');
    const r = parseCookieHeader(header, { maxHeaderLength: Infinity, maxPairs: Infinity });
    assert.equal(Object.keys(r).length, 10_000);
    assert.equal(r['c9999'], 'v9999');
  });

  test('adversarial 1 MB shapes finish fast with limits lifted (no quadratic rescans)', () => {
    const unlimited = { maxHeaderLength: Infinity, maxPairs: Infinity, maxPairLength: Infinity };
    const shapes = [
      'a' + ';a'.repeat(500_000) + '=1', // many segments without "=" before one that has it
      'a=' + '='.repeat(1_000_000), // "=" everywhere
      ' '.repeat(500_000) + 'a' + '\t'.repeat(500_000) + '=' + ' '.repeat(500_000), // OWS to trim
      'v=' + '%'.repeat(1_000_000), // a value of bad escapes
      'v=' + '%41'.repeat(333_333), // a value of good escapes
      'v=' + '%C3'.repeat(333_333), // a value of truncated UTF-8
      ';'.repeat(1_000_000),
    ];
    for (const header of shapes) {
      const started = performance.now();
      parseCookieHeader(header, unlimited);
      const ms = performance.now() - started;
      assert.ok(ms < 1000, `${header.slice(0, 10)}…: ${ms} ms`);
    }
    assert.equal(parseCookieHeader('v=' + '%41'.repeat(1000), unlimited)['v'], 'A'.repeat(1000));
  });

  test('property: never throws and matches the naive reading of the contract, for any header and options', () => {
    fc.assert(
      fc.property(cookieHeader, parseOptions, (header, options) => {
        assert.deepEqual({ ...parseCookieHeader(header, options) }, naiveParse(header, options));
      }),
      { numRuns: 3000 },
    );
  });
});
