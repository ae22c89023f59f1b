/**
 * Property tests of the tamper-evidence of signed and sealed tokens, parameterised by back
 * end and run count: no single-bit flip (of a character or of a decoded byte), truncation,
 * extension, character substitution, key-id swap or purpose swap of any token ever
 * verifies, and every untouched token round-trips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seal, sign, unseal, verify, type CryptoBackend, type Keyring, type VerifyResult } from '../../src/crypto/index.ts';
import { keyringOf, newSecret, withKeyId } from './helpers.ts';

/** How many properties {@link tamperProperties} defines; each runs `numRuns` cases. */
export const PROPERTY_COUNT = 18;

interface Format {
  kind: string;
  make: (ring: Keyring, value: string, options: { purpose: string; expiresAt?: number }) => string | Promise<string>;
  open: (ring: Keyring, token: unknown, options: { purpose: string; now?: number }) => VerifyResult | Promise<VerifyResult>;
  /** Indexes of the base64url fields whose decoded bytes can be flipped. */
  binaryFields: number[];
}

const FORMATS: Format[] = [
  { kind: 'signed', make: sign, open: verify, binaryFields: [3, 4] },
  { kind: 'sealed', make: seal, open: unseal, binaryFields: [2] },
];

/**
 * Registers the tamper properties for `backend`, `numRuns` cases each, and a last test that
 * checks how many cases ran (the crypto suite promises a total of at least 100,000).
 */
export function tamperProperties(backend: CryptoBackend, numRuns: number): void {
  const a = { id: 'ka', secret: newSecret() };
  const b = { id: 'kb', secret: newSecret() };
  const ring = keyringOf(backend, [a, b]);
  const oldRing = keyringOf(backend, [b]);
  let cases = 0;

  const value = fc.string({ unit: 'binary', maxLength: 48 });
  const purpose = fc.string({ unit: 'binary', minLength: 1, maxLength: 24 });
  const expiresAt = fc.option(fc.integer({ min: 1, max: 4_102_444_800_000 }), { nil: undefined });
  const byOld = fc.boolean();
  const NOW = 0;

  /** A fresh token for generated inputs, made by the current key or the older one. */
  const mint = async (f: Format, v: string, p: string, e: number | undefined, old: boolean): Promise<string> => {
    cases++;
    return f.make(old ? oldRing : ring, v, e === undefined ? { purpose: p } : { purpose: p, expiresAt: e });
  };
  const refused = async (f: Format, token: unknown, p: string): Promise<boolean> => !(await f.open(ring, token, { purpose: p, now: NOW })).ok;
  const check = <T extends unknown[]>(property: fc.IAsyncProperty<T>) => fc.assert(property, { numRuns });

  for (const f of FORMATS) {
    test(`${f.kind}: every generated token round-trips with its value, key and expiry`, async () => {
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, async (v, p, e, old) => {
          const result = await f.open(ring, await mint(f, v, p, e, old), { purpose: p, now: NOW });
          assert.deepEqual(result, { ok: true, value: v, keyId: old ? 'kb' : 'ka', stale: old, expiresAt: e ?? null });
        }),
      );
    });

    test(`${f.kind}: flipping any single bit of any character is refused`, async () => {
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, fc.nat(), fc.integer({ min: 0, max: 15 }), async (v, p, e, old, at, bit) => {
          const token = await mint(f, v, p, e, old);
          const i = at % token.length;
          const flipped = token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
          assert.ok(await refused(f, flipped, p), flipped);
        }),
      );
    });

    test(`${f.kind}: flipping any single bit of the decoded bytes (re-encoded canonically) is refused`, async () => {
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, fc.nat(), fc.nat(), async (v, p, e, old, fieldAt, bitAt) => {
          const fields = (await mint(f, v, p, e, old)).split('.');
          const nonEmpty = f.binaryFields.filter((k) => fields[k]!.length > 0);
          const k = nonEmpty[fieldAt % nonEmpty.length]!;
          const bytes = Buffer.from(fields[k]!, 'base64url');
          const bit = bitAt % (bytes.length * 8);
          bytes[bit >> 3]! ^= 1 << (bit & 7);
          fields[k] = bytes.toString('base64url');
          assert.ok(await refused(f, fields.join('.'), p));
        }),
      );
    });

    test(`${f.kind}: every truncation (from either end) is refused`, async () => {
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, fc.nat(), fc.boolean(), async (v, p, e, old, at, fromEnd) => {
          const token = await mint(f, v, p, e, old);
          const cut = 1 + (at % token.length);
          assert.ok(await refused(f, fromEnd ? token.slice(0, token.length - cut) : token.slice(cut), p));
        }),
      );
    });

    test(`${f.kind}: every extension or insertion is refused`, async () => {
      const extra = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.stringMatching(/^[A-Za-z0-9_.=-]{1,8}$/));
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, fc.nat(), extra, async (v, p, e, old, at, s) => {
          const token = await mint(f, v, p, e, old);
          const i = at % (token.length + 1);
          assert.ok(await refused(f, token.slice(0, i) + s + token.slice(i), p));
        }),
      );
    });

    test(`${f.kind}: replacing any character with any other is refused`, async () => {
      const char = fc.oneof(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, fc.nat(), char, async (v, p, e, old, at, c) => {
          const token = await mint(f, v, p, e, old);
          const i = at % token.length;
          const replacement = c === token[i] ? (c === 'A' ? 'B' : 'A') : c;
          assert.ok(await refused(f, token.slice(0, i) + replacement + token.slice(i + 1), p));
        }),
      );
    });

    test(`${f.kind}: swapping the key id (for the other key of the ring, or any other id) is refused`, async () => {
      const kid = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/);
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, kid, async (v, p, e, old, other) => {
          const token = await mint(f, v, p, e, old);
          assert.ok(await refused(f, withKeyId(token, old ? 'ka' : 'kb'), p));
          if (other !== (old ? 'kb' : 'ka')) assert.ok(await refused(f, withKeyId(token, other), p));
        }),
      );
    });

    test(`${f.kind}: any other purpose is refused`, async () => {
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, purpose, async (v, p, e, old, q) => {
          const token = await mint(f, v, p, e, old);
          assert.ok(await refused(f, token, q === p ? `${p}x` : q));
        }),
      );
    });

    test(`${f.kind}: a token is never accepted by the other format`, async () => {
      const other = FORMATS.find((x) => x !== f)!;
      await check(
        fc.asyncProperty(value, purpose, expiresAt, byOld, async (v, p, e, old) => {
          const token = await mint(f, v, p, e, old);
          assert.deepEqual(await other.open(ring, token, { purpose: p, now: NOW }), { ok: false, reason: 'malformed' });
        }),
      );
    });
  }

  test(`the properties above generated ${PROPERTY_COUNT} × ${numRuns} cases`, () => {
    assert.equal(cases, PROPERTY_COUNT * numRuns);
  });
}
