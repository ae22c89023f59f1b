/**
 * The memory store under a flood of distinct visitors, CI-sized: 30,000 new sessions through
 * the session manager into a store bounded at 1,000 entries. `npm run soak` runs the full
 * million into 10,000 (reliability/lib/memory-bound.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryBound } from '../../reliability/lib/memory-bound.ts';

test('memory store: 30,000 distinct visitors never take it past maxEntries 1,000, and its heap stays flat', async () => {
  const result = await memoryBound({ visitors: 30_000, maxEntries: 1_000 });
  assert.equal(result.maxSize, 1_000);
  assert.equal(result.evictions, 29_000);
  assert.ok(result.samples.every((s) => s.size === 1_000), 'full at every sample after warm-up');
  const first = result.samples[0]!;
  const last = result.samples.at(-1)!;
  // After a full GC: what one visitor leaves behind would show as ~27,000 × its size here.
  const growth = last.heapUsed - first.heapUsed;
  assert.ok(growth < 2 * 2 ** 20, `heap grew ${growth} bytes from ${first.visitors} to ${last.visitors} visitors`);
});
