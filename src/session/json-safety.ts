/**
 * Session data is JSON, and is untrusted input when read back (SR-40): writes are checked
 * to be JSON-safe where they are made, reads are bounded in size, depth and key count and
 * cannot touch any prototype.
 * @module
 */
import { SessionDataError } from '../errors.ts';

/** Bounds applied to session data, on write and on read. */
export interface JsonLimits {
  /** Deepest nesting of arrays/objects accepted. */
  maxDepth: number;
  /** Most object keys plus array items accepted in one decoded payload. */
  maxNodes: number;
  /** Longest encoded payload accepted, in UTF-16 code units (checked before parsing). */
  maxLength: number;
}

/** Defaults: deep and large enough for any real session, small enough to stop a bomb. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxNodes: 10_000, maxLength: 1_000_000 };

/** Rebuilds a parsed object on a null prototype, so no key of it can ever reach Object.prototype. */
const nullPrototype = (_key: string, v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.assign(Object.create(null) as object, v) : v;

/**
 * Throws SessionDataError (naming the path) unless `value` survives JSON unchanged:
 * null, booleans, finite numbers, strings, arrays and plain objects of those. Functions,
 * symbols, BigInt, undefined, NaN/Infinity, Dates, Maps, class instances and cycles are refused,
 * as are values deeper than `limits.maxDepth`. Does not modify `value`.
 */
export function assertJsonSafe(value: unknown, path: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): void {
  const seen = new Set<object>();
  const visit = (v: unknown, at: string, depth: number): void => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new SessionDataError(at, `${v} is not representable in JSON; store a finite number or a string`);
        return;
      case 'object': {
        if (v === null) return;
        if (depth >= limits.maxDepth) throw new SessionDataError(at, `nesting deeper than ${limits.maxDepth} levels`);
        if (seen.has(v)) throw new SessionDataError(at, 'contains a cycle; session data must be a tree');
        seen.add(v);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) visit(v[i], `${at}[${i}]`, depth + 1);
        } else {
          const proto = Object.getPrototypeOf(v) as unknown;
          if (proto !== Object.prototype && proto !== null) {
            const kind = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
            throw new SessionDataError(at, `a ${kind} is not plain JSON; convert it first (e.g. a Date to date.getTime() or toISOString())`);
          }
          for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], `${at}.${k}`, depth + 1);
        }
        seen.delete(v);
        return;
      }
      default:
        throw new SessionDataError(at, `a ${typeof v} cannot be stored in a session (JSON has no ${typeof v}); use unset() to remove a key`);
    }
  };
  visit(value, path, 0);
}

/** Why `parseBoundedJson` refused its input. */
export type JsonRefusal = 'too-long' | 'not-json' | 'too-deep' | 'too-many-nodes';

/**
 * Parses `raw` as JSON within `limits`. Never throws: returns `{ ok: false, reason }` for
 * over-long input (checked before parsing), invalid JSON, or a result over the depth or node
 * bound. When `__proto__`, `constructor` or `prototype` appears as a key, every object of the
 * result is built on a null prototype: the keys are kept as ordinary data and can never reach a
 * prototype, even if the application later merges the value into another object (SR-40).
 */
export function parseBoundedJson(raw: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): { ok: true; value: unknown } | { ok: false; reason: JsonRefusal } {
  if (raw.length > limits.maxLength) return { ok: false, reason: 'too-long' };
  let value: unknown;
  try {
    // The reviver is slow, so it runs only when a poisoned key could be present at all.
    // A `\u` escape could spell one of the keys, so it takes the slow path too.
    const poisoned = raw.includes('"__proto__"') || raw.includes('"constructor"') || raw.includes('"prototype"') || raw.includes('\\u');
    value = poisoned ? JSON.parse(raw, nullPrototype) : JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not-json' }; // includes a stack overflow on absurd nesting
  }
  if (!boundedByLength(raw, limits)) {
    const bound = withinBounds(value, 0, { nodes: 0, limits });
    if (bound !== null) return { ok: false, reason: bound };
  }
  return { ok: true, value };
}

/**
 * Whether `raw`'s length alone proves the parsed value within bounds, so the walk can be skipped:
 * every key or array item takes at least two characters (nodes ≤ length / 2), and every level of
 * nesting opens with a `{` or `[` (depth ≤ their count, strings included, an over-estimate).
 */
function boundedByLength(raw: string, limits: JsonLimits): boolean {
  if (raw.length > 2 * limits.maxNodes) return false;
  let openers = 0;
  for (let at = raw.indexOf('{'); at !== -1; at = raw.indexOf('{', at + 1)) openers++;
  for (let at = raw.indexOf('['); at !== -1; at = raw.indexOf('[', at + 1)) openers++;
  return openers < limits.maxDepth;
}

/**
 * Checks depth and node count of a parsed value without allocating: recursion goes no deeper
 * than `limits.maxDepth`, where it stops with `too-deep`. Null when within bounds.
 */
function withinBounds(v: unknown, depth: number, count: { nodes: number; limits: JsonLimits }): JsonRefusal | null {
  if (typeof v !== 'object' || v === null) return null;
  if (depth >= count.limits.maxDepth) return 'too-deep';
  if (Array.isArray(v)) {
    count.nodes += v.length;
    if (count.nodes > count.limits.maxNodes) return 'too-many-nodes';
    for (let i = 0; i < v.length; i++) {
      const refusal = withinBounds(v[i], depth + 1, count);
      if (refusal !== null) return refusal;
    }
    return null;
  }
  for (const key in v) {
    if (++count.nodes > count.limits.maxNodes) return 'too-many-nodes';
    const refusal = withinBounds((v as Record<string, unknown>)[key], depth + 1, count);
    if (refusal !== null) return refusal;
  }
  return null;
}
