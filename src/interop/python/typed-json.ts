/**
 * Typed JSON (specs/python-interop.md §10): plain JSON that keeps Python's types, for tools
 * that print or read session data (the CLI's `--typed`). An object with exactly one key that
 * is one of `$int $float $tuple $bytes $markup $uuid $datetime $dict` stands for that type.
 * @module
 */
import { b64std, pyB64DecodeText } from './base64.ts';
import { pyFloatRepr } from './float-repr.ts';
import { PyJsonError, pyJsonLoads } from './json-read.ts';
import { describe } from './json-write.ts';
import { pyStr } from './repr.ts';
import { isPyDict, isPyFloat, isPyMarkup, isPyTuple, isPyUuid, markup, pyFloat, pyTuple, pyUuid, setEntry, type PyDict, type PyValue } from './values.ts';

const NAMES = new Set(['$int', '$float', '$tuple', '$bytes', '$markup', '$uuid', '$datetime', '$dict']);

/** Python's `datetime.isoformat()` of the UTC instant: `2024-02-29T13:37:42+00:00`, microseconds only when non-zero. */
export function isoformat(date: Date): string {
  return pyStr(date).replace(' ', 'T');
}

/**
 * The typed-JSON text of `value` (compact; non-ASCII as is, lone surrogates escaped).
 * @throws TypeError for a value outside {@link PyValue} or an invalid Date.
 */
export function stringifyTypedJson(value: PyValue): string {
  const w = (v: PyValue): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'string':
        return JSON.stringify(v);
      case 'bigint':
        return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? String(v) : `{"$int":"${v}"}`;
      case 'number':
        if (Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
        return Number.isFinite(v) && !Number.isInteger(v) ? String(v) : `{"$float":"${pyFloatRepr(v)}"}`;
    }
    if (isPyFloat(v)) return Number.isFinite(v.value) && !Number.isInteger(v.value) ? String(v.value) : `{"$float":"${pyFloatRepr(v.value)}"}`;
    if (isPyTuple(v)) return `{"$tuple":[${v.map(w).join(',')}]}`;
    if (Array.isArray(v)) return `[${v.map(w).join(',')}]`;
    if (v instanceof Uint8Array) return `{"$bytes":"${b64std(v)}"}`;
    if (isPyMarkup(v)) return `{"$markup":${JSON.stringify(v.html)}}`;
    if (isPyUuid(v)) return `{"$uuid":"${v.value}"}`;
    if (v instanceof Date) {
      if (!Number.isFinite(v.getTime())) throw new TypeError('an invalid Date has no typed JSON');
      return `{"$datetime":"${isoformat(v)}"}`;
    }
    if (isPyDict(v)) {
      const keys = Object.keys(v);
      const body = `{${keys.map((k) => `${JSON.stringify(k)}:${w(v[k]!)}`).join(',')}}`;
      return keys.length === 1 && keys[0]!.startsWith('$') ? `{"$dict":${body}}` : body;
    }
    throw new TypeError(`${describe(v)} has no typed JSON`);
  };
  return w(value);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?$/;

/** A datetime from Python's `isoformat()` text (naive values taken as UTC, as Flask takes them); null if it is not one. */
export function parseIsoformat(text: string): Date | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s ?? 0), Math.floor(Number((frac ?? '0').padEnd(6, '0')) / 1000));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const [hh, mm, ss] = zone.slice(1).split(':').map(Number) as [number, number, number | undefined];
    offset = (zone[0] === '-' ? -1 : 1) * (hh * 3600 + mm * 60 + (ss ?? 0));
  }
  return new Date(date.getTime() - offset * 1000);
}

/** Turns a parsed JSON value into the Python value it stands for. @throws TypeError for a malformed `$` object. */
export function fromTypedJson(json: PyValue): PyValue {
  if (Array.isArray(json)) return json.map(fromTypedJson);
  if (!isPyDict(json)) return json;
  const keys = Object.keys(json);
  if (keys.length === 1 && NAMES.has(keys[0]!)) {
    const name = keys[0]!;
    const v = json[name]!;
    const bad = (): never => {
      throw new TypeError(`typed JSON: ${name} has an invalid value`);
    };
    switch (name) {
      case '$int':
        return typeof v === 'string' && /^-?\d+$/.test(v) ? normalizeInt(BigInt(v)) : bad();
      case '$float':
        return typeof v === 'string' && /^(-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|-?Infinity|NaN|-?inf|nan)$/.test(v) ? pyFloat(Number(v.replace('inf', 'Infinity').replace('nan', 'NaN'))) : bad();
      case '$tuple':
        return Array.isArray(v) ? pyTuple(...v.map(fromTypedJson)) : bad();
      case '$bytes':
        return (typeof v === 'string' ? pyB64DecodeText(v) : null) ?? bad();
      case '$markup':
        return typeof v === 'string' ? markup(v) : bad();
      case '$uuid':
        return typeof v === 'string' ? pyUuid(v) : bad();
      case '$datetime':
        return (typeof v === 'string' ? parseIsoformat(v) : null) ?? bad();
      default: {
        if (!isPyDict(v)) return bad();
        const out: PyDict = {};
        for (const k of Object.keys(v)) setEntry(out, k, fromTypedJson(v[k]!));
        return out;
      }
    }
  }
  const out: PyDict = {};
  for (const k of keys) setEntry(out, k, fromTypedJson(json[k]!));
  return out;
}

function normalizeInt(n: bigint): number | bigint {
  const x = Number(n);
  return Number.isSafeInteger(x) ? x : n;
}

/**
 * Parses typed-JSON text (read losslessly: plain big integers and `1.0` keep their types too).
 * @throws PyJsonError for text that is not JSON, TypeError for a malformed `$` object.
 */
export function parseTypedJson(text: string): PyValue {
  return fromTypedJson(pyJsonLoads(text));
}

export { PyJsonError };
