/**
 * The wire formats byte by byte (docs/decisions/010-crypto-formats.md), checked against an
 * independent reference written with node:crypto primitives, against fixed golden tokens,
 * and across back ends: a token made by one back end opens in the other.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import {
  createKeyring,
  createNodeBackend,
  createWebCryptoBackend,
  nodeBackend,
  seal,
  sign,
  unseal,
  verify,
  webCryptoBackend,
  type CryptoBackend,
} from '../../src/crypto/index.ts';
import { BACKENDS, newSecret } from './helpers.ts';

const subKey = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));

/** Reference signer: `s1.<kid>.<exp>.<b64u(value)>.<b64u(HMAC(K_sign, "s1.<kid>.<exp>.<payload>.<purpose>"))>`. */
function referenceSign(secret: Buffer, kid: string, value: string, purpose: string, expiresAt?: number): string {
  const body = `s1.${kid}.${expiresAt ?? ''}.${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${body}.${createHmac('sha256', subKey(secret, 'tessera/v1/sign')).update(`${body}.${purpose}`, 'utf8').digest('base64url')}`;
}

/** Reference sealer: `e1.<kid>.<b64u(nonce ‖ AES-256-GCM(K_seal, nonce, aad="e1.<kid>.<purpose>", "<exp>.<value>") ‖ tag)>`. */
function referenceSeal(secret: Buffer, kid: string, value: string, purpose: string, nonce: Buffer, expiresAt?: number): string {
  const cipher = createCipheriv('aes-256-gcm', subKey(secret, 'tessera/v1/seal'), nonce);
  cipher.setAAD(Buffer.from(`e1.${kid}.${purpose}`, 'utf8'));
  const body = Buffer.concat([cipher.update(`${expiresAt ?? ''}.${value}`, 'utf8'), cipher.final()]);
  return `e1.${kid}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
}

function referenceUnseal(secret: Buffer, kid: string, token: string, purpose: string): string {
  const data = Buffer.from(token.split('.')[2]!, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', subKey(secret, 'tessera/v1/seal'), data.subarray(0, 12));
  decipher.setAAD(Buffer.from(`e1.${kid}.${purpose}`, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString('utf8');
}

/** Back ends whose nonces are fixed, for deterministic sealed tokens. */
const fixedNonce = Buffer.from('000102030405060708090a0b', 'hex');
const fill = (target: Uint8Array) => {
  for (let i = 0; i < target.length; i++) target[i] = fixedNonce[i % 12]!;
};
const FIXED: CryptoBackend[] = [createNodeBackend({ randomFill: fill, noncesPerRefill: 1 }), createWebCryptoBackend({ randomFill: fill })];

/** A fixed secret and the tokens it must produce (golden vectors; change only with a new format version). */
const GOLDEN_SECRET = Buffer.from('bbe22bc7e812356f17adfad382050cd48ff9adc7e2c77f134af190eba979c35b', 'hex');
const GOLDEN_SIGNED = 's1.golden.1700000000000.eyJ1aWQiOjQyfQ.vXi35gM5jv057FldV_2ssEbE9adX5g4s5_0F57qG4cw';
const GOLDEN_SEALED = 'e1.golden.AAECAwQFBgcICQoLfw_oje1CWAUZUroYacbSO4oNGoQ-90auy_d0aIdZzrUq1z4v6fNL5Q';

describe('wire formats', () => {
  for (const backend of FIXED) {
    test(`${backend.name}: signed tokens equal the reference, for assorted values, purposes and expiries`, async () => {
      for (let i = 0; i < 50; i++) {
        const secret = randomBytes(32);
        const ring = createKeyring([{ id: `k${i}`, secret: new Uint8Array(secret) }], { backend });
        const value = randomBytes(i * 3).toString('latin1') + '€😀';
        const purpose = i % 2 ? '__Host-sid' : `p-${i}-ü`;
        const expiresAt = i % 3 ? 1_700_000_000_000 + i : undefined;
        assert.equal(await sign(ring, value, { purpose, expiresAt }), referenceSign(secret, `k${i}`, value, purpose, expiresAt));
      }
    });

    test(`${backend.name}: sealed tokens equal the reference (same nonce) and the reference opens them`, async () => {
      for (let i = 0; i < 50; i++) {
        const secret = randomBytes(32);
        const ring = createKeyring([{ id: `k${i}`, secret: new Uint8Array(secret) }], { backend });
        const value = randomBytes(i * 3).toString('latin1') + '€😀';
        const purpose = i % 2 ? '__Host-sid' : `p-${i}-ü`;
        const expiresAt = i % 3 ? 1_700_000_000_000 + i : undefined;
        const token = await seal(ring, value, { purpose, expiresAt });
        assert.equal(token, referenceSeal(secret, `k${i}`, value, purpose, fixedNonce, expiresAt));
        assert.equal(referenceUnseal(secret, `k${i}`, token, purpose), `${expiresAt ?? ''}.${value}`);
      }
    });

    test(`${backend.name}: golden vectors`, async () => {
      const ring = createKeyring([{ id: 'golden', secret: new Uint8Array(GOLDEN_SECRET) }], { backend });
      const options = { purpose: '__Host-session', expiresAt: 1_700_000_000_000 };
      assert.equal(await sign(ring, '{"uid":42}', options), GOLDEN_SIGNED);
      assert.equal(await seal(ring, '{"uid":42}', options), GOLDEN_SEALED);
      assert.deepEqual(await unseal(ring, GOLDEN_SEALED, { purpose: '__Host-session', now: 1_699_999_999_999 }), {
        ok: true,
        value: '{"uid":42}',
        keyId: 'golden',
        stale: false,
        expiresAt: 1_700_000_000_000,
      });
    });
  }

  test('sub-keys are HKDF-SHA-256(secret, salt = empty, info = "tessera/v1/sign" | "tessera/v1/seal"), distinct', () => {
    const secret = randomBytes(32);
    assert.notDeepEqual(subKey(secret, 'tessera/v1/sign'), subKey(secret, 'tessera/v1/seal'));
    const ring = createKeyring([{ id: 'k', secret: new Uint8Array(secret) }]);
    // A token MACed with the raw secret instead of the sub-key is refused.
    const body = `s1.k..${Buffer.from('v').toString('base64url')}`;
    const raw = `${body}.${createHmac('sha256', secret).update(`${body}.p`).digest('base64url')}`;
    assert.deepEqual(verify(ring, raw, { purpose: 'p' }), { ok: false, reason: 'bad-signature' });
    assert.equal(verify(ring, referenceSign(secret, 'k', 'v', 'p'), { purpose: 'p' }).ok, true);
  });

  test('the default key id is the first 8 characters of base64url(SHA-256("tessera key id\\0" ‖ secret))', () => {
    const ring = createKeyring([{ secret: new Uint8Array(GOLDEN_SECRET) }]);
    assert.equal(ring.currentId, createHash('sha256').update(Buffer.concat([Buffer.from('tessera key id\0'), GOLDEN_SECRET])).digest('base64url').slice(0, 8));
  });
});

describe('cross-back-end interoperability', () => {
  const purpose = '__Host-sid';
  for (const from of BACKENDS) {
    for (const to of BACKENDS) {
      if (from === to) continue;
      test(`${from.name} → ${to.name}: signed and sealed tokens open, with rotation and expiry intact`, async () => {
        const [a, b] = [{ id: 'a', secret: newSecret() }, { id: 'b', secret: newSecret() }];
        const maker = createKeyring([a, b], { backend: from.backend });
        const reader = createKeyring([b, a], { backend: to.backend });
        for (const value of ['', 'v', '{"uid":42}', '日本語 😀', 'x'.repeat(3000)]) {
          for (const [make, open] of [
            [sign, verify],
            [seal, unseal],
          ] as const) {
            const token = await make(maker, value, { purpose, expiresAt: 2000 });
            assert.deepEqual(await open(reader, token, { purpose, now: 1999 }), { ok: true, value, keyId: 'a', stale: true, expiresAt: 2000 });
            assert.deepEqual(await open(reader, token, { purpose, now: 2000 }), { ok: false, reason: 'expired' });
            assert.deepEqual(await open(reader, token, { purpose: 'other', now: 0 }), { ok: false, reason: 'bad-signature' });
          }
        }
      });
    }
  }

  test('the default back ends agree on signed tokens byte for byte', async () => {
    const secret = newSecret();
    const node = createKeyring([{ secret }]);
    const web = createKeyring([{ secret }], { backend: webCryptoBackend });
    for (const value of ['', 'a', '€'.repeat(100)]) {
      assert.equal(sign(node, value, { purpose, expiresAt: 1 }), await sign(web, value, { purpose, expiresAt: 1 }));
    }
    assert.equal(nodeBackend.sha256Base64url('abc'), webCryptoBackend.sha256Base64url('abc'));
  });
});
