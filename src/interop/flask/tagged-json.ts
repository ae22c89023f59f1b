/**
 * Flask's `TaggedJSONSerializer` (specs/python-interop.md §3.3, §3.4): tuples, bytes, Markup,
 * UUIDs and datetimes travel as single-key objects whose key starts with a space, and a dict
 * that would look like a tag is wrapped in `" di"`. Written as Flask writes it inside a
 * request: compact, keys sorted by code point, non-ASCII escaped.
 * @module
 */
import { SessionDataError } from '../../errors.ts';
import { a2bBase64, b64std, pyB64DecodeText } from '../python/base64.ts';
import { formatHttpDate, isPythonDatetime, parseHttpDate } from '../python/http-date.ts';
import { dictFromEntries, pyJsonLoads } from '../python/json-read.ts';
import { describe, pyJsonDumps } from '../python/json-write.ts';
import { pyStr } from '../python/repr.ts';
import {
  isPyDict,
  isPyFloat,
  isPyMarkup,
  isPyTuple,
  isPyUuid,
  markup,
  pyTuple,
  setEntry,
  uuidFromHex,
  uuidHex,
  type PyDict,
  type PyValue,
} from '../python/values.ts';
import type { TextCodec } from '../itsdangerous/serializer.ts';

/** The registered tag keys, in Flask's order of checking (§3.4). */
export const FLASK_TAG_KEYS = [' di', ' t', ' b', ' m', ' u', ' d'] as const;
const TAGS = new Set<string>(FLASK_TAG_KEYS);

/**
 * `TaggedJSONSerializer.tag(value)`: the JSON-ready structure Flask writes for `value`.
 * @throws SessionDataError (naming the path) for a value Flask cannot store (undefined, a
 * function, a Map, a class instance, an invalid Date or one outside years 1..9999) or a cycle.
 */
export function flaskTag(value: PyValue, path = 'value', seen = new Set<object>()): PyValue {
  if (typeof value !== 'object' || value === null || isPyFloat(value)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') throw new SessionDataError(path, `${describe(value)} is not JSON serializable`);
    return value;
  }
  if (seen.has(value)) throw new SessionDataError(path, 'contains a cycle');
  seen.add(value);
  try {
    if (isPyDict(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && TAGS.has(keys[0]!)) {
        const key = keys[0]!;
        return { ' di': { [`${key}__`]: flaskTag(value[key]!, `${path}.${key}`, seen) } };
      }
      const out: PyDict = {};
      for (const k of keys) setEntry(out, k, flaskTag(value[k]!, `${path}.${k}`, seen));
      return out;
    }
    if (isPyTuple(value)) return { ' t': value.map((v, i) => flaskTag(v, `${path}[${i}]`, seen)) };
    if (Array.isArray(value)) return value.map((v, i) => flaskTag(v, `${path}[${i}]`, seen));
    if (value instanceof Uint8Array) return { ' b': b64std(value) };
    if (isPyMarkup(value)) return { ' m': value.html };
    if (isPyUuid(value)) return { ' u': uuidHex(value) };
    if (value instanceof Date) {
      if (!isPythonDatetime(value)) throw new SessionDataError(path, 'a datetime must be a valid Date in years 1..9999');
      return { ' d': formatHttpDate(value) };
    }
    throw new SessionDataError(path, `${describe(value)} is not JSON serializable`);
  } finally {
    seen.delete(value);
  }
}

/** Raised inside untagging where Python's tag raises (the serializer turns it into `bad-payload`). */
class UntagError extends Error {}
const fail = (why: string): never => {
  throw new UntagError(why);
};

const codePoints = (s: string) => Array.from(s);

/** Python's `UUID(text)` (hex form): prefixes, braces and dashes removed, then `int(hex, 16)` of exactly 32 characters. */
function parseUuid(text: string) {
  let hex = text.replaceAll('urn:', '').replaceAll('uuid:', '');
  hex = hex.replace(/^[{}]+|[{}]+$/g, '').replaceAll('-', '');
  if (codePoints(hex).length !== 32) fail('badly formed hexadecimal UUID string');
  const m = /^\s*\+?(?:0[xX]_?)?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)\s*$/.exec(hex);
  if (m === null) fail('badly formed hexadecimal UUID string');
  return uuidFromHex(m![1]!.replaceAll('_', '').toLowerCase().padStart(32, '0'));
}

