/** Back-end specifics: the node nonce pool and the Web Crypto lazy key import. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { createKeyring, createNodeBackend, createWebCryptoBackend, seal, sign, unseal, verify } from '../../src/crypto/index.ts';
import { newSecret } from './helpers.ts';

const purpose = 'p';

describe('node back end: nonce pool', () => {
  test('refills the pool only when used up, with noncesPerRefill × 12 bytes, and never repeats a nonce', () => {
    const fills: number[] = [];
    const backend = createNodeBackend({ noncesPerRefill: 4, randomFill: (t) => (fills.push(t.length), randomFillSync(t)) });
    const ring = createKeyring([{ secret: newSecret() }], { backend });
    const nonces = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const token = seal(ring, 'v', { purpose });
      nonces.add(Buffer.from(token.split('.')[2]!, 'base64url').subarray(0, 12).toString('hex'));
      assert.equal(unseal(ring, token, { purpose }).ok, true);
    }
    assert.equal(nonces.size, 10);
    assert.deepEqual(fills, [48, 48, 48]);
  });

  test('signing and verifying never touch the random source; the pool is made on first seal', () => {
    let fills = 0;
    const ring = createKeyring([{ secret: newSecret() }], { backend: createNodeBackend({ randomFill: () => void fills++ }) });
    assert.equal(verify(ring, sign(ring, 'v', { purpose }), { purpose }).ok, true);
    assert.equal(fills, 0);
  });

  test('refuses an impossible pool size', () => {
    for (const n of [0, -1, 1.5, 65537, Number.NaN]) assert.throws(() => createNodeBackend({ noncesPerRefill: n }), RangeError);
  });
});

describe('Web Crypto back end: lazy keys', () => {
  test('builds a keyring without touching crypto.subtle, then imports each key once, on first use', async () => {
    const imports: string[] = [];
    const real = globalThis.crypto.subtle;
    const subtle = new Proxy(real, {
      get(target, name: keyof SubtleCrypto) {
        if (name === 'importKey') {
          return (...args: Parameters<SubtleCrypto['importKey']>) => {
            imports.push((args[2] as { name: string }).name);
            return real.importKey(...args);
          };
        }
        const value = target[name];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const backend = createWebCryptoBackend({ subtle });
    const ring = createKeyring([{ secret: newSecret() }, { secret: newSecret() }], { backend });
    assert.deepEqual(imports, []);
    for (let i = 0; i < 5; i++) assert.equal((await verify(ring, await sign(ring, `v${i}`, { purpose }), { purpose })).ok, true);
    assert.deepEqual(imports, ['HMAC']);
    await Promise.all([seal(ring, 'a', { purpose }), seal(ring, 'b', { purpose })]);
    assert.deepEqual(imports, ['HMAC', 'AES-GCM']);
  });

  test('a broken Web Crypto rejects loudly instead of refusing every token quietly', async () => {
    const broken = { importKey: () => Promise.reject(new Error('no subtle here')) } as unknown as SubtleCrypto;
    const ring = createKeyring([{ secret: newSecret() }], { backend: createWebCryptoBackend({ subtle: broken }) });
    await assert.rejects(async () => sign(ring, 'v', { purpose }), /no subtle here/);
    // Malformed input is still refused without touching Web Crypto.
    assert.deepEqual(await verify(ring, 'junk', { purpose }), { ok: false, reason: 'malformed' });
  });
});
