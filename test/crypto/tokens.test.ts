/** Random tokens (SR-1 to SR-4) and their hashes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateToken, hashToken, isWellFormedToken, nodeBackend, TOKEN_LENGTH, webCryptoBackend } from '../../src/crypto/index.ts';

describe('generateToken', () => {
  test('10,000 tokens: all distinct, 43 base64url characters, well-formed, every bit unbiased', () => {
    const tokens = Array.from({ length: 10_000 }, () => generateToken());
    assert.equal(new Set(tokens).size, tokens.length);
    const ones = new Array<number>(256).fill(0);
    for (const token of tokens) {
      assert.equal(token.length, 43);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(isWellFormedToken(token));
      const bytes = Buffer.from(token, 'base64url');
      assert.equal(bytes.length, 32);
      for (let bit = 0; bit < 256; bit++) ones[bit]! += (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    // Each bit is set in 5,000 ± 50 tokens on average (σ = 50); 6σ bounds make a false alarm negligible.
    for (const count of ones) assert.ok(count > 4700 && count < 5300, `bit set ${count} times in 10,000`);
  });

  test('uses the injected randomness (for tests), 32 bytes of it', () => {
    let asked = 0;
    const token = generateToken({
      randomFill: (target) => {
        asked = target.length;
        target.fill(0xff);
      },
    });
    assert.equal(asked, 32);
    assert.equal(token, `${'_'.repeat(42)}8`); // 256 one-bits, then the 2 unused bits of the last character as zeros
    assert.equal(generateToken({ randomFill: (t) => t.fill(0) }), 'A'.repeat(43));
  });
});

describe('hashToken', () => {
  test('is SHA-256 as base64url: known vectors', () => {
    assert.equal(hashToken('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    assert.equal(hashToken(''), '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
  });

  test('agrees across back ends and with node:crypto on random tokens and on non-ASCII text', () => {
    for (let i = 0; i < 200; i++) {
      const token = i % 2 ? generateToken() : `ü😀${i}`;
      const expected = createHash('sha256').update(token, 'utf8').digest('base64url');
      assert.equal(hashToken(token), expected);
      assert.equal(hashToken(token, nodeBackend), expected);
      assert.equal(hashToken(token, webCryptoBackend), expected);
    }
  });

  test('refuses a non-string', () => {
    assert.throws(() => hashToken(42 as unknown as string), TypeError);
  });
});

describe('isWellFormedToken (SR-4: check shape before any store lookup)', () => {
  test('accepts exactly 43 canonical base64url characters and nothing else, never throwing', () => {
    const good = generateToken();
    assert.equal(TOKEN_LENGTH, 43);
    assert.ok(isWellFormedToken(good));
    const bad: unknown[] = [
      '',
      good.slice(1),
      `${good}A`,
      `${good.slice(0, 42)}B`, // non-canonical: the last character's two low bits must be zero
      `${good.slice(0, 42)}=`,
      `${good.slice(0, 41)}+A`,
      `${good.slice(0, 41)}/A`,
      `${good.slice(0, 40)}%00`,
      `../${good.slice(3)}`,
      `${good.slice(0, 36)}' OR 1`,
      `${good.slice(0, 41)}\0A`,
      `${good.slice(0, 41)}éA`,
      `${good.slice(0, 41)}\uD800A`,
      { $ne: null },
      ['a'],
      43,
      null,
      undefined,
      Buffer.from(good),
      new String(good),
    ];
    for (const input of bad) assert.equal(isWellFormedToken(input), false, String(input));
  });
});
