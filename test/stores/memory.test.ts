import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { runStoreConformance } from '../../src/testing/store-conformance.ts';
import { ConfigError } from '../../src/errors.ts';

runStoreConformance({ name: 'memory', harness: { describe, test }, createStore: () => createMemoryStore(), syncForms: true });

describe('memory store: bounds', () => {
  const T0 = Date.UTC(2030, 0, 1);
  const w = (data: string) => ({ data, expiresAt: T0 + 60_000, userId: 'u' });

  test('keeps at most maxEntries, evicting the least recently used', async () => {
    const evicted: string[] = [];
    const s = createMemoryStore({ maxEntries: 3, onEvict: (k) => evicted.push(k) });
    await s.create('a', w('a'), T0);
    await s.create('b', w('b'), T0);
    await s.create('c', w('c'), T0);
    await s.get('a', T0); // a is now the most recently used
    await s.create('d', w('d'), T0);
    assert.deepEqual(evicted, ['b']);
    assert.equal(s.size, 3);
    assert.equal(await s.get('b', T0), null);
    assert.equal((await s.get('a', T0))?.data, 'a');
    assert.deepEqual((await s.listByUser('u', T0)).map((e) => e.key).sort(), ['a', 'c', 'd']);
  });

  test('a million distinct visitors stay within the bound', async () => {
    const s = createMemoryStore({ maxEntries: 1000 });
    for (let i = 0; i < 1_000_000; i++) await s.create(`visitor-${i}`, { data: 'x', expiresAt: T0 + 60_000, userId: null }, T0);
    assert.equal(s.size, 1000);
  });

  test('maxEntries must be a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => createMemoryStore({ maxEntries: bad }), ConfigError);
    }
  });
});
