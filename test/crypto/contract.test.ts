/**
 * The behavioural contract of sign/verify and seal/unseal, run against every back end.
 * `await` works for both: the node back end returns values, Web Crypto returns promises.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TOKEN_LENGTH, seal, sign, unseal, verify, type CryptoBackend, type Keyring } from '../../src/crypto/index.ts';
import { BACKENDS, keyringOf, newSecret, TOKEN_CHARS, withKeyId } from './helpers.ts';

const VALUES = ['', 'a', 'user:42', 'a.b.c', '{"uid":42,"roles":["admin"]}', 'héllo wörld', '日本語', '😀 emoji \u{10FFFF}', '\0nul\0', 'x'.repeat(10_000)];
const purpose = '__Host-sid';

/** Signed and sealed flavours of the same contract. */
const FORMATS = [
  { kind: 'signed', make: sign, open: verify, tag: 's1', fields: 5, other: unseal },
  { kind: 'sealed', make: seal, open: unseal, tag: 'e1', fields: 3, other: verify },
] as const;

for (const { name, backend } of BACKENDS) {
  describe(`crypto contract (${name} back end)`, () => {
    contract(backend);
  });
}

function contract(backend: CryptoBackend): void {
  const a = { id: 'a', secret: newSecret() };
  const b = { id: 'b', secret: newSecret() };
  const ring: Keyring = keyringOf(backend, [a, b]);

  test(`results are ${backend.mode === 'sync' ? 'plain values' : 'promises'} for a ${backend.mode} back end`, async () => {
    const token = sign(ring, 'v', { purpose });
    assert.equal(token instanceof Promise, backend.mode === 'async');
    const result = verify(ring, await token, { purpose });
    assert.equal(result instanceof Promise, backend.mode === 'async');
    assert.equal(verify(ring, 'junk', { purpose }) instanceof Promise, backend.mode === 'async');
    assert.equal(unseal(ring, 'junk', { purpose }) instanceof Promise, backend.mode === 'async');
    assert.equal(seal(ring, 'v', { purpose }) instanceof Promise, backend.mode === 'async');
    await result;
  });

  for (const f of FORMATS) {
    describe(`${f.kind} tokens`, () => {
      test('round trip of assorted values, with and without expiry', async () => {
        for (const value of VALUES) {
          const token = await f.make(ring, value, { purpose });
          assert.deepEqual(await f.open(ring, token, { purpose }), { ok: true, value, keyId: 'a', stale: false, expiresAt: null });
          const timed = await f.make(ring, value, { purpose, expiresAt: 5000 });
          assert.deepEqual(await f.open(ring, timed, { purpose, now: 4999 }), { ok: true, value, keyId: 'a', stale: false, expiresAt: 5000 });
        }
      });

      test(`shape: starts with "${f.tag}.<kid>.", ${f.fields} fields, every character a cookie-octet`, async () => {
        for (const value of VALUES) {
          const token = await f.make(ring, value, { purpose, expiresAt: 1_763_769_600_000 });
          assert.ok(token.startsWith(`${f.tag}.a.`));
          assert.equal(token.split('.').length, f.fields);
          assert.match(token, TOKEN_CHARS);
        }
      });

      test('the purpose is bound but not transmitted: another purpose is refused', async () => {
        const token = await f.make(ring, 'v', { purpose });
        assert.equal(token.includes(purpose), false);
        assert.deepEqual(await f.open(ring, token, { purpose: '__Host-other' }), { ok: false, reason: 'bad-signature' });
        assert.deepEqual(await f.open(ring, token, { purpose: purpose + ' ' }), { ok: false, reason: 'bad-signature' });
        assert.deepEqual(await f.open(ring, token, { purpose: purpose.toLowerCase() }), { ok: false, reason: 'bad-signature' });
      });

      test('expiry boundary: valid 1 ms before expiresAt, expired exactly at it and after', async () => {
        const token = await f.make(ring, 'v', { purpose, expiresAt: 1000 });
        assert.equal((await f.open(ring, token, { purpose, now: 999 })).ok, true);
        assert.deepEqual(await f.open(ring, token, { purpose, now: 1000 }), { ok: false, reason: 'expired' });
        assert.deepEqual(await f.open(ring, token, { purpose, now: 1001 }), { ok: false, reason: 'expired' });
        assert.equal((await f.open(ring, token, { purpose, now: 999.999 })).ok, true);
        const zero = await f.make(ring, 'v', { purpose, expiresAt: 0 });
        assert.deepEqual(await f.open(ring, zero, { purpose, now: 0 }), { ok: false, reason: 'expired' });
        assert.equal((await f.open(ring, zero, { purpose, now: -1 })).ok, true);
      });

      test('expiry defaults to the real clock; no expiresAt means no expiry', async () => {
        const past = await f.make(ring, 'v', { purpose, expiresAt: Date.now() - 1 });
        assert.deepEqual(await f.open(ring, past, { purpose }), { ok: false, reason: 'expired' });
        const future = await f.make(ring, 'v', { purpose, expiresAt: Date.now() + 60_000 });
        assert.equal((await f.open(ring, future, { purpose })).ok, true);
        const forever = await f.make(ring, 'v', { purpose, expiresAt: undefined });
        assert.equal((await f.open(ring, forever, { purpose, now: Number.MAX_SAFE_INTEGER })).ok, true);
      });

      test('an expired token is reported expired only when authentic: a forged one is bad-signature', async () => {
        const token = await f.make(ring, 'v', { purpose, expiresAt: 1000 });
        assert.deepEqual(await f.open(ring, token, { purpose: 'other', now: 2000 }), { ok: false, reason: 'bad-signature' });
      });

      test('rotation: a token of an older key verifies with stale=true; of the current key, stale=false', async () => {
        const old = await f.make(keyringOf(backend, [b]), 'v', { purpose });
        assert.deepEqual(await f.open(ring, old, { purpose }), { ok: true, value: 'v', keyId: 'b', stale: true, expiresAt: null });
        const current = await f.make(ring, 'v', { purpose });
        assert.deepEqual(await f.open(ring, current, { purpose }), { ok: true, value: 'v', keyId: 'a', stale: false, expiresAt: null });
      });

      test('rotation: a token of a removed key is unknown-key, even if another key would match', async () => {
        const token = await f.make(ring, 'v', { purpose });
        const withoutA = keyringOf(backend, [b]);
        assert.deepEqual(await f.open(withoutA, token, { purpose }), { ok: false, reason: 'unknown-key' });
      });

      test('key-id swap: a token relabelled with another key of the ring is refused', async () => {
        const token = await f.make(ring, 'v', { purpose });
        assert.deepEqual(await f.open(ring, withKeyId(token, 'b'), { purpose }), { ok: false, reason: 'bad-signature' });
        assert.deepEqual(await f.open(ring, withKeyId(token, 'zz'), { purpose }), { ok: false, reason: 'unknown-key' });
      });

      test('the same key id over another secret does not verify', async () => {
        const token = await f.make(ring, 'v', { purpose });
        const impostor = keyringOf(backend, [{ id: 'a', secret: newSecret() }]);
        assert.deepEqual(await f.open(impostor, token, { purpose }), { ok: false, reason: 'bad-signature' });
      });

      test(`a ${f.kind} token is never accepted by the other format (malformed)`, async () => {
        for (const value of VALUES) {
          const token = await f.make(ring, value, { purpose });
          assert.deepEqual(await f.other(ring, token, { purpose }), { ok: false, reason: 'malformed' });
        }
      });

      test('bad input never throws or rejects and gives a reason', async () => {
        const good = await f.make(ring, 'value', { purpose });
        const inputs: unknown[] = [
          '',
          '.',
          '....',
          f.tag,
          `${f.tag}.`,
          `${f.tag}.a`,
          `${f.tag}.a.`,
          `${f.tag}..`,
          'x'.repeat(1 << 20),
          `${f.tag}.a.${'A'.repeat(1 << 20)}`,
          `${good}\0`,
          `\0${good}`,
          good.replace('.', '\0'),
          `${good}\uD800`,
          good.slice(0, -1) + '\uDC00',
          good.slice(0, -1) + 'é',
          good.slice(0, 10) + '\uD83D\uDE00' + good.slice(10),
          `${good}=`,
          `${good}==`,
          good.slice(0, -1) + '+',
          good.slice(0, -1) + '/',
          good.replace(/-/g, '+').replace(/_/g, '/'),
          `${good}.`,
          `${good}.extra`,
          good.split('.').slice(0, -1).join('.'),
          good.split('.').slice(1).join('.'),
          ` ${good}`,
          `${good} `,
          `"${good}"`,
          encodeURIComponent(good) + '%00',
          `v1.${good.slice(3)}`,
          `S1.${good.slice(3)}`,
          `${f.tag}.${'k'.repeat(33)}.${good.slice(good.indexOf('.', 3) + 1)}`,
          `${f.tag}.a b.${good.slice(good.indexOf('.', 3) + 1)}`,
          'x'.repeat(MAX_TOKEN_LENGTH + 1),
          undefined,
          null,
          42,
          {},
          [],
          Symbol('t'),
          new String(good),
          Buffer.from(good),
          () => good,
        ];
        for (const input of inputs.filter((x) => x !== good)) {
          const result = await f.open(ring, input, { purpose });
          assert.equal(result.ok, false, `accepted ${String(typeof input === 'string' ? input.slice(0, 80) : typeof input)}`);
          assert.ok(['malformed', 'unknown-key', 'bad-signature'].includes(result.ok ? '' : result.reason));
        }
      });

      test('non-canonical base64url in the authenticated field is malformed, not silently accepted', async () => {
        const good = await f.make(ring, 'value', { purpose });
        const last = good.at(-1)!;
        // The final character of a 43-char MAC (signed) or of the data field carries unused low bits.
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        for (const c of alphabet) {
          if (c === last) continue;
          const result = await f.open(ring, good.slice(0, -1) + c, { purpose });
          assert.equal(result.ok, false);
        }
      });

      test('programmer errors throw: bad purpose, bad value, bad expiresAt, bad now, not a keyring', async () => {
        const token = await f.make(ring, 'v', { purpose });
        for (const bad of ['', 42, undefined, 'a\uD800']) {
          assert.throws(() => f.make(ring, 'v', { purpose: bad as string }), TypeError);
          assert.throws(() => f.open(ring, token, { purpose: bad as string }), TypeError);
        }
        for (const bad of [42, null, undefined, 'lone \uDC00 surrogate', { toString: () => 'v' }]) {
          assert.throws(() => f.make(ring, bad as string, { purpose }), TypeError);
        }
        for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, '1000']) {
          assert.throws(() => f.make(ring, 'v', { purpose, expiresAt: bad as number }), RangeError);
        }
        for (const bad of [Number.NaN, Infinity, '1000']) {
          assert.throws(() => f.open(ring, token, { purpose, now: bad as number }), TypeError);
        }
        assert.throws(() => f.make({ backend, currentId: 'a', ids: ['a'] } as Keyring, 'v', { purpose }), TypeError);
        assert.throws(() => f.open({} as Keyring, token, { purpose }), TypeError);
      });

      test(`values too big for a ${MAX_TOKEN_LENGTH}-character token are refused; the largest that fits round-trips`, async () => {
        assert.throws(() => f.make(ring, 'x'.repeat(MAX_TOKEN_LENGTH), { purpose }), RangeError);
        assert.throws(() => f.make(ring, '€'.repeat(MAX_TOKEN_LENGTH / 3), { purpose }), RangeError);
        const fits = 'x'.repeat(Math.floor((MAX_TOKEN_LENGTH * 3) / 4) - 100);
        const token = await f.make(ring, fits, { purpose });
        assert.ok(token.length <= MAX_TOKEN_LENGTH);
        assert.equal((await f.open(ring, token, { purpose })).ok, true);
      });
    });
  }

  test('sealing the same value twice gives different tokens (fresh nonce), both open', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(await seal(ring, 'same', { purpose }));
    assert.equal(seen.size, 200);
    for (const token of seen) assert.equal((await unseal(ring, token, { purpose })).ok, true);
  });

  test('signing is deterministic; the value is readable in a signed token but not in a sealed one', async () => {
    const value = 'readable-value';
    assert.equal(await sign(ring, value, { purpose }), await sign(ring, value, { purpose }));
    const signed = await sign(ring, value, { purpose });
    assert.equal(Buffer.from(signed.split('.')[3]!, 'base64url').toString(), value);
    const sealed = await seal(ring, value, { purpose });
    assert.equal(Buffer.from(sealed.split('.')[2]!, 'base64url').includes(value), false);
  });
}
