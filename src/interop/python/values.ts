/**
 * Python values in TypeScript: the lossless mapping used by every interop format
 * (specs/python-interop.md §1.2, §3.4, §10).
 *
 * | Python | TypeScript |
 * | --- | --- |
 * | `None`, `bool`, `str` | `null`, `boolean`, `string` |
 * | `int` within ±(2^53 − 1) | `number` (an integer) |
 * | `int` beyond that | `bigint` |
 * | `float`, not integral and finite | `number` |
 * | `float`, integral, NaN or infinite | {@link PyFloat} (`pyFloat(1)` is `1.0`) |
 * | `list` | array |
 * | `tuple` | {@link PyTuple}: a frozen array carrying a brand |
 * | `dict` (string keys) | plain object ({@link PyDict}) |
 * | `bytes` | `Uint8Array` |
 * | `markupsafe.Markup` | {@link PyMarkup} |
 * | `uuid.UUID` | {@link PyUuid} |
 * | `datetime` | `Date` (UTC; milliseconds, Python has microseconds) |
 *
 * A JavaScript number that is a safe integer is written as a Python `int`; any other number
 * (a fraction, NaN, ±Infinity, or an integer beyond 2^53) as a `float`.
 * @module
 */

/** Brand carried by tuples, floats, Markup and UUID values. Registered, so copies of this module agree. */
export const PY_TYPE: unique symbol = Symbol.for('tessera.interop.python-type');

/** A Python `tuple`: a frozen array whose non-enumerable brand tells it from a list. */
export interface PyTuple extends ReadonlyArray<PyValue> {
  readonly [PY_TYPE]: 'tuple';
}

/** A Python `float` whose value a JavaScript number would confuse with an `int` (1.0, -0.0, 1e+16) or JSON cannot hold (NaN, Infinity). */
export interface PyFloat {
  readonly [PY_TYPE]: 'float';
  readonly value: number;
}

/** A MarkupSafe `Markup` string (HTML already escaped). */
export interface PyMarkup {
  readonly [PY_TYPE]: 'markup';
  readonly html: string;
}

/** A `uuid.UUID`. `value` is the canonical form: 36 lower-case characters with dashes. */
export interface PyUuid {
  readonly [PY_TYPE]: 'uuid';
  readonly value: string;
}

/** A Python dict with string keys (JSON cannot carry other keys). */
export interface PyDict {
  [key: string]: PyValue;
}

/** Any value the interop formats carry. */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | PyFloat
  | PyTuple
  | PyMarkup
  | PyUuid
  | PyValue[]
  | PyDict;

/** Makes a tuple of `items` (frozen; `Array.isArray` is true for it, {@link isPyTuple} tells it from a list). */
export function pyTuple(...items: PyValue[]): PyTuple {
  const tuple = [...items];
  Object.defineProperty(tuple, PY_TYPE, { value: 'tuple', enumerable: false });
  return Object.freeze(tuple) as unknown as PyTuple;
}

/** Makes a Python float. Use it for integral values (`pyFloat(1)` is `1.0`); other numbers are floats already. */
export function pyFloat(value: number): PyFloat {
  if (typeof value !== 'number') throw new TypeError('pyFloat expects a number');
  return Object.freeze({ [PY_TYPE]: 'float', value }) as PyFloat;
}

/** Makes a Markup value from already-escaped HTML. */
export function markup(html: string): PyMarkup {
  if (typeof html !== 'string') throw new TypeError('markup expects a string of HTML');
  return Object.freeze({ [PY_TYPE]: 'markup', html }) as PyMarkup;
}

const UUID_HEX = /^[0-9a-f]{32}$/;

/**
 * Makes a UUID from 32 hex digits with or without the usual dashes, braces or a `urn:uuid:`
 * prefix, in any letter case.
 * @throws TypeError for anything else.
 */
export function pyUuid(text: string): PyUuid {
  const hex = typeof text === 'string' ? text.replace(/^urn:uuid:/i, '').replace(/^\{|\}$/g, '').replaceAll('-', '').toLowerCase() : '';
  if (!UUID_HEX.test(hex)) throw new TypeError('pyUuid expects 32 hex digits, e.g. "12345678-1234-5678-1234-567812345678"');
  return uuidFromHex(hex);
}

/** A UUID from exactly 32 lower-case hex digits (checked by the caller). */
export function uuidFromHex(hex: string): PyUuid {
  const value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return Object.freeze({ [PY_TYPE]: 'uuid', value }) as PyUuid;
}

/** The 32 lower-case hex digits of a UUID (what Flask's `" u"` tag writes, §3.4). */
export function uuidHex(uuid: PyUuid): string {
  return uuid.value.replaceAll('-', '');
}

const brand = (v: unknown): unknown => (typeof v === 'object' && v !== null ? (v as { [PY_TYPE]?: unknown })[PY_TYPE] : undefined);

/** True for a tuple made by {@link pyTuple} (or decoded from a format). */
export function isPyTuple(v: unknown): v is PyTuple {
  return Array.isArray(v) && brand(v) === 'tuple';
}
/** True for a {@link PyFloat}. */
export function isPyFloat(v: unknown): v is PyFloat {
  return !Array.isArray(v) && brand(v) === 'float';
}
/** True for a {@link PyMarkup}. */
export function isPyMarkup(v: unknown): v is PyMarkup {
  return !Array.isArray(v) && brand(v) === 'markup';
}
/** True for a {@link PyUuid}. */
export function isPyUuid(v: unknown): v is PyUuid {
  return !Array.isArray(v) && brand(v) === 'uuid';
}

/** True for a plain object used as a dict (not an array, Date, bytes or branded value). */
export function isPyDict(v: unknown): v is PyDict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && brand(v) === undefined;
}

/** Sets `dict[key] = value` as an own data property, even for `__proto__` (SR-40: no prototype is ever touched). */
export function setEntry(dict: PyDict, key: string, value: PyValue): void {
  if (key === '__proto__') Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  else dict[key] = value;
}

/**
 * A deep copy of `value` sharing only immutable parts (tuples, floats, Markup, UUIDs); Dates
 * and bytes are copied. `structuredClone` would drop the tuple brand.
 */
export function clonePyValue(value: PyValue): PyValue {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (isPyTuple(value)) return pyTuple(...value.map(clonePyValue));
  if (Array.isArray(value)) return value.map(clonePyValue);
  if (brand(value) !== undefined) return value;
  const out: PyDict = {};
  for (const key of Object.keys(value)) setEntry(out, key, clonePyValue((value as PyDict)[key]!));
  return out;
}
