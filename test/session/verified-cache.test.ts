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
