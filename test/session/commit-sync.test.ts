/**
 * `commitSync` in server mode: a read-only request that needs no store write (no touch due)
 * commits without waiting, with the same headers `commit` gives; anything that must write
 * (a change, a due touch, destroy, regenerate) returns null so the caller awaits `commit`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionManager } from '../../src/session/manager.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, fakeClock } from './helpers.ts';

/** A memory store that counts every operation. */
function countingStore() {
  const inner = createMemoryStore();
  let calls = 0;
  const store: SessionStore = {
    name: 'counting',
    get: (k, now) => (calls++, inner.get(k, now)),
    create: (k, w, now) => (calls++, inner.create(k, w, now)),
    update: (k, w, v, now) => (calls++, inner.update(k, w, v, now)),
    touch: (k, e, now) => (calls++, inner.touch(k, e, now)),
    delete: (k) => (calls++, inner.delete(k)),
  };
  return { store, calls: () => calls };
}

async function loggedIn(idleSeconds: number | null) {
  const clock = fakeClock();
  const counting = countingStore();
  const manager = createSessionManager({ store: counting.store, now: clock.now, timeouts: { idleSeconds, touchIntervalSeconds: 60 } });
  const client = cookieClient();
  const first = manager.load(client.header());
  first.set('counter', 1);
  client.receive(await manager.commit(first));
  return { manager, client, clock, calls: counting.calls };
}

describe('commitSync in server mode', () => {
  test('a read-only request commits without waiting and without a store write: Vary only', async () => {
    const { manager, client, calls } = await loggedIn(null);
    const s = manager.load(client.header());
    assert.equal(await s.get('counter'), 1);
    const before = calls();
    assert.deepEqual(manager.commitSync(s), [['Vary', 'Cookie']]);
    assert.equal(calls(), before, 'no store operation');
  });

  test('with an idle timeout, within the touch interval: no wait; once a touch is due: null, and commit touches', async () => {
    const { manager, client, clock, calls } = await loggedIn(1800);
    clock.advance(30_000);
    const early = manager.load(client.header());
    await early.get('counter');
    assert.deepEqual(manager.commitSync(early), [['Vary', 'Cookie']]);

    clock.advance(61_000);
    const late = manager.load(client.header());
    await late.get('counter');
    assert.equal(manager.commitSync(late), null);
    const before = calls();
    await manager.commit(late);
    assert.equal(calls(), before + 1, 'one touch');
  });

  test('a change, destroy or regenerate needs the store: null', async () => {
    const { manager, client } = await loggedIn(null);
    for (const act of [(s: ReturnType<typeof manager.load>) => s.set('counter', 2), (s: ReturnType<typeof manager.load>) => s.destroy(), (s: ReturnType<typeof manager.load>) => s.regenerate()]) {
      const s = manager.load(client.header());
      await s.get('counter');
      act(s);
      assert.equal(manager.commitSync(s), null);
      await manager.commit(s);
    }
  });

  test('a session not loaded yet needs the store: null', async () => {
    const { manager, client } = await loggedIn(null);
    const s = manager.load(client.header());
    s.set('counter', 5);
    assert.equal(manager.commitSync(s), null);
  });
});
