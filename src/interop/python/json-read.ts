/**
 * Python's `json.loads`, leniencies included (specs/python-interop.md §1.2): bare `NaN`,
 * `Infinity` and `-Infinity`; `\u` escapes of lone surrogates; duplicate keys (the last value
 * wins, at the first key's position); integers of any size (beyond ±(2^53 − 1) as `bigint`)
 * kept apart from floats (`1.0` is {@link PyFloat}). And its strictnesses: no raw control
 * characters inside strings, no trailing commas, no comments, nothing after the value,
 * ASCII digits only, at most 4300 digits in an integer (CPython's `int_max_str_digits`).
 *
 * Hand-written rather than `JSON.parse`, which loses big integers and the int/float
 * distinction and throws on NaN. Objects are built through a hook that sees their entries in
 * document order, as Python's `object_hook` sees a dict (Flask untags this way, §3.4).
 * @module
 */
import { pyFloat, setEntry, type PyDict, type PyValue } from './values.ts';

/** Builds the value of one JSON object from its entries (document order, duplicates resolved). May throw to refuse the document. */
export type ObjectHook = (entries: Array<[string, PyValue]>) => PyValue;

/** Options of {@link pyJsonLoads}. */
export interface PyJsonLoadsOptions {
  /** Turns each object into a value, innermost first. Default: a plain object ({@link PyDict}). */
  objectHook?: ObjectHook;
  /** Deepest nesting accepted (default 512). Python stops near 1000 with RecursionError. */
  maxDepth?: number;
}

/** Why a text was refused: the position and a short reason (never the text itself, SR-47). */
export class PyJsonError extends Error {
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`${reason} at character ${position}`);
    this.name = 'PyJsonError';
  }
}

const MAX_INT_DIGITS = 4300;

/** A plain object from entries, keys set as own data properties. */
export function dictFromEntries(entries: Array<[string, PyValue]>): PyDict {
  const dict: PyDict = {};
  for (const [k, v] of entries) setEntry(dict, k, v);
  return dict;
}

/**
 * Parses `text` as Python's `json.loads` would.
 * @throws PyJsonError where Python raises `JSONDecodeError` or `ValueError`, and whatever
 * `objectHook` throws. Callers that must not throw wrap it (every format decoder does, and
 * turns the error into `bad-payload`).
 */
export function pyJsonLoads(text: string, options: PyJsonLoadsOptions = {}): PyValue {
  const hook = options.objectHook ?? dictFromEntries;
  const maxDepth = options.maxDepth ?? 512;
  let i = 0;
  const n = text.length;

  const fail = (reason: string, at = i): never => {
    throw new PyJsonError(at, reason);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const digitsFrom = (start: number): number => {
    let j = start;
    while (j < n && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    return j;
  };

  const parseString = (): string => {
    // i is at the opening quote
    const start = ++i;
    let out = '';
    let chunk = start;
    while (true) {
      if (i >= n) fail('Unterminated string starting', start - 1);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('Invalid control character');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) fail('Unterminated string starting', start - 1);
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const unit = hex4(i);
          i += 4;
          // A high surrogate followed by an escaped low one is one character, as in Python.
          if (unit >= 0xd800 && unit <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
            const low = hex4(i + 2, true);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              i += 6;
              break;
            }
          }
          out += String.fromCharCode(unit);
          break;
        }
        default:
          fail('Invalid \\escape', i - 2);
      }
      chunk = i;
    }
  };
  function hex4(at: number, probe = false): number {
    const h = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) return probe ? -1 : fail('Invalid \\uXXXX escape', at - 1);
    return parseInt(h, 16);
  }

  const parseNumber = (): PyValue => {
    const start = i;
    if (text[i] === '-') i++;
    const intStart = i;
    if (text[i] === '0') i++;
    else if (text[i] !== undefined && text[i]! >= '1' && text[i]! <= '9') i = digitsFrom(i);
    else fail('Expecting value', start);
    const intEnd = i;
    let isFloat = false;
    if (text[i] === '.' && digitsFrom(i + 1) > i + 1) {
      i = digitsFrom(i + 1);
      isFloat = true;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      let j = i + 1;
      if (text[j] === '+' || text[j] === '-') j++;
      const end = digitsFrom(j);
      if (end > j) {
        i = end;
        isFloat = true;
      }
    }
    const literal = text.slice(start, i);
    if (isFloat) {
      const v = Number(literal);
      return Number.isInteger(v) || !Number.isFinite(v) ? pyFloat(v) : v;
    }
    if (intEnd - intStart > MAX_INT_DIGITS) fail(`Exceeds the limit (${MAX_INT_DIGITS}) for integer string conversion`, start);
    const v = Number(literal);
    return Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : BigInt(literal);
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > maxDepth) fail('maximum recursion depth exceeded');
    const c = text[i];
    switch (c) {
      case '"':
        return parseString();
      case '{': {
        i++;
        ws();
        const entries: Array<[string, PyValue]> = [];
        const positions = new Map<string, number>();
        if (text[i] === '}') {
          i++;
          return hook(entries);
        }
        while (true) {
          if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
          const key = parseString();
          ws();
          if (text[i] !== ':') fail("Expecting ':' delimiter");
          i++;
          ws();
          const value = parseValue(depth + 1);
          const at = positions.get(key);
          if (at === undefined) {
            positions.set(key, entries.length);
            entries.push([key, value]);
          } else {
            entries[at] = [key, value];
          }
          ws();
          if (text[i] === ',') {
            i++;
            ws();
            continue;
          }
          if (text[i] === '}') {
            i++;
            return hook(entries);
          }
          fail("Expecting ',' delimiter");
        }
      }
      case '[': {
        i++;
        ws();
        const items: PyValue[] = [];
        if (text[i] === ']') {
          i++;
          return items;
        }
        while (true) {
          items.push(parseValue(depth + 1));
          ws();
          if (text[i] === ',') {
            i++;
            ws();
            continue;
          }
          if (text[i] === ']') {
            i++;
            return items;
          }
          fail("Expecting ',' delimiter");
        }
      }
      case 'n':
        return literal('null', null);
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'N':
        return literal('NaN', pyFloat(NaN));
      case 'I':
        return literal('Infinity', pyFloat(Infinity));
      case '-':
        if (text.startsWith('-Infinity', i)) return literal('-Infinity', pyFloat(-Infinity));
        return parseNumber();
      default:
        if (c !== undefined && c >= '0' && c <= '9') return parseNumber();
        return fail('Expecting value');
    }
  };
  const literal = (word: string, value: PyValue): PyValue => {
    if (!text.startsWith(word, i)) fail('Expecting value');
    i += word.length;
    return value;
  };

  ws();
  const value = parseValue(0);
  ws();
  if (i !== n) fail('Extra data');
  return value;
}
