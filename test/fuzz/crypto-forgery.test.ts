/**
 * Fuzzing tessera's signed (`s1`) and sealed (`e1`) tokens on both back ends under every
 * key-ring arrangement (SR-32, SR-35, SR-36, SR-37, SR-39). It extends the tamper properties of
 * test/crypto (one ring, single edits) with:
 * - every ordered ring drawn from four keys (rotation, retirement), tokens minted by any of
 *   them, by an impostor reusing one of their ids, or by a stranger: a token verifies exactly
 *   when its key (id and secret) is in the ring, with `stale` set when that key is not current;
 *   otherwise `unknown-key` or `bad-signature`, never another key tried;
 * - the same tokens after up to four fuzzer edits (splices of another token included): any
 *   token that differs from an authentic one is refused;
 * - arbitrary strings, bytes and token-shaped strings never verify and never throw.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import fc from 'fast-check';
import { seal, sign, unseal, verify, type CryptoBackend, type Keyring, type VerifyResult } from '../../src/crypto/index.ts';
import { BACKENDS, keyringOf } from '../crypto/helpers.ts';
import { anyCodeUnit } from '../cookie/arbitraries.ts';
import { headerFromBytes, mutation } from './corpus.ts';
import { fuzzTest } from './harness.ts';

const here = import.meta.url;
const NOW = 1_700_000_000_000;

interface Key { id: string; secret: string }
const key = (id: string): Key => ({ id, secret: randomBytes(32).toString('base64url') });
/** The four keys rings are made of. */
const POOL = ['k0', 'k1', 'k2', 'k3'].map(key);
/** Keys that mint tokens: the pool, impostors reusing two of its ids, and a stranger. */
const MINTERS = [...POOL, key('k0'), key('k1'), key('zz')];

/** Every ordered, non-empty selection of the pool: 64 rings. */
function arrangements(): Key[][] {
  const out: Key[][] = [];
  const grow = (ring: Key[]) => {
    if (ring.length > 0) out.push(ring);
    for (const k of POOL) if (!ring.includes(k)) grow([...ring, k]);
  };
  grow([]);
  return out;
}

interface Format {
  kind: 'signed' | 'sealed';
  make: (ring: Keyring, value: string, o: { purpose: string; expiresAt?: number }) => string | Promise<string>;
  open: (ring: Keyring, token: unknown, o: { purpose: string; now?: number }) => VerifyResult | Promise<VerifyResult>;
}
const FORMATS: Format[] = [
  { kind: 'signed', make: sign, open: verify },
  { kind: 'sealed', make: seal, open: unseal },
];

/** What `open` must answer for a token minted by `minter` and presented to `ring`. */
function expected(ring: Key[], minter: Key, value: string, expiresAt: number | undefined, now: number): VerifyResult {
  const sameId = ring.find((k) => k.id === minter.id);
  if (sameId === undefined) return { ok: false, reason: 'unknown-key' };
  if (sameId !== minter) return { ok: false, reason: 'bad-signature' };
  if (expiresAt !== undefined && now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, value, keyId: minter.id, stale: ring[0] !== minter, expiresAt: expiresAt ?? null };
}

const REASONS = ['malformed', 'unknown-key', 'bad-signature', 'expired'];

function forBackend(name: string, backend: CryptoBackend, ciRuns: number): void {
  const rings = arrangements().map((keys) => ({ keys, ring: keyringOf(backend, keys) }));
  const minters = new Map(MINTERS.map((k) => [k, keyringOf(backend, [k])]));
  const value = fc.string({ unit: 'binary', maxLength: 40 });
  const purpose = fc.constantFrom('__Host-session', 'session', 'csrf', 'a');
  const expiresAt = fc.option(fc.integer({ min: NOW - 10_000, max: NOW + 10_000 }), { nil: undefined });

  describe(`fuzz: tessera tokens (${name} back end)`, () => {
    for (const f of FORMATS) {
      fuzzTest(here, `${name} ${f.kind}: under every ring arrangement a token verifies exactly when its key is in the ring (SR-37)`, ciRuns, () =>
        fc.asyncProperty(fc.constantFrom(...rings), fc.constantFrom(...MINTERS), value, purpose, expiresAt, async (r, minter, v, p, e) => {
          const token = await f.make(minters.get(minter)!, v, e === undefined ? { purpose: p } : { purpose: p, expiresAt: e });
          assert.deepEqual(await f.open(r.ring, token, { purpose: p, now: NOW }), expected(r.keys, minter, v, e, NOW));
        }),
      );

      fuzzTest(here, `${name} ${f.kind}: any edit of an authentic token (splices of another token too) is refused, never thrown (SR-32, SR-39)`, ciRuns, () =>
        fc.asyncProperty(fc.constantFrom(...rings), value, purpose, fc.array(mutation, { minLength: 1, maxLength: 4 }), value, async (r, v, p, edits, w) => {
          const author = minters.get(r.keys[r.keys.length - 1]!)!;
          const token = await f.make(author, v, { purpose: p });
          const other = await f.make(r.ring, w, { purpose: p });
          const edited = edits.reduce((s, m) => m(s, other), token);
          const result = await f.open(r.ring, edited, { purpose: p, now: NOW });
          if (edited === token) assert.ok(result.ok);
          else if (edited === other) assert.deepEqual(result, { ok: true, value: w, keyId: r.keys[0]!.id, stale: false, expiresAt: null });
          else assert.ok(!result.ok && REASONS.includes(result.reason), `${edited} → ${JSON.stringify(result)}`);
        }),
      );

      const shaped = fc.tuple(
        fc.constantFrom('s1', 'e1', 'S1', 's2', 'e0', ''),
        fc.constantFrom('k0', 'k1', 'zz', '', 'k0.k1'),
        fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/),
        fc.stringMatching(/^[0-9]{0,16}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{0,64}$/),
      ).map(([tag, kid, a, n, b]) => (f.kind === 'signed' ? `${tag}.${kid}.${n}.${a}.${b}` : `${tag}.${kid}.${a}${b}`));
      const anything = fc.oneof(shaped, headerFromBytes, fc.string({ unit: anyCodeUnit, maxLength: 120 }), fc.anything());

      fuzzTest(here, `${name} ${f.kind}: arbitrary strings, bytes, token-shaped text and non-strings never verify and never throw (SR-31)`, ciRuns, () =>
        fc.asyncProperty(fc.constantFrom(...rings), anything, purpose, async (r, candidate, p) => {
          const result = await f.open(r.ring, candidate, { purpose: p, now: NOW });
          assert.ok(!result.ok && REASONS.includes(result.reason));
        }),
      );
    }
  });
}

for (const { name, backend } of BACKENDS) forBackend(name, backend, backend.mode === 'sync' ? 1500 : 600);