/**
 * An object hook that untags as Flask's `TaggedJSONSerializer.untag` does, innermost first,
 * with Python's quirks (§3.4): an unparsable `" d"` is `null`; a `" t"` of a string is a tuple
 * of its characters (of a dict, of its keys); `" m"` of a non-string is Markup of its `str()`;
 * `" b"` skips characters outside the alphabet; `{" di": {"xy": 1}}` is `{"": 1}`. Where
 * Python raises, the hook throws.
 */
export function createFlaskUntagHook() {
  // Key order as written: a JavaScript object puts integer-like keys first, Python keeps insertion order.
  const order = new WeakMap<object, string[]>();
  const keysOf = (d: PyDict) => order.get(d) ?? Object.keys(d);
  const iterate = (v: PyValue): PyValue[] => {
    if (typeof v === 'string') return codePoints(v);
    if (isPyMarkup(v)) return codePoints(v.html);
    if (Array.isArray(v)) return [...v];
    if (v instanceof Uint8Array) return [...v];
    if (isPyDict(v)) return keysOf(v);
    return fail('not iterable');
  };

  return (entries: Array<[string, PyValue]>): PyValue => {
    if (entries.length !== 1 || !TAGS.has(entries[0]![0])) {
      const dict = dictFromEntries(entries);
      order.set(dict, entries.map((e) => e[0]));
      return dict;
    }
    const [tag, v] = entries[0]!;
    switch (tag) {
      case ' di': {
        if (!isPyDict(v)) return fail('" di" needs a dict');
        const key = keysOf(v)[0] ?? fail('empty " di"');
        const out: PyDict = {};
        setEntry(out, codePoints(key).slice(0, -2).join(''), v[key]!);
        order.set(out, Object.keys(out));
        return out;
      }
      case ' t':
        return pyTuple(...iterate(v));
      case ' b': {
        const bytes = typeof v === 'string' || isPyMarkup(v) ? pyB64DecodeText(typeof v === 'string' ? v : v.html) : v instanceof Uint8Array ? a2bBase64(v) : fail('" b" needs text');
        return bytes ?? fail('invalid base64');
      }
      case ' m':
        return isPyMarkup(v) ? v : markup(pyStr(v));
      case ' u':
        if (typeof v !== 'string' && !isPyMarkup(v)) return fail('" u" needs text');
        return parseUuid(typeof v === 'string' ? v : v.html);
      default: // ' d'
        if (v === null) return null;
        if (typeof v !== 'string' && !isPyMarkup(v)) return fail('" d" needs text');
        return parseHttpDate(typeof v === 'string' ? v : v.html);
    }
  };
}

/** Options of {@link createFlaskTaggedJson}. */
export interface FlaskTaggedJsonOptions {
  /** Sort keys by code point when writing (default true, Flask ≥ 2.2 inside a request). */
  sortKeys?: boolean;
  /** Escape non-ASCII when writing (default true). */
  ensureAscii?: boolean;
}

/** The tagged-JSON codec Flask's session serializer uses (§3.3): `dumps` throws SessionDataError, `loads` throws on bad input. */
export function createFlaskTaggedJson(options: FlaskTaggedJsonOptions = {}): TextCodec {
  const sortKeys = options.sortKeys ?? true;
  const ensureAscii = options.ensureAscii ?? true;
  return {
    dumps: (value) => pyJsonDumps(flaskTag(value), { sortKeys, ensureAscii, separators: [',', ':'] }),
    loads: (text) => pyJsonLoads(text, { objectHook: createFlaskUntagHook() }),
  };
}

/** Flask's default tagged JSON: sorted, ASCII-escaped, compact. */
export const flaskTaggedJson: TextCodec = createFlaskTaggedJson();
