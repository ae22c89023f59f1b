/**
 * Python's `json.dumps`, byte for byte (specs/python-interop.md §1.2): separators, key order
 * (insertion, or sorted by code point), `ensure_ascii` escaping with lower-case `\uXXXX`,
 * integers of any size, floats as Python's `repr`, bare `NaN`/`Infinity`.
 *
 * It writes what plain `json` can: a tuple as an array and Markup as a string (both are
 * subclasses Python's encoder accepts); bytes, datetimes and UUIDs are refused, as Python
 * refuses them (Flask's tagged serializer turns them into tags first, flask/tagged-json.ts).
 * @module
 */
import { SessionDataError } from '../../errors.ts';
import { pyFloatRepr } from './float-repr.ts';
import { isPyDict, isPyFloat, isPyMarkup, type PyValue } from './values.ts';

/** Options of {@link pyJsonDumps}. Defaults are Python's own `json.dumps` defaults. */
export interface PyJsonDumpsOptions {
  /** Escape every character outside U+0020..U+007E as `\uXXXX` (default true). */
  ensureAscii?: boolean;
  /** Write dict keys sorted by Unicode code point (default false: insertion order). */
  sortKeys?: boolean;
  /** `[item separator, key separator]`; default `[', ', ': ']`, compact is `[',', ':']`. */
  separators?: readonly [string, string];
  /** Deepest nesting written (default 512); deeper values throw, as Python's RecursionError would. */
  maxDepth?: number;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const ASCII_UNSAFE = /[\\"\u0000-\u001f\u007f-\uffff]/g;
const CONTROL_UNSAFE = /[\\"\u0000-\u001f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escapeChar = (c: string): string => SHORT_ESCAPES[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/** A JSON string literal as Python writes it; with `ensureAscii` false, lone surrogates throw (Python's UTF-8 encoding would). */
export function pyJsonString(text: string, ensureAscii: boolean, path = 'value'): string {
  if (ensureAscii) return '"' + text.replace(ASCII_UNSAFE, escapeChar) + '"';
  if (LONE_SURROGATE.test(text)) throw new SessionDataError(path, 'contains a lone surrogate, which UTF-8 cannot encode');
  return '"' + text.replace(CONTROL_UNSAFE, escapeChar) + '"';
}

/** Orders strings by Unicode code point, as Python's `sorted` does (JavaScript's `<` orders UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Text of a number as Python writes it: safe integers as `int`, anything else as `float`. */
export function pyNumber(n: number): string {
  return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : pyFloatRepr(n);
}

/**
 * `json.dumps(value)` with Python's rules.
 * @throws SessionDataError (naming the path) for a value plain JSON cannot hold (bytes, Date,
 * UUID, undefined, a function, a class instance), a cycle, nesting over `maxDepth`, or, with
 * `ensureAscii: false`, a string with a lone surrogate.
 */
export function pyJsonDumps(value: PyValue, options: PyJsonDumpsOptions = {}): string {
  const ensureAscii = options.ensureAscii ?? true;
  const sortKeys = options.sortKeys ?? false;
  const [itemSep, keySep] = options.separators ?? [', ', ': '];
  const maxDepth = options.maxDepth ?? 512;
  const seen = new Set<object>();

  const write = (v: unknown, path: string, depth: number): string => {
    switch (typeof v) {
      case 'string':
        return pyJsonString(v, ensureAscii, path);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        return pyNumber(v);
      case 'bigint':
        return v.toString();
      case 'object': {
        if (v === null) return 'null';
        if (isPyFloat(v)) return pyFloatRepr(v.value);
        if (isPyMarkup(v)) return pyJsonString(v.html, ensureAscii, path);
        if (depth >= maxDepth) throw new SessionDataError(path, `nesting deeper than ${maxDepth} levels`);
        if (seen.has(v)) throw new SessionDataError(path, 'contains a cycle');
        seen.add(v);
        let out: string;
        if (Array.isArray(v)) {
          out = '[' + v.map((item, i) => write(item, `${path}[${i}]`, depth + 1)).join(itemSep) + ']';
        } else if (isPyDict(v)) {
          const keys = Object.keys(v);
          if (sortKeys) keys.sort(compareCodePoints);
          out = '{' + keys.map((k) => pyJsonString(k, ensureAscii, path) + keySep + write(v[k], `${path}.${k}`, depth + 1)).join(itemSep) + '}';
        } else {
          throw new SessionDataError(path, `${describe(v)} is not JSON serializable`);
        }
        seen.delete(v);
        return out;
      }
      default:
        throw new SessionDataError(path, `${describe(v)} is not JSON serializable`);
    }
  };
  return write(value, 'value', 0);
}

/** A short name of a value's type for error messages (never the value itself, SR-47). */
export function describe(v: unknown): string {
  if (v instanceof Uint8Array) return 'bytes (Uint8Array)';
  if (v instanceof Date) return 'a datetime (Date)';
  if (typeof v === 'object' && v !== null) {
    const brand = (v as Record<symbol, unknown>)[Symbol.for('tessera.interop.python-type')];
    if (typeof brand === 'string') return `a ${brand === 'uuid' ? 'UUID' : brand}`;
    return `a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`;
  }
  return `a ${typeof v}`;
}
