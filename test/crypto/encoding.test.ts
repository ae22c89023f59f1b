/** The Buffer-free encodings, checked against Buffer (the reference) with fast-check. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base64urlToBytes, bytesToBase64url, hexToBytes, isCanonicalBase64url, isWellFormed, utf8Decode, utf8Encode } from '../../src/crypto/encoding.ts';

const RUNS = 3000;

describe('base64url', () => {
  test('encodes like Buffer and decodes back, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = bytesToBase64url(bytes);
        assert.equal(text, Buffer.from(bytes).toString('base64url'));
        assert.ok(isCanonicalBase64url(text));
        assert.deepEqual(base64urlToBytes(text), new Uint8Array(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  test('accepts a string exactly when it is the canonical encoding of some bytes', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.\0é'), maxLength: 12 });
    fc.assert(
      fc.property(text, (s) => {
        const canonical = /^[A-Za-z0-9_-]*$/.test(s) && Buffer.from(s, 'base64url').toString('base64url') === s;
        assert.equal(isCanonicalBase64url(s), canonical, s);
        assert.equal(base64urlToBytes(s) !== null, canonical, s);
      }),
      { numRuns: RUNS },
    );
  });

  test('checks a range of a longer string without copying it', () => {
    assert.equal(isCanonicalBase64url('..AAAA..', 2, 6), true);
    assert.equal(isCanonicalBase64url('..AAAA..', 1, 6), false);
    assert.equal(isCanonicalBase64url('AB', 0, 2), false);
    assert.equal(isCanonicalBase64url('AQ', 0, 2), true);
  });
});

describe('hex', () => {
  test('decodes either case like Buffer; refuses odd lengths and non-hex characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString('hex');
        assert.deepEqual(hexToBytes(upper ? hex.toUpperCase() : hex), new Uint8Array(bytes));
      }),
      { numRuns: RUNS },
    );
    for (const bad of ['a', 'abc', 'zz', '0g', ' 00', '00 ', '0x00']) assert.equal(hexToBytes(bad), null, bad);
    assert.deepEqual(hexToBytes(''), new Uint8Array(0));
  });
});

describe('UTF-8 and well-formedness', () => {
  test('utf8Encode/utf8Decode agree with Buffer for well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        assert.deepEqual(utf8Encode(text), new Uint8Array(Buffer.from(text, 'utf8')));
        assert.equal(utf8Decode(utf8Encode(text)), text);
        assert.equal(isWellFormed(text), true);
      }),
      { numRuns: RUNS },
    );
  });

  test('lone surrogates are detected anywhere; pairs are fine', () => {
    for (const bad of ['\uD800', '\uDC00', 'a\uD800b', 'a\uDC00', '\uDC00\uD800', '\uD83D\uD83D\uDE00\uDE00']) assert.equal(isWellFormed(bad), false, bad);
    for (const good of ['', 'abc', '\uD83D\uDE00', 'é日本😀']) assert.equal(isWellFormed(good), true, good);
  });
});
