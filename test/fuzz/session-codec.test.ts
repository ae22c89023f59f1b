/**
 * Fuzzing the session codec (src/session/state.ts, json-safety.ts) and loads through a manager
 * (SR-29, SR-31, SR-40):
 * - any JSON-safe state round-trips through encodeState/decodeState, and any JSON-safe value
 *   set under any key (`__proto__`, `constructor`, `prototype`, `toString` included) reads back
 *   the same after a commit and a new request, in signed, sealed and server mode;
 * - `assertJsonSafe` accepts every JSON value and refuses everything else with SessionDataError;
 * - payloads carrying `__proto__`, `constructor` and `prototype` keys at any depth, once loaded,
 *   leave Object.prototype untouched and the session answers only its own keys;
 * - payloads too deep, with too many nodes, too long, or decompression bombs, signed or stored
 *   as if authentic, give a fresh session and `onInvalidCookie` reason `malformed`, never an
 *   exception or a stall.
 */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe } from 'node:test';
import fc from 'fast-check';
import { createKeyring, generateToken, hashToken, seal, sign } from '../../src/crypto/index.ts';
import { SessionDataError } from '../../src/errors.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import { assertJsonSafe, DEFAULT_JSON_LIMITS, parseBoundedJson } from '../../src/session/json-safety.ts';
import { decodeState, encodeState, type SessionState } from '../../src/session/state.ts';
import { cookieClient, makeManager, SECRET, T0, type ModeName } from '../session/helpers.ts';
import { fuzzTest } from './harness.ts';

const here = import.meta.url;
const PROTOTYPE_KEYS = Reflect.ownKeys(Object.prototype).length;
const POISON = ['__proto__', 'constructor', 'prototype'];
const MODES: ModeName[] = ['signed', 'sealed', 'server (memory)'];

function assertPrototypeUntouched(): void {
  assert.equal(Reflect.ownKeys(Object.prototype).length, PROTOTYPE_KEYS);
  for (const probe of [{}, [], Object.create(Object.prototype) as object]) assert.equal((probe as Record<string, unknown>).polluted, undefined);
}

/** JSON's own view of a value: what survives JSON.stringify / JSON.parse, on ordinary prototypes. */
const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

const sessionKey = fc.oneof(fc.constantFrom(...POISON, 'toString', 'hasOwnProperty', 'valueOf', 'polluted'), fc.string({ maxLength: 12 }));
const json = fc.jsonValue({ maxDepth: 6 });
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });

const state: fc.Arbitrary<SessionState> = fc.record({
  data: fc.dictionary(sessionKey, json, { maxKeys: 6 }),
  flash: fc.dictionary(sessionKey, json, { maxKeys: 3 }),
  createdAt: time,
  lastSeenAt: time,
  userId: fc.option(fc.string(), { nil: null }),
  meta: fc.option(fc.record({ userAgent: fc.string(), ip: fc.string() }, { requiredKeys: [] }), { nil: null }),
  persistUntil: fc.option(time, { nil: null }),
  csrfSecret: fc.option(fc.string(), { nil: null }),
});

