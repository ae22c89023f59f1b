/** The built-in SHA-256, HMAC-SHA-256 and HKDF-SHA-256: standard vectors and node:crypto as the reference. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { hkdfSha256, hmacSha256, sha256 } from '../../src/crypto/sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const RUNS = 2000;

describe('sha256', () => {
  test('FIPS 180-4 vectors', () => {
    assert.equal(hex(sha256(new Uint8Array(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(hex(sha256(new Uint8Array(Buffer.from('abc')))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      hex(sha256(new Uint8Array(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    assert.equal(hex(sha256(new Uint8Array(1_000_000).fill(0x61))), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  test('equals node:crypto for any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        assert.equal(hex(sha256(data)), createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hmacSha256', () => {
  test('RFC 4231 test cases 1, 2 and 6 (key longer than a block)', () => {
    assert.equal(hex(hmacSha256(bytesOf('0b'.repeat(20)), new Uint8Array(Buffer.from('Hi There')))), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    assert.equal(
      hex(hmacSha256(new Uint8Array(Buffer.from('Jefe')), new Uint8Array(Buffer.from('what do ya want for nothing?')))),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    assert.equal(
      hex(hmacSha256(bytesOf('aa'.repeat(131)), new Uint8Array(Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')))),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  test('equals node:crypto for any key and data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 150 }), (key, data) => {
        assert.equal(hex(hmacSha256(key, data)), createHmac('sha256', key).update(data).digest('hex'));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hkdfSha256', () => {
  test('RFC 5869 test cases 1 and 3', () => {
    const ikm = bytesOf('0b'.repeat(22));
    assert.equal(
      hex(hkdfSha256(ikm, bytesOf('000102030405060708090a0b0c'), bytesOf('f0f1f2f3f4f5f6f7f8f9'), 42)),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
    assert.equal(hex(hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), 42)), '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  });

  test('equals node:crypto hkdfSync for any input and length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (ikm, salt, info, length) => {
        assert.equal(hex(hkdfSha256(ikm, salt, info, length)), Buffer.from(hkdfSync('sha256', ikm, salt, info, length)).toString('hex'));
      }),
      { numRuns: RUNS / 4 },
    );
  });

  test('refuses impossible lengths', () => {
    for (const length of [0, -1, 1.5, 8161]) assert.throws(() => hkdfSha256(new Uint8Array(32), new Uint8Array(0), new Uint8Array(0), length), RangeError);
  });
});
