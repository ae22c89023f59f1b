import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { percentDecode } from '../../src/cookie/percent-decode.ts';

function reference(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const byteEscape = fc.integer({ min: 0, max: 255 }).map((b) => '%' + b.toString(16).padStart(2, '0'));
const fragment = fc.oneof(
  byteEscape,
  byteEscape.map((e) => e.toUpperCase()),
  fc.constantFrom('%', '%4', '%G1', 'a', ' ', '+', '%25', '%E2%82%AC', '%F0%9F%98%84', '%ED%A0%80', '%C0%80', '%F4%90%80%80', '\ud800', 'é'),
);

describe('percentDecode: decodeURIComponent that keeps the raw value instead of throwing (SR-28)', () => {
  test('decodes escapes, including reserved characters and multi-byte UTF-8', () => {
    assert.equal(percentDecode('%20%22%2c%3b%2f'), ' ",;/');
    assert.equal(percentDecode('a%E2%82%ACb'), 'a€b');
    assert.equal(percentDecode('%F0%9F%98%84'), '😄');
    assert.equal(percentDecode('no-escape'), 'no-escape');
  });

  test('returns the input unchanged for malformed escapes and invalid UTF-8', () => {
    for (const s of ['%', '%1', '%zz', 'a%', '%C3', '%C3%28', '%C0%AF', '%E0%80%AF', '%ED%A0%80', '%F4%90%80%80', '%F8%88%80%80%80', '%80', '%E2%82']) {
      assert.equal(percentDecode(s), s, s);
    }
  });

  test('property: equals decodeURIComponent, or the input where decodeURIComponent throws', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        assert.equal(percentDecode(s), reference(s));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(fc.property(fc.string(), (s) => assert.equal(percentDecode(s), reference(s))));
  });

  test('exhaustive over every two- and three-byte escape sequence lead and continuation byte', () => {
    for (let a = 0x80; a <= 0xff; a++) {
      for (let b = 0; b <= 0xff; b++) {
        const two = `%${a.toString(16)}%${b.toString(16).padStart(2, '0')}`;
        assert.equal(percentDecode(two), reference(two), two);
        const three = `${two}%80`;
        assert.equal(percentDecode(three), reference(three), three);
        const four = `${three}%bf`;
        assert.equal(percentDecode(four), reference(four), four);
      }
    }
  });
});
