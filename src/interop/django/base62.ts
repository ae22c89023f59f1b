/**
 * Django's base62 timestamps (`django.utils.baseconv.base62`, later `signing.b62_encode`;
 * specs/python-interop.md §4.2): alphabet `0-9 A-Z a-z`, most significant digit first, `0` → `"0"`,
 * a leading `-` for negative numbers.
 * @module
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** base62 of an integer (1600000000 → `1kHR5c`). @throws RangeError for a non-integer. */
export function b62Encode(n: number | bigint): string {
  let x = BigInt(n);
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError('base62 encodes safe integers');
  const sign = x < 0n ? '-' : '';
  if (x < 0n) x = -x;
  if (x === 0n) return '0';
  let out = '';
  while (x > 0n) {
    out = ALPHABET[Number(x % 62n)]! + out;
    x /= 62n;
  }
  return sign + out;
}

/** The integer of a base62 text, as Django decodes it (`"-"` alone is 0); null where Python raises (empty text, a character outside the alphabet). */
export function b62Decode(text: string): number | null {
  if (text.length === 0) return null;
  const negative = text[0] === '-';
  let x = 0n;
  for (const ch of negative ? text.slice(1) : text) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) return null;
    x = x * 62n + BigInt(d);
  }
  return Number(negative ? -x : x);
}
