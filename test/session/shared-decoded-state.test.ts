/**
 * Cookie modes keep the state decoded from a token for later requests with the same token
 * (src/session/verified-cache.ts). Requests presenting that token share it, so nothing any of
 * them does may change what another one reads.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieClient, makeManager, type ModeName } from './helpers.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';

const COOKIE_MODES: ModeName[] = ['signed', 'sealed', 'signed (Web Crypto)', 'sealed (Web Crypto)'];

for (const mode of COOKIE_MODES) {
  describe(`shared decoded state: ${mode}`, () => {
    /** A manager and the Cookie header of a session holding `data`. */
    async function withCookie(data: Record<string, unknown>, extra = {}) {
      const made = makeManager(mode, extra);
      const client = cookieClient();
      const s = made.manager.load(null);
      for (const [k, v] of Object.entries(data)) s.set(k, v);
      client.receive(await made.manager.commit(s));
      return { ...made, header: client.header()! };
    }

    test('a write in one request is not seen by another request with the same cookie', async () => {
      const { manager, header } = await withCookie({ counter: 1, name: 'a' });
      for (let i = 0; i < 3; i++) {
        const s = manager.load(header);
        assert.equal(await s.get('counter'), 1, `request ${i} reads the cookie's value`);
        s.set('counter', 100 + i);
        s.unset('name');
        s.clear();
        assert.equal(await s.get('counter'), undefined);
        await manager.commit(s);
      }
      const reader = manager.load(header);
      assert.deepEqual(await reader.all(), { counter: 1, name: 'a' });
    });

    test('a handler mutating an object it read changes only its own request', async () => {
      const { manager, header } = await withCookie({ cart: ['apple'], profile: { name: 'Ann' } });
      for (let i = 0; i < 3; i++) {
        const s = manager.load(header);
        const cart = (await s.get('cart')) as string[];
        assert.deepEqual(cart, ['apple']);
        cart.push('pear');
        ((await s.get('profile')) as { name: string }).name = 'Eve';
        (await s.all()).extra = 1;
        await manager.commit(s);
      }
      const reader = manager.load(header);
      assert.deepEqual(await reader.all(), { cart: ['apple'], profile: { name: 'Ann' } });
    });

    test('a touch re-issues the cookie without moving the idle deadline seen by other requests', async () => {
      const { manager, clock, header } = await withCookie({ counter: 1 }, { timeouts: { idleSeconds: 1800, touchIntervalSeconds: 60 } });
      const first = manager.load(header);
      await first.load();
      const deadline = first.expiresAt;
      clock.advance(600_000);
      const touching = manager.load(header);
      assert.equal(await touching.get('counter'), 1);
      const lines = (await manager.commit(touching)).filter(([n]) => n === 'Set-Cookie');
      assert.equal(lines.length, 1, 'the touch re-issued the cookie');
      const later = manager.load(header);
      await later.load();
      assert.equal(later.expiresAt, deadline, 'the old cookie still ends where it did');
      clock.advance(1_200_000); // 30 minutes after the cookie's last activity
      const expired = manager.load(header);
      await expired.load();
      assert.equal(expired.isNew, true, 'the old cookie expired on time');
    });

    test('flash values are read once per request, and stay in the cookie they came in', async () => {
      const { manager, header: _unused } = await withCookie({});
      const client = cookieClient();
      const s = manager.load(null);
      s.set('counter', 1);
      s.flash('notice', 'saved');
      client.receive(await manager.commit(s));
      const header = client.header()!;
      for (let i = 0; i < 2; i++) {
        const r = manager.load(header);
        assert.equal(await r.getFlash('notice'), 'saved');
        assert.equal(await r.getFlash('notice'), undefined, 'read once within the request');
        await manager.commit(r);
      }
    });

    test('a session bound to a user keeps its user for every request with its cookie', async () => {
      const { manager, header: _unused } = await withCookie({});
      const client = cookieClient();
      const s = manager.load(null, { userAgent: 'UA', ip: '203.0.113.9' });
      s.bindUser('u1');
      client.receive(await manager.commit(s));
      const header = client.header()!;
      const a = manager.load(header);
      a.bindUser('u2');
      assert.equal((await a.load(), a.userId), 'u2');
      await manager.commit(a);
      const b = manager.load(header);
      await b.load();
      assert.equal(b.userId, 'u1');
    });
  });
}

test('revocation on: stamping an id onto a cookie issued without one does not stamp the shared state', async () => {
  const client = cookieClient();
  const before = makeManager('signed').manager; // revocation not yet on: cookies carry no id
  const s = before.load(null);
  s.set('counter', 1);
  client.receive(await before.commit(s));
  const header = client.header()!;
  const { manager } = makeManager('signed', { cookieMode: { revocation: { store: createMemoryStore() } } });
  for (let i = 0; i < 2; i++) {
    const r = manager.load(header);
    assert.equal(await r.get('counter'), 1);
    const lines = (await manager.commit(r)).filter(([n]) => n === 'Set-Cookie');
    assert.equal(lines.length, 1, `request ${i}: the id-less cookie is re-issued with an id`);
  }
});

describe('shared decoded state: server (memory)', () => {
  async function withSession(data: Record<string, unknown>) {
    const made = makeManager('server (memory)');
    const client = cookieClient();
    const s = made.manager.load(null);
    for (const [k, v] of Object.entries(data)) s.set(k, v);
    client.receive(await made.manager.commit(s));
    return { ...made, header: client.header()! };
  }

  test('requests reading one entry each see their own changes only, and concurrent writes both land', async () => {
    const { manager, header } = await withSession({ counter: 1 });
    const a = manager.load(header);
    const b = manager.load(header);
    assert.equal(await a.get('counter'), 1);
    assert.equal(await b.get('counter'), 1);
    a.set('counter', 2);
    await manager.commit(a);
    assert.equal(await b.get('counter'), 1, 'b keeps the state it loaded');
    b.set('other', 'x');
    await manager.commit(b);
    const c = manager.load(header);
    assert.deepEqual(await c.all(), { counter: 2, other: 'x' });
    const d = manager.load(header);
    assert.deepEqual(await d.all(), { counter: 2, other: 'x' }, 'the entry read again gives the same');
  });

  test('a handler mutating an object it read changes only its own request', async () => {
    const { manager, header } = await withSession({ cart: ['apple'] });
    for (let i = 0; i < 3; i++) {
      const s = manager.load(header);
      ((await s.get('cart')) as string[]).push('pear');
      await manager.commit(s);
    }
    assert.deepEqual(await manager.load(header).get('cart'), ['apple']);
  });

  test('a write is read back by the next request as written, flash once', async () => {
    const { manager, header } = await withSession({ counter: 1 });
    const w = manager.load(header);
    w.set('counter', 5);
    w.flash('notice', 'saved');
    await manager.commit(w);
    const r = manager.load(header);
    assert.equal(await r.get('counter'), 5);
    assert.equal(await r.getFlash('notice'), 'saved');
    await manager.commit(r);
    const next = manager.load(header);
    assert.equal(await next.getFlash('notice'), undefined);
    assert.equal(await next.get('counter'), 5);
  });
});
