/** The verified-token cache: hits skip verification, only authentic unexpired tokens are kept, bounded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifiedCache } from '../../src/session/verified-cache.ts';
import type { VerifyResult } from '../../src/crypto/index.ts';

/** The cache answers synchronously for a synchronous verifier. */
const sync = (r: VerifyResult | Promise<VerifyResult>) => r as VerifyResult;

function verifier() {
  let calls = 0;
  const fn = (token: string, now: number): VerifyResult => {
    calls++;
    if (token.startsWith('bad')) return { ok: false, reason: 'bad-signature' };
    const expiresAt = token.startsWith('short') ? 1000 : null;
    if (expiresAt !== null && now >= expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, value: `value of ${token}`, keyId: 'k', stale: false, expiresAt };
  };
  return { fn, calls: () => calls };
}

test('a repeated authentic token is verified once', () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  for (let i = 0; i < 5; i++) assert.equal((sync(cache.open('good', 0, v.fn)) as { value: string }).value, 'value of good');
  assert.equal(v.calls(), 1);
});

test('failures are never cached', () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  for (let i = 0; i < 3; i++) assert.equal(sync(cache.open('bad', 0, v.fn)).ok, false);
  assert.equal(v.calls(), 3);
});

test('a cached token is not used at or after its expiry: it is verified again (and refused)', () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  assert.equal(sync(cache.open('short', 999, v.fn)).ok, true);
  assert.equal(sync(cache.open('short', 999, v.fn)).ok, true);
  assert.equal(v.calls(), 1);
  assert.deepEqual(sync(cache.open('short', 1000, v.fn)), { ok: false, reason: 'expired' });
  assert.equal(v.calls(), 2);
});

test('the cache holds at most its bound, and 0 turns it off', () => {
  const cache = createVerifiedCache(2);
  const v = verifier();
  for (const t of ['a', 'b', 'c', 'a']) cache.open(t, 0, v.fn);
  assert.equal(v.calls(), 4, 'a was evicted by c');
  const off = createVerifiedCache(0);
  const w = verifier();
  off.open('a', 0, w.fn);
  off.open('a', 0, w.fn);
  assert.equal(w.calls(), 2);
});

test('async verifiers are cached once settled', async () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  const asyncFn = (t: string, now: number) => Promise.resolve(v.fn(t, now));
  assert.equal((await cache.open('good', 0, asyncFn)).ok, true);
  assert.equal((await cache.open('good', 0, asyncFn)).ok, true);
  assert.equal(v.calls(), 1);
});

/** A decoded state as decodeState makes it. */
const stateWith = (data: Record<string, unknown>, flash: Record<string, unknown> = {}) => ({
  data,
  flash,
  createdAt: 0,
  lastSeenAt: 0,
  userId: null,
  meta: null,
  persistUntil: null,
  csrfSecret: null,
});

test('a decoded state of primitives is kept with its token; one holding an object or array is not', () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  const first = sync(cache.open('good', 0, v.fn));
  assert.ok(first.ok);
  assert.equal(cache.decoded(first), null, 'nothing kept yet');
  const state = stateWith({ counter: 1, name: 'a', ok: true, none: null }, { notice: 'saved' });
  cache.keepDecoded(first, state);
  const again = sync(cache.open('good', 0, v.fn));
  assert.ok(again.ok);
  assert.equal(cache.decoded(again), state, 'the same state object is handed out again');

  for (const [token, data, flash] of [
    ['withObject', { cart: { items: 1 } }, {}],
    ['withArray', { roles: ['admin'] }, {}],
    ['withFlashObject', { counter: 1 }, { form: { name: 'x' } }],
  ] as const) {
    const result = sync(cache.open(token, 0, v.fn));
    assert.ok(result.ok);
    cache.keepDecoded(result, stateWith({ ...data }, { ...flash }));
    assert.equal(cache.decoded(sync(cache.open(token, 0, v.fn)) as never), null, `${token}: decoded on every request`);
  }
});

test('a result the cache did not make (cache off, token too long) keeps no decoded state', () => {
  const off = createVerifiedCache(0);
  const v = verifier();
  const result = sync(off.open('good', 0, v.fn));
  assert.ok(result.ok);
  off.keepDecoded(result, stateWith({ counter: 1 }));
  assert.equal(off.decoded(result), null);
  const cache = createVerifiedCache(10);
  const long = sync(cache.open('x'.repeat(5000), 0, v.fn));
  assert.ok(long.ok);
  cache.keepDecoded(long, stateWith({ counter: 1 }));
  assert.equal(cache.decoded(long), null);
});
