/** The verified-token cache: hits skip verification, only authentic unexpired tokens are kept, bounded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifiedCache } from '../../src/session/verified-cache.ts';
import { createKeyring, nodeBackend, seal, sign, unseal, verify, webCryptoBackend, type BackendKey, type CryptoBackend, type VerifyResult } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { cookieClient, fakeClock, OLD_SECRET, SECRET } from './helpers.ts';

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

test('an issued token is answered without verifying, until its expiry; off or too long: not entered', () => {
  const cache = createVerifiedCache(10);
  const v = verifier();
  cache.issued('fresh', 'the payload', 'k2', 1000);
  assert.deepEqual({ ...(sync(cache.open('fresh', 999, v.fn)) as object) }, { ok: true, value: 'the payload', keyId: 'k2', stale: false, expiresAt: 1000, state: null });
  assert.equal(v.calls(), 0);
  assert.equal(sync(cache.open('fresh', 1000, v.fn)).ok, true, 'at its expiry the entry is dropped and the verifier decides');
  assert.equal(v.calls(), 1);

  const off = createVerifiedCache(0);
  off.issued('fresh', 'p', 'k', null);
  off.open('fresh', 0, v.fn);
  assert.equal(v.calls(), 2);
  cache.issued('y'.repeat(5000), 'p', 'k', null);
  cache.open('y'.repeat(5000), 0, v.fn);
  assert.equal(v.calls(), 3);
});

/** A node:crypto or Web Crypto back end that counts MAC checks and decryptions (the work a cache hit saves). */
function countingBackend(web: boolean) {
  const base: CryptoBackend = web ? webCryptoBackend : nodeBackend;
  let checks = 0;
  const backend = {
    ...base,
    verifyMac: (key: BackendKey, input: string, mac: string) => (checks++, base.verifyMac(key, input, mac)),
    decrypt: (key: BackendKey, aad: string, sealed: string) => (checks++, base.decrypt(key, aad, sealed)),
  } as CryptoBackend;
  return { backend, checks: () => checks };
}

for (const mode of ['signed', 'sealed'] as const) {
  for (const web of [false, true]) {
    const label = `${mode}${web ? ' (Web Crypto)' : ''}`;

    test(`${label}: the entry made at issue is exactly what verifying the token gives`, async () => {
      const keys = createKeyring([{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }], { backend: web ? webCryptoBackend : nodeBackend });
      const expiresAt = Date.UTC(2030, 0, 2);
      const payload = '{"v":1,"d":{"counter":1}} ünïcode';
      const token = mode === 'signed' ? await sign(keys, payload, { purpose: 'p', expiresAt }) : await seal(keys, payload, { purpose: 'p', expiresAt });
      const real = mode === 'signed' ? await verify(keys, token, { purpose: 'p', now: expiresAt - 1 }) : await unseal(keys, token, { purpose: 'p', now: expiresAt - 1 });
      const cache = createVerifiedCache(10);
      cache.issued(token, payload, keys.currentId, expiresAt);
      const entered = sync(cache.open(token, expiresAt - 1, () => assert.fail('verified again')));
      assert.deepEqual({ ok: entered.ok, ...(entered.ok ? { value: entered.value, keyId: entered.keyId, stale: entered.stale, expiresAt: entered.expiresAt } : {}) }, { ...real });
    });

    test(`${label}: the cookie a commit issues is not checked again on the next request, and a stale-key cookie re-issued under the current key is not either`, async () => {
      const counting = countingBackend(web);
      const clock = fakeClock();
      const keys = createKeyring([{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }], { backend: counting.backend });
      const manager = createSessionManager<{ counter: number }>({ keys, mode, now: clock.now });
      const client = cookieClient();
      const first = manager.load(client.header());
      first.set('counter', 1);
      client.receive(await manager.commit(first));
      for (let n = 1; n <= 3; n++) {
        const s = manager.load(client.header());
        assert.equal(await s.get('counter'), n);
        s.set('counter', n + 1);
        client.receive(await manager.commit(s));
      }
      assert.equal(counting.checks(), 0, 'every cookie was one this manager had issued');

      const oldKeys = createKeyring([{ id: 'k1', secret: OLD_SECRET }], { backend: web ? webCryptoBackend : nodeBackend });
      const old = createSessionManager<{ counter: number }>({ keys: oldKeys, mode, now: clock.now });
      const oldClient = cookieClient();
      const made = old.load(null);
      made.set('counter', 7);
      oldClient.receive(await old.commit(made));
      const stale = manager.load(oldClient.header());
      assert.equal(await stale.get('counter'), 7);
      assert.equal(counting.checks(), 1, 'a cookie this manager did not issue is checked');
      oldClient.receive(await manager.commit(stale));
      const reissued = manager.load(oldClient.header());
      assert.equal(await reissued.get('counter'), 7);
      assert.deepEqual(await manager.commit(reissued), [['Vary', 'Cookie']], 'current key: no re-issue');
      assert.equal(counting.checks(), 1, 'the re-issued cookie was entered at issue');
    });
  }
}
