/**
 * Payloads for the differential tests, as typed JSON (spec §10), per kind of format.
 */
import type { PyValue } from '../../src/interop/index.ts';

const big = 'Lorem ipsum dolor sit amet, '.repeat(200);
/** 6000 characters that deflate cannot shrink much (a fixed pseudo-random sequence). */
const noise = (() => {
  let seed = 7;
  let out = '';
  for (let i = 0; i < 6000; i++) {
    seed = (seed * 48271) % 0x7fffffff;
    out += String.fromCharCode(0x21 + (seed % 94));
  }
  return out;
})();

/** Text values for the signer formats. */
export const TEXTS: string[] = ['hello', '', 'Zoë 😀 \u2028 naïve ☃', 'with.dots.and:colons:', 'x'.repeat(3000), '{"looks":"like json"}'];

/** Values any JSON format carries (no Flask-only types). */
export const JSONS: PyValue[] = [
  { hello: 'world' },
  { user: 42, roles: ['admin', 'staff'], active: true, none: null },
  { unicode: 'Zoë 😀 ☃ \u2028 \u0000 \u007f', 'clé ✓': 'valeur' },
  { big: { $int: '123456789012345678901234567890' }, neg: { $int: '-9007199254740993' }, safe: 9007199254740991 },
  { floats: [1.5, { $float: '1.0' }, { $float: '-0.0' }, 1e-7, { $float: '1e+16' }, 0.1, 123456.789, { $float: 'NaN' }, { $float: 'Infinity' }] },
  { compressible: big, list: Array.from({ length: 50 }, (_, i) => i) },
  { large: noise, more: noise.slice(0, 3000).split('').reverse().join('') },
  { nested: { a: { b: { c: [1, [2, [3, { d: 'e' }]]] } } } },
  { $weird: 'dollar key' } as PyValue,
  { '1': 'integer-like key', b: 2, a: 1 },
  { quotes: 'she said "hi" \\ back/slash', control: '\t\n\r\b\f' },
];

/** Values only top-level-agnostic formats carry. */
export const ANY_ONLY: PyValue[] = ['just a string', 12345, ['a', 'list'], null];

/** Flask sessions with every tag (spec §3.4). */
export const FLASK_SESSIONS: PyValue[] = [
  ...JSONS.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
  { t: { $tuple: [1, 2, 'three'] } },
  { _flashes: [{ $tuple: ['message', 'Saved!'] }, { $tuple: ['error', 'Oops <b>'] }] },
  { b: { $bytes: 'AAECAwT/+w==' }, empty: { $bytes: '' } },
  { m: { $markup: '<b>bold</b> &amp; Zoë' } },
  { u: { $uuid: '12345678-1234-5678-1234-567812345678' } },
  { d: { $datetime: '2024-02-29T13:37:42+00:00' }, old: { $datetime: '1969-07-20T20:17:40+00:00' } },
  { x: { ' t': [1, 2] }, y: { ' di': 'meta' }, z: { ' t__': 1 } },
  { ' t': [1, 2] },
  { nest: { $tuple: [{ $bytes: 'aGk=' }, { $markup: 'm' }, { $tuple: [] }, [{ $uuid: '00000000-0000-0000-0000-000000000001' }]] } },
  { sort: { '\uff5e': 1, '😀': 2, a: 3, B: 4, '': 5 } },
  { _permanent: true, _user_id: '42', _fresh: true },
];
