/**
 * Fuzzing the Python wire formats (src/interop): itsdangerous `Signer`, `TimestampSigner`,
 * `Serializer`, `URLSafeTimedSerializer`; Flask's session cookie; Django's `Signer`,
 * `TimestampSigner`, `signing.dumps`, signed cookies and session data (current and legacy).
 * Under every arrangement of a current key and its fallbacks (SECRET_KEY_FALLBACKS, or
 * itsdangerous key lists):
 * - a value verifies exactly when the key that signed it is current or a fallback, `stale`
 *   when it is a fallback; a retired or unknown key's value never verifies;
 * - after fuzzer edits, no value other than the one signed ever comes out: Django formats refuse
 *   every edit (they compare the signature text); the itsdangerous family may accept a
 *   signature spelled differently (Python decodes base64 leniently, and so do we, §2.6), but only
 *   with the original value and timestamp;
 * - arbitrary input never verifies and never throws.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import fc from 'fast-check';
import type { InteropResult, PyDict, PyValue } from '../../src/interop/index.ts';
import { createSerializer, createSigner, createTimestampSigner, createURLSafeTimedSerializer } from '../../src/interop/itsdangerous/index.ts';
import { createFlaskSessionCodec } from '../../src/interop/flask/index.ts';
import { createDjangoSessionData, createDjangoSignedCookie, createDjangoSigner, createDjangoSigning, createDjangoTimestampSigner } from '../../src/interop/django/index.ts';
import { anyCodeUnit } from '../cookie/arbitraries.ts';
import { headerFromBytes, mutation } from './corpus.ts';
import { fuzzTest } from './harness.ts';

const here = import.meta.url;
const NOW = 1_700_000_000_000;
const LATER = { now: NOW + 1000, maxAgeSeconds: 3600 };

/** The keys arrangements are made of, and one no arrangement holds. */
const POOL = ['pool-secret-zero', 'pool-secret-one', 'pool-secret-two'];
const STRANGER = 'a-secret-nobody-configured';

interface Codec { sign: (v: never) => string; open: (t: unknown) => InteropResult<unknown> }
interface Format {
  name: string;
  /** Every edit of the text is refused (the signature is compared as text). */
  exact: boolean;
  /** Every value read is stale, whatever the key (a legacy format: re-issue in the current one). */
  alwaysStale?: true;
  value: fc.Arbitrary<unknown>;
  make: (current: string, fallbacks: string[]) => Codec;
}

const text = fc.string({ unit: 'binary', maxLength: 32 });
const dict: fc.Arbitrary<PyDict> = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4, noNullPrototype: true });
const keyList = (current: string, fallbacks: string[]) => [...[...fallbacks].reverse(), current]; // itsdangerous: oldest first, last signs

/** A Codec over a format object `s`: how to sign a value with it and how to open a text. */
function codec<S>(s: S, sign: (s: S, v: never) => string, open: (s: S, t: string) => InteropResult<unknown>): Codec {
  return { sign: (v: never) => sign(s, v), open: (t) => open(s, t as string) };
}

const FORMATS: Format[] = [
  { name: 'itsdangerous Signer', exact: false, value: text, make: (c, f) => codec(createSigner({ secretKey: keyList(c, f) }), (s, v: string) => s.sign(v), (s, t) => s.unsign(t)) },
  { name: 'itsdangerous TimestampSigner', exact: false, value: text, make: (c, f) => codec(createTimestampSigner({ secretKey: keyList(c, f) }), (s, v: string) => s.sign(v, { now: NOW }), (s, t) => s.unsign(t, LATER)) },
  { name: 'itsdangerous Serializer', exact: false, value: dict, make: (c, f) => codec(createSerializer({ secretKey: keyList(c, f) }), (s, v: PyValue) => s.dumps(v), (s, t) => s.loads(t)) },
  { name: 'itsdangerous URLSafeTimedSerializer', exact: false, value: dict, make: (c, f) => codec(createURLSafeTimedSerializer({ secretKey: keyList(c, f) }), (s, v: PyValue) => s.dumps(v, { now: NOW }), (s, t) => s.loads(t, LATER)) },
  { name: 'Flask session cookie', exact: false, value: dict, make: (c, f) => codec(createFlaskSessionCodec({ secretKey: c, fallbackKeys: f }), (s, v: PyDict) => s.encode(v, { now: NOW }), (s, t) => s.decode(t, { now: NOW + 1000 })) },
  { name: 'Django Signer', exact: true, value: text, make: (c, f) => codec(createDjangoSigner({ key: c, fallbackKeys: f }), (s, v: string) => s.sign(v), (s, t) => s.unsign(t)) },
  { name: 'Django TimestampSigner', exact: true, value: text, make: (c, f) => codec(createDjangoTimestampSigner({ key: c, fallbackKeys: f }), (s, v: string) => s.sign(v, { now: NOW }), (s, t) => s.unsign(t, LATER)) },
  { name: 'Django signing.dumps (compress)', exact: true, value: dict, make: (c, f) => codec(createDjangoSigning({ key: c, fallbackKeys: f, compress: true }), (s, v: PyValue) => s.dumps(v, { now: NOW }), (s, t) => s.loads(t, LATER)) },
  { name: 'Django signed cookie', exact: true, value: text, make: (c, f) => codec(createDjangoSignedCookie({ secretKey: c, fallbackKeys: f, name: 'c' }), (s, v: string) => s.sign(v, { now: NOW }), (s, t) => s.unsign(t, LATER)) },
  { name: 'Django session data', exact: true, value: dict, make: (c, f) => codec(createDjangoSessionData({ secretKey: c, fallbackKeys: f, now: () => NOW }), (s, v: PyDict) => s.encode(v), (s, t) => s.decode(t)) },
  {
    name: 'Django session data (legacy, pre-3.1)',
    exact: false, // base64 of "hash:json": Python's lenient base64 may read another spelling of the same bytes
    alwaysStale: true,
    value: dict,
    make: (c, f) => {
      const writer = createDjangoSessionData({ secretKey: c, algorithm: 'sha1' });
      return codec(createDjangoSessionData({ secretKey: c, fallbackKeys: f }), (_, v: PyDict) => writer.encode(v), (s, t) => s.decode(t));
    },
  },
];

