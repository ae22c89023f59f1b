/**
 * Micro benchmarks of tessera/crypto against its peers and against bare node:crypto floors:
 * sign+verify vs cookie-signature; seal+unseal of a ~200-byte session vs iron-session.
 */
import { randomBytes } from 'node:crypto';
import cookieSignature from 'cookie-signature';
import { sealData, unsealData } from 'iron-session';
import { createKeyring, seal, sign, unseal, verify } from '../../src/crypto/index.ts';
import type { Comparison } from '../lib/rounds.ts';
import { createAesGcmFloor, createHmacFloor } from './floors.ts';

/** A realistic ~200-byte session as JSON. */
export const SESSION_JSON = JSON.stringify({
  userId: 48213,
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  roles: ['admin', 'editor'],
  cart: [{ sku: 'A-1029', qty: 2 }, { sku: 'B-77', qty: 1 }],
  theme: 'dark',
  csrf: 'q7Hc0sWvP1xq9F2sYd8Lr3',
});

const fail = (what: string): never => {
  throw new Error(`${what}: round trip failed`);
};

/** The comparisons of this file. */
export function cryptoComparisons(): Comparison[] {
  const secret = randomBytes(32);
  const keyring = createKeyring([{ secret: new Uint8Array(secret) }]);
  const hmacFloor = createHmacFloor(secret);
  const aesFloor = createAesGcmFloor(randomBytes(32));
  const secretText = secret.toString('base64url');
  const ironPassword = randomBytes(32).toString('hex');
  const purpose = '__Host-session';
  const value = SESSION_JSON;

  return [
    {
      title: 'sign + verify a ~200-byte session (HMAC-SHA-256)',
      baseline: 'floor: createHmac + timingSafeEqual',
      contenders: [
        {
          name: 'floor: createHmac + timingSafeEqual',
          fn: () => hmacFloor.verify(hmacFloor.sign(value)) ?? fail('floor'),
        },
        {
          name: 'tessera sign + verify',
          fn: () => {
            const r = verify(keyring, sign(keyring, value, { purpose }), { purpose });
            return r.ok ? r.value : fail('tessera');
          },
        },
        {
          name: 'cookie-signature sign + unsign',
          fn: () => cookieSignature.unsign(cookieSignature.sign(value, secretText), secretText) || fail('cookie-signature'),
        },
      ],
      targets: [{ subject: 'tessera sign + verify', reference: 'floor: createHmac + timingSafeEqual', maxRatio: 1.2, label: 'within 1.2x of the bare floor' }],
    },
    {
      title: 'seal + unseal a ~200-byte session (AES-256-GCM)',
      baseline: 'floor: createCipheriv + fresh randomBytes(12)',
      contenders: [
        {
          name: 'floor: createCipheriv + fresh randomBytes(12)',
          fn: () => aesFloor.unseal(aesFloor.seal(value)) ?? fail('floor'),
        },
        {
          name: 'tessera seal + unseal',
          fn: () => {
            const r = unseal(keyring, seal(keyring, value, { purpose }), { purpose });
            return r.ok ? r.value : fail('tessera');
          },
        },
        {
          name: 'iron-session sealData + unsealData',
          fn: async () => unsealData(await sealData(value, { password: ironPassword }), { password: ironPassword }),
        },
      ],
      targets: [
        { subject: 'tessera seal + unseal', reference: 'floor: createCipheriv + fresh randomBytes(12)', maxRatio: 1.2, label: 'within 1.2x of the bare floor' },
        { subject: 'tessera seal + unseal', reference: 'iron-session sealData + unsealData', maxRatio: 1 / 30, label: 'at least 30x faster than iron-session' },
      ],
    },
  ];
}
