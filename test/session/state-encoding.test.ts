/**
 * encodeState writes its JSON field by field: the text must be exactly what JSON.stringify gives
 * for the wire object (the format of cookies and store entries already issued), for any state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_JSON_LIMITS } from '../../src/session/json-safety.ts';
import { decodeState, encodeState, type SessionState } from '../../src/session/state.ts';

/** The wire object as the format defines it, stringified by JSON.stringify. */
function reference(state: SessionState): string {
  const wire: Record<string, unknown> = { v: 1, c: state.createdAt, a: state.lastSeenAt, d: state.data };
  if (Object.keys(state.flash).length > 0) wire.f = state.flash;
  if (state.userId !== null) wire.u = state.userId;
  if (state.meta !== null) wire.m = state.meta;
  if (state.persistUntil !== null) wire.p = state.persistUntil;
  if (state.csrfSecret !== null) wire.k = state.csrfSecret;
  if (state.sessionId !== undefined) wire.s = state.sessionId;
  if (state.generation !== undefined) wire.g = state.generation;
  if (state.issuedAt !== undefined) wire.i = state.issuedAt;
  return JSON.stringify(wire);
}

const time = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const record = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })).map((r) => Object.assign(Object.create(null) as Record<string, unknown>, r));
const state: fc.Arbitrary<SessionState> = fc
  .record({
    data: record,
    flash: record,
    createdAt: time,
    lastSeenAt: time,
    userId: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
    meta: fc.option(fc.record({ userAgent: fc.string({ maxLength: 20 }), ip: fc.string({ maxLength: 15 }) }, { requiredKeys: [] }), { nil: null }),
    persistUntil: fc.option(time, { nil: null }),
    csrfSecret: fc.option(fc.string({ minLength: 43, maxLength: 43 }), { nil: null }),
    sessionId: fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url')), { nil: undefined }),
    generation: fc.option(fc.nat(), { nil: undefined }),
    issuedAt: fc.option(time, { nil: undefined }),
  })
  .map((s) => {
    const out = { ...s } as SessionState & Record<string, unknown>;
    for (const k of ['sessionId', 'generation', 'issuedAt'] as const) if (out[k] === undefined) delete out[k];
    return out;
  });

test('encodeState gives exactly the wire object\'s JSON.stringify text, for any state', () => {
  fc.assert(
    fc.property(state, (s) => {
      assert.equal(encodeState(s), reference(s));
    }),
    { numRuns: 3000 },
  );
});

test('an encoded state decodes back to the same fields', () => {
  fc.assert(
    fc.property(state, (s) => {
      const decoded = decodeState(encodeState(s), { ...DEFAULT_JSON_LIMITS, maxDepth: 64 });
      assert.ok(decoded.ok);
      assert.deepEqual(JSON.parse(JSON.stringify(decoded.state.data)), JSON.parse(JSON.stringify(s.data)));
      assert.equal(decoded.state.createdAt, s.createdAt);
      assert.equal(decoded.state.userId, s.userId);
      assert.equal(decoded.state.persistUntil, s.persistUntil);
    }),
    { numRuns: 500 },
  );
});