/** Every arrangement: a current key and an ordered list of fallbacks from the rest of the pool. */
function arrangements(): Array<{ current: string; fallbacks: string[] }> {
  const out: Array<{ current: string; fallbacks: string[] }> = [];
  for (const current of POOL) {
    const rest = POOL.filter((k) => k !== current);
    for (const fallbacks of [[], [rest[0]!], [rest[1]!], rest, [...rest].reverse()]) out.push({ current, fallbacks });
  }
  return out;
}

const REASONS = ['malformed', 'bad-signature', 'expired', 'bad-payload'];

for (const format of FORMATS) {
  describe(`fuzz: ${format.name}`, () => {
    const rings = arrangements().map((a) => ({ ...a, codec: format.make(a.current, a.fallbacks) }));
    const minters = new Map([...POOL, STRANGER].map((k) => [k, format.make(k, [])]));
    const sign = (codec: Codec, v: unknown) => codec.sign(v as never);

    fuzzTest(here, `${format.name}: under every key arrangement a value verifies exactly when its key is current or a fallback (SR-37)`, 200, () =>
      fc.property(fc.constantFrom(...rings), fc.constantFrom(...POOL, STRANGER), format.value, (ring, minter, v) => {
        const result = ring.codec.open(sign(minters.get(minter)!, v));
        if (minter !== ring.current && !ring.fallbacks.includes(minter)) {
          assert.deepEqual(result, { ok: false, reason: 'bad-signature' });
          return;
        }
        assert.ok(result.ok, JSON.stringify(result));
        assert.deepEqual(result.value, v);
        assert.equal(result.stale, format.alwaysStale === true || minter !== ring.current);
      }),
    );

    fuzzTest(here, `${format.name}: edits never yield a value that was not signed (SR-32)`, 300, () =>
      fc.property(fc.constantFrom(...rings), format.value, format.value, fc.array(mutation, { minLength: 1, maxLength: 4 }), (ring, v, w, edits) => {
        const token = sign(minters.get(ring.fallbacks.at(-1) ?? ring.current)!, v);
        const other = sign(ring.codec, w);
        const edited = edits.reduce((s, m) => m(s, other), token);
        const result = ring.codec.open(edited);
        if (edited === token || edited === other) return assert.ok(result.ok);
        if (!result.ok) return assert.ok(REASONS.includes(result.reason));
        assert.ok(!format.exact, `an edited value was accepted: ${edited}`);
        const original = ring.codec.open(token);
        const spliced = ring.codec.open(other);
        assert.ok(
          (original.ok && result.timestamp === original.timestamp && isDeepEqual(result.value, v)) || (spliced.ok && result.timestamp === spliced.timestamp && isDeepEqual(result.value, w)),
          `an edit produced another value: ${edited}`,
        );
      }),
    );

    fuzzTest(here, `${format.name}: arbitrary input never verifies and never throws (SR-31)`, 300, () =>
      fc.property(fc.constantFrom(...rings), fc.oneof(headerFromBytes, fc.string({ unit: anyCodeUnit, maxLength: 120 }), fc.anything()), (ring, candidate) => {
        const result = ring.codec.open(candidate);
        assert.ok(!result.ok && REASONS.includes(result.reason));
      }),
    );
  });
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
