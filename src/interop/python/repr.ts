/**
 * Python's `str()` and `repr()` of the interop values. Needed for one leniency only: Flask's
 * `" m"` tag applied to a non-string gives `Markup(str(value))` (specs/python-interop.md §3.4).
 * @module
 */
import { pyFloatRepr } from './float-repr.ts';
import { isPyFloat, isPyMarkup, isPyTuple, isPyUuid, type PyValue } from './values.ts';

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(text)`: quotes chosen as Python does, escapes for non-printable characters. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const two = (n: number) => String(n).padStart(2, '0');

function bytesRepr(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes);
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = 'b' + quote;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + hex(b, 2);
    else out += ch;
  }
  return out + quote;
}

/** `repr(float)` outside JSON: `nan`, `inf`, `-inf` for the non-finite values. */
function floatRepr(x: number): string {
  return Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : pyFloatRepr(x);
}

function micro(d: Date): number {
  return d.getUTCMilliseconds() * 1000;
}

/** `str(value)`. */
export function pyStr(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (isPyMarkup(v)) return v.html;
  if (isPyUuid(v)) return v.value;
  if (v instanceof Date) {
    const us = micro(v);
    const date = `${String(v.getUTCFullYear()).padStart(4, '0')}-${two(v.getUTCMonth() + 1)}-${two(v.getUTCDate())}`;
    return `${date} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}:${two(v.getUTCSeconds())}${us ? '.' + String(us).padStart(6, '0') : ''}+00:00`;
  }
  return pyRepr(v);
}

/** `repr(value)`. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : floatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyStrRepr(v);
  if (isPyFloat(v)) return floatRepr(v.value);
  if (isPyMarkup(v)) return `Markup(${pyStrRepr(v.html)})`;
  if (isPyUuid(v)) return `UUID('${v.value}')`;
  if (v instanceof Uint8Array) return bytesRepr(v);
  if (v instanceof Date) {
    const parts = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.getUTCHours(), v.getUTCMinutes(), v.getUTCSeconds(), micro(v)];
    if (parts[6] === 0) parts.pop();
    if (parts.length === 6 && parts[5] === 0) parts.pop();
    return `datetime.datetime(${parts.join(', ')}, tzinfo=datetime.timezone.utc)`;
  }
  if (isPyTuple(v)) return v.length === 1 ? `(${pyRepr(v[0]!)},)` : `(${v.map(pyRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.keys(v).map((k) => `${pyStrRepr(k)}: ${pyRepr(v[k]!)}`).join(', ')}}`;
}
