/**
 * fast-check arbitraries shared by the cookie property tests: hostile Cookie headers
 * built from the characters that matter to the grammar, valid cookie names and values,
 * and parser options that exercise every limit.
 */
import fc from 'fast-check';
import type { ParseCookieHeaderOptions } from '../../src/cookie/cookie-header-options.ts';

/** RFC 9110 tchars. */
export const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** RFC 6265bis cookie-octets. */
export const COOKIE_OCTETS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i))
  .filter((c) => !'",;\\'.includes(c))
  .join('');

/** Any UTF-16 code unit, lone surrogates included. */
export const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Header fragments: separators, OWS, escapes good and bad, a few names to collide, noise. */
const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(';', '; ', '=', ' ', '\t', 'a', 'b', 'sid', '__proto__', 'constructor', '"', '%', '%41', '%E2%82%AC', '%C3', '%zz', '%ED%A0%80', 'x') },
  { weight: 1, arbitrary: anyCodeUnit },
);

/** Cookie headers that stress the scanner: duplicates, empty names, stray `=`/`;`, bad escapes, controls, surrogates. */
export const cookieHeader = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

/** Names worth asking for in a generated header. */
export const probeName = fc.constantFrom('a', 'b', 'sid', '__proto__', 'constructor', '', 'x', 'toString', 'a b');

/** A decoder that rejects some values, to exercise "undefined skips the pair". */
export const rejectingDecoder = (v: string): string | undefined => (v.startsWith('b') ? undefined : v.toUpperCase());

/** Parser options with small limits so the limit paths run often. */
export const parseOptions: fc.Arbitrary<ParseCookieHeaderOptions | undefined> = fc.option(
  fc.record(
    {
      decode: fc.constantFrom<ParseCookieHeaderOptions['decode']>(true, false, rejectingDecoder, () => {
        throw new Error('decoder failure');
      }),
      maxHeaderLength: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(Infinity)),
      maxPairs: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(Infinity)),
      maxPairLength: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(Infinity)),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** A valid cookie name (RFC 9110 token). */
export const tokenName = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });

/** A valid cookie value: cookie-octets, sometimes wrapped in DQUOTEs. */
export const cookieValue = fc
  .tuple(fc.string({ unit: fc.constantFrom(...COOKIE_OCTETS), maxLength: 24 }), fc.boolean())
  .map(([v, quoted]) => (quoted ? `"${v}"` : v));