/** A JSON text with poison keys spliced in at random depths, around any JSON value. */
const poisoned = fc
  .tuple(json, fc.array(fc.tuple(fc.constantFrom(...POISON), fc.constantFrom('{"polluted":1}', '{"prototype":{"polluted":1}}', '1', '"x"', 'null', '[{"polluted":1}]')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([inner, poisons, escaped]) =>
    poisons.reduce((acc, [key, value]) => `{"${escaped ? key.replace('_', '\\u005f') : key}":${value},"inner":${acc}}`, JSON.stringify(inner)),
  );

describe('fuzz: session codec', () => {
  fuzzTest(here, 'any JSON-safe state round-trips through encodeState / decodeState (SR-40)', 1000, () =>
    fc.property(state, (s) => {
      const decoded = decodeState(encodeState(s), DEFAULT_JSON_LIMITS);
      assert.ok(decoded.ok);
      assert.deepEqual(normal(decoded.state), normal(s));
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'assertJsonSafe accepts every JSON value, which parseBoundedJson reads back; anything else is SessionDataError (SR-40)', 1000, () =>
    fc.property(fc.oneof(json, fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true })), (v) => {
      let safe = true;
      try {
        assertJsonSafe(v, 'v');
      } catch (error) {
        assert.ok(error instanceof SessionDataError, String(error));
        safe = false;
      }
      if (!safe) return;
      const back = parseBoundedJson(JSON.stringify(v));
      assert.ok(back.ok);
      assert.deepEqual(normal(back.value), normal(v));
    }),
  );

  fuzzTest(here, 'poison keys at any depth, escaped or not, parse as data and pollute nothing (SR-29, SR-40)', 1000, () =>
    fc.property(poisoned, (text) => {
      const parsed = parseBoundedJson(text);
      assert.ok(parsed.ok);
      const walk = (v: unknown): void => {
        if (typeof v !== 'object' || v === null) return;
        if (!Array.isArray(v)) assert.equal(Object.getPrototypeOf(v), null, 'objects holding a poison key live on a null prototype');
        for (const x of Object.values(v)) walk(x);
      };
      walk(parsed.value);
      assert.ok(Object.hasOwn(parsed.value as object, '__proto__') || Object.hasOwn(parsed.value as object, 'constructor') || Object.hasOwn(parsed.value as object, 'prototype'));
      assertPrototypeUntouched();
    }),
  );
});

/** The Cookie header that carries `payload` as if the manager had written it, or a store entry for it. */
async function present(mode: ModeName, payload: string, compress: boolean) {
  const events: InvalidCookieEvent[] = [];
  const { manager, store } = makeManager(mode, { onInvalidCookie: (e) => events.push(e), cookieMode: { maxChunks: 10 } });
  const name = manager.cookieName;
  if (store !== null) {
    const token = generateToken();
    await store.create(hashToken(token), { data: payload, expiresAt: T0 + 3_600_000, userId: null }, T0);
    return { manager, events, header: `${name}=${token}` };
  }
  const keys = createKeyring([{ id: 'k2', secret: SECRET }]);
  const wire = compress ? `~${deflateRawSync(payload).toString('base64url')}` : payload;
  const options = { purpose: name, expiresAt: T0 + 3_600_000 };
  const token = mode === 'signed' ? sign(keys, wire, options) : seal(keys, wire, options);
  const part = 4096 - name.length - 8;
  if (token.length + name.length <= 4096) return { manager, events, header: `${name}=${token}` };
  const parts = Array.from({ length: Math.ceil(token.length / part) }, (_, i) => token.slice(i * part, (i + 1) * part));
  return { manager, events, header: parts.map((p, i) => (i === 0 ? `${name}=~${parts.length}~${p}` : `${name}.${i}=${p}`)).join('; ') };
}

const wire = (d: string, f?: string) => `{"v":1,"c":${T0},"a":${T0}${f === undefined ? '' : `,"f":${f}`},"d":${d}}`;

/** Payloads over the default bounds (depth 32, 10,000 nodes, 1,000,000 characters), in a shape that deflates well. */
const hostile = fc.oneof(
  fc.tuple(fc.integer({ min: 33, max: 200_000 }), fc.constantFrom('[', '{"a":', '{"__proto__":')).map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `{"x":${open.repeat(depth)}1${close.repeat(depth)}}`;
  }),
  fc.tuple(fc.integer({ min: 10_001, max: 200_000 }), fc.boolean()).map(([n, array]) => `{"x":[${(array ? '0,' : '{"a":0,"b":[]},').repeat(n)}0]}`),
  fc.integer({ min: DEFAULT_JSON_LIMITS.maxLength, max: 3_000_000 }).map((n) => `{"x":"${'a'.repeat(n)}"}`),
);

describe('fuzz: session loads through a manager', () => {
  fuzzTest(here, 'any JSON value under any key, poison keys included, reads back after commit and reload; nothing is polluted (SR-29)', 100, () =>
    fc.asyncProperty(fc.constantFrom(...MODES), fc.dictionary(sessionKey, json, { minKeys: 1, maxKeys: 5 }), async (mode, entries) => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const first = manager.load(null);
      for (const [k, v] of Object.entries(entries)) first.set(k, v);
      client.receive(await manager.commit(first));
      const again = manager.load(client.header());
      for (const [k, v] of Object.entries(entries)) assert.deepEqual(normal(await again.get(k)), normal(v), k);
      assert.deepEqual((await again.keys()).sort(), Object.keys(entries).sort());
      for (const absent of ['toString', 'hasOwnProperty', 'polluted', ...POISON]) {
        if (!Object.hasOwn(entries, absent)) assert.equal(await again.get(absent), undefined, absent);
      }
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'a loaded payload with poison keys at any depth pollutes nothing; the session answers only its own keys (SR-29, SR-40)', 100, () =>
    fc.asyncProperty(fc.constantFrom(...MODES), poisoned, async (mode, data) => {
      const { manager, events, header } = await present(mode, wire(data, data), false);
      const session = manager.load(header);
      assert.deepEqual(new Set(await session.keys()), new Set(Object.keys(JSON.parse(data) as object)));
      assert.equal(await session.get('polluted'), undefined);
      assert.equal(await session.get('toString'), undefined);
      assert.deepEqual(events, []);
      const inner = await session.get('inner');
      assert.deepEqual(normal(inner), normal((JSON.parse(data) as { inner: unknown }).inner));
      session.set('more', { fine: true });
      await manager.commit(session);
      assertPrototypeUntouched();
    }),
  );

  fuzzTest(here, 'too deep, too many nodes, too long or a decompression bomb: a fresh session and reason "malformed", no exception, no stall (SR-31, SR-40)', 12, () =>
    fc.asyncProperty(fc.constantFrom(...MODES), hostile, fc.boolean(), async (mode, data, inFlash) => {
      const payload = inFlash ? wire('{}', data) : wire(data);
      const started = performance.now();
      const { manager, events, header } = await present(mode, payload, true);
      const session = manager.load(header);
      assert.equal(await session.get('x'), undefined);
      assert.equal(session.isNew, true);
      assert.deepEqual(events.map((e) => e.reason), ['malformed']);
      session.set('y', 1);
      assert.ok((await manager.commit(session)).some(([n]) => n === 'Set-Cookie'));
      assert.ok(performance.now() - started < 10_000, 'no stall');
      assertPrototypeUntouched();
    }),
  );
});
