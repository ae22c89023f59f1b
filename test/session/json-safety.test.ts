/**
 * parseBoundedJson's bounds (SR-40): depth and node count exactly at and one past the limit, on
 * both sides of its length shortcut (a text short enough to prove the bounds skips the walk).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBoundedJson, type JsonLimits } from '../../src/session/json-safety.ts';

const limits = (maxDepth: number, maxNodes: number): JsonLimits => ({ maxDepth, maxNodes, maxLength: 1_000_000 });
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

test('depth: maxDepth nested containers are accepted, one more is too deep', () => {
  assert.equal(parseBoundedJson(nested(32), limits(32, 10_000)).ok, true);
  assert.deepEqual(parseBoundedJson(nested(33), limits(32, 10_000)), { ok: false, reason: 'too-deep' });
  assert.equal(parseBoundedJson(nested(3), limits(3, 10)).ok, true);
  assert.deepEqual(parseBoundedJson(nested(4), limits(3, 10)), { ok: false, reason: 'too-deep' });
  assert.deepEqual(parseBoundedJson('{"a":{"b":{"c":{}}}}', limits(3, 10)), { ok: false, reason: 'too-deep' });
});

test('nodes: maxNodes keys and items are accepted, one more is too many', () => {
  const items = (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`;
  const keys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`;
  assert.equal(parseBoundedJson(items(5), limits(32, 5)).ok, true);
  assert.deepEqual(parseBoundedJson(items(6), limits(32, 5)), { ok: false, reason: 'too-many-nodes' });
  assert.equal(parseBoundedJson(keys(5), limits(32, 5)).ok, true);
  assert.deepEqual(parseBoundedJson(keys(6), limits(32, 5)), { ok: false, reason: 'too-many-nodes' });
});

test('brackets inside strings count towards the shortcut only, never towards the verdict', () => {
  const text = JSON.stringify({ note: '{'.repeat(100) + '['.repeat(100) });
  assert.equal(parseBoundedJson(text, limits(2, 10)).ok, true);
});

test('property: the verdict is the same as a full walk for any JSON value and small limits', () => {
  /** The reference: depth and node count of a parsed value, by a plain walk. */
  const measure = (v: unknown, depth: number, acc: { nodes: number; depth: number }): void => {
    if (typeof v !== 'object' || v === null) return;
    acc.depth = Math.max(acc.depth, depth + 1);
    const children = Array.isArray(v) ? v : Object.values(v);
    acc.nodes += children.length;
    for (const c of children) measure(c, depth + 1, acc);
  };
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 40 }), (value, maxDepth, maxNodes) => {
      const text = JSON.stringify(value);
      const acc = { nodes: 0, depth: 0 };
      measure(JSON.parse(text), 0, acc);
      const expected = acc.depth <= maxDepth && acc.nodes <= maxNodes;
      assert.equal(parseBoundedJson(text, limits(maxDepth, maxNodes)).ok, expected, text);
    }),
    { numRuns: 2000 },
  );
});
