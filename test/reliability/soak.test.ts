/**
 * A few seconds of the soak (`npm run soak`, reliability/soak.ts) on the memory store: the
 * harness itself works (host process, session pool, autocannon mix, RSS sampling), and under
 * 20 connections of mixed reads, writes and new visitors no request fails and the bounded
 * memory store stays at its bound. The RSS bound is loose here: a few seconds are too short
 * for the allocator to settle, and the full soak measures it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { soakStore } from '../../reliability/lib/soak-store.ts';

test('soak, a few seconds on the memory store: every reply 2xx, the store at its bound, heap flat', async () => {
  const result = await soakStore({
    store: 'memory',
    adapter: 'node',
    seconds: 5,
    connections: 20,
    poolSize: 200,
    maxEntries: 1_000,
    rssBound: 256 * 2 ** 20,
    heapBound: 16 * 2 ** 20,
  });
  assert.deepEqual(result.failures, []);
  assert.ok(result.requests > 0);
  assert.equal(result.non2xx, 0);
  assert.equal(result.memoryEntries, 1_000);
  assert.ok(result.rssSamples.length >= 2);
});
