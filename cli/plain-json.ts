/**
 * Plain JSON output of Python values (without `--typed`): readable, lossy where JSON has no
 * type (spec §10 is the lossless form). Tuples are arrays, bytes standard base64, Markup its
 * text, UUIDs their canonical text, datetimes `isoformat()`; integers are written in full and
 * integral floats as Python writes them (`1.0`); NaN and infinities become `null`.
 * @module
 */
import { isPyFloat, isPyMarkup, isPyTuple, isPyUuid, isoformat, pyJsonDumps, type PyDict, type PyValue } from '../src/interop/index.ts';

function plain(v: PyValue): PyValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'object' || v === null) return v;
  if (isPyFloat(v)) return Number.isFinite(v.value) ? v : null;
  if (isPyTuple(v) || Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (isPyMarkup(v)) return v.html;
  if (isPyUuid(v)) return v.value;
  if (v instanceof Date) return isoformat(v);
  const out: PyDict = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: plain(v[k]!), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The plain-JSON text of `value` (compact, non-ASCII as is). */
export function plainJson(value: PyValue): string {
  return pyJsonDumps(plain(value), { ensureAscii: false, separators: [',', ':'] });
}
