/**
 * The formats on their own (no Python needed): the spec's worked examples byte for byte, the
 * value model and typed JSON, outcomes for bad input, option validation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, SessionDataError } from '../../src/errors.ts';
import {
  isPyTuple,
  markup,
  parseTypedJson,
  pyFloat,
  pyFloatRepr,
  pyJsonDumps,
  pyJsonLoads,
  pyTuple,
  pyUuid,
  stringifyTypedJson,
  type PyValue,
} from '../../src/interop/index.ts';
import { createSigner, createTimestampSigner, createURLSafeTimedSerializer } from '../../src/interop/itsdangerous/index.ts';
import { createFlaskSessionCodec, flaskTaggedJson } from '../../src/interop/flask/index.ts';
import {
  b62Decode,
  b62Encode,
  createDjangoSessionData,
  createDjangoSignedCookie,
  createDjangoSigner,
  createDjangoSigning,
  djangoLoginEntries,
  djangoSessionAuthHash,
  getDjangoAuthUser,
  verifyDjangoSessionAuth,
} from '../../src/interop/django/index.ts';

const MS = 1_600_000_000_000;

describe('worked examples of the spec, byte for byte', () => {
  test('Flask (§3.2)', () => {
    const codec = createFlaskSessionCodec({ secretKey: 'example-secret' });
    assert.equal(codec.encode({ hello: 'world' }, { now: MS }), 'eyJoZWxsbyI6IndvcmxkIn0.X14QAA.M2vU4CglWJxkNB_rx-dvModvHzQ');
    const back = codec.decode('eyJoZWxsbyI6IndvcmxkIn0.X14QAA.M2vU4CglWJxkNB_rx-dvModvHzQ', { now: MS + 1000 });
    assert.deepEqual(back, { ok: true, value: { hello: 'world' }, keyIndex: 0, stale: false, timestamp: 1_600_000_000 });
  });
  test('Django signing.dumps, session encode, signed_cookies, legacy (§4.3, §5.1, §5.2)', () => {
    const key = 'example-django-secret';
    assert.equal(createDjangoSigning({ key }).dumps({ hello: 'world' }, { now: MS }), 'eyJoZWxsbyI6IndvcmxkIn0:1kHR5c:w9_F9woiZssUrtR6LXM4XYK8BlXVJjy3odZhIUxpf-o');
    assert.equal(createDjangoSessionData({ secretKey: key, now: () => MS }).encode({ hello: 'world' }), 'eyJoZWxsbyI6IndvcmxkIn0:1kHR5c:gBnnSkpNwTUPrksXhsB-POyiiyb64bW06LP9lUQ69oM');
    assert.equal(
      createDjangoSigning({ key, salt: 'django.contrib.sessions.backends.signed_cookies', compress: true }).dumps({ hello: 'world' }, { now: MS }),
      'eyJoZWxsbyI6IndvcmxkIn0:1kHR5c:eiy7HsiWd2sAnCDS6rFYogUAJ8NpsRuBfzmCuFF5Sb4',
    );
    const legacy = 'NWViZTU5ZTI1NTNhODQ5MWUzZjI0NGJkN2YwNTVjZGIzNzFiOGVhZDp7ImhlbGxvIjoid29ybGQifQ==';
    assert.equal(createDjangoSessionData({ secretKey: key, algorithm: 'sha1' }).encode({ hello: 'world' }), legacy);
    const decoded = createDjangoSessionData({ secretKey: key }).decode(legacy);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, { hello: 'world' });
    assert.equal(createDjangoSessionData({ secretKey: key, acceptLegacy: false }).decode(legacy).ok, false);
  });
  test('base62 and itsdangerous timestamps (§2.2, §4.2)', () => {
    assert.equal(b62Encode(1_600_000_000), '1kHR5c');
    assert.equal(b62Encode(1_700_000_000), '1r31eq');
    assert.equal(b62Decode('-'), 0);
    assert.equal(b62Decode(''), null);
    const signer = createTimestampSigner({ secretKey: 'k' });
    assert.match(signer.sign('v', { now: 0 }), /^v\.\./);
    assert.match(signer.sign('v', { now: 1000 }), /^v\.AQ\./);
    assert.match(signer.sign('v', { now: 1_700_000_000_000 }), /^v\.ZVPxAA\./);
    assert.deepEqual(signer.unsign(signer.sign('v', { now: 0 }), { maxAgeSeconds: 10, now: 5000 }), { ok: true, value: 'v', keyIndex: 0, stale: false, timestamp: 0 });
  });
});

describe('outcomes for bad input never throw', () => {
  const values: unknown[] = [undefined, null, 42, {}, '', '.', '..', 'a.b.c', '\ud800.x', 'x'.repeat(5_000_000), 'abc', '::', 'a:b'];
  test('every decoder', () => {
    const decoders = [
      (v: unknown) => createSigner({ secretKey: 's' }).unsign(v as string),
      (v: unknown) => createTimestampSigner({ secretKey: 's' }).unsign(v as string, { maxAgeSeconds: 5 }),
      (v: unknown) => createURLSafeTimedSerializer({ secretKey: 's' }).loads(v as string),
      (v: unknown) => createFlaskSessionCodec({ secretKey: 's' }).decode(v as string),
      (v: unknown) => createDjangoSigner({ key: 's' }).unsign(v as string),
      (v: unknown) => createDjangoSigning({ key: 's' }).loads(v as string, { maxAgeSeconds: 1 }),
      (v: unknown) => createDjangoSessionData({ secretKey: 's' }).decode(v as string),
      (v: unknown) => createDjangoSignedCookie({ secretKey: 's', name: 'c' }).unsign(v as string),
    ];
    for (const decode of decoders) {
      for (const v of values) {
        const r = decode(v);
        assert.equal(r.ok, false);
        assert.ok(['malformed', 'bad-signature', 'expired', 'bad-payload'].includes((r as { reason: string }).reason));
      }
    }
  });
  test('itsdangerous: future timestamps expire, Django: they do not (§8.2)', () => {
    const its = createTimestampSigner({ secretKey: 's' });
    assert.deepEqual(its.unsign(its.sign('v', { now: MS }), { maxAgeSeconds: 100, now: MS - 2000 }), { ok: false, reason: 'expired' });
    const dj = createDjangoSigning({ key: 's' });
    assert.equal(dj.loads(dj.dumps('v', { now: MS }), { maxAgeSeconds: 100, now: MS - 2000 }).ok, true);
    assert.equal(dj.loads(dj.dumps('v', { now: MS }), { maxAgeSeconds: 100, now: MS + 100_500 }).ok, false);
  });
});

describe('value model and typed JSON (§10)', () => {
  test('round trip of every type, lossless', () => {
    const value: PyValue = {
      t: pyTuple(1, 'a', pyTuple()),
      b: new Uint8Array([0, 255, 1]),
      m: markup('<b>x</b>'),
      u: pyUuid('{12345678-1234-5678-1234-567812345678}'),
      d: new Date(Date.UTC(2024, 1, 29, 13, 37, 42, 123)),
      big: 2n ** 70n,
      f: pyFloat(1),
      z: pyFloat(-0),
      n: pyFloat(NaN),
      plain: 1.5,
      s: { $dollar: 1 },
      l: [null, true, 'x'],
    };
    const text = stringifyTypedJson(value);
    assert.equal(
      text,
      '{"t":{"$tuple":[1,"a",{"$tuple":[]}]},"b":{"$bytes":"AP8B"},"m":{"$markup":"<b>x</b>"},"u":{"$uuid":"12345678-1234-5678-1234-567812345678"},"d":{"$datetime":"2024-02-29T13:37:42.123000+00:00"},"big":{"$int":"1180591620717411303424"},"f":{"$float":"1.0"},"z":{"$float":"-0.0"},"n":{"$float":"NaN"},"plain":1.5,"s":{"$dict":{"$dollar":1}},"l":[null,true,"x"]}',
    );
    assert.equal(stringifyTypedJson(parseTypedJson(text)), text);
    assert.ok(isPyTuple((parseTypedJson(text) as Record<string, PyValue>).t));
  });
  test('float repr (§1.2)', () => {
    const cases: Array<[number, string]> = [[1, '1.0'], [-0, '-0.0'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [1e-7, '1e-07'], [0.0001, '0.0001'], [1.5e300, '1.5e+300'], [NaN, 'NaN'], [-Infinity, '-Infinity'], [0.1, '0.1'], [123.456, '123.456']];
    for (const [x, repr] of cases) assert.equal(pyFloatRepr(x), repr, String(x));
  });
  test('JSON dialect: big ints, int/float, NaN, duplicate keys, __proto__', () => {
    const v = pyJsonLoads('{"a":12345678901234567890,"b":1.0,"c":NaN,"a":2,"__proto__":{"x":1}}') as Record<string, PyValue>;
    assert.equal(v.a, 2);
    assert.deepEqual(Object.keys(v), ['a', 'b', 'c', '__proto__']);
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.equal(pyJsonDumps(pyJsonLoads('[12345678901234567890,1.0,NaN]')), '[12345678901234567890, 1.0, NaN]');
    assert.throws(() => pyJsonLoads('{"a":1,}'));
    assert.throws(() => pyJsonDumps(new Uint8Array(1)), SessionDataError);
  });
  test('Flask tagging: the " di" escape and refused values', () => {
    assert.equal(flaskTaggedJson.dumps({ ' t': pyTuple(1, 2) }), '{" di":{" t__":{" t":[1,2]}}}');
    assert.throws(() => flaskTaggedJson.dumps({ f: (() => 1) as unknown as PyValue }), SessionDataError);
    assert.throws(() => flaskTaggedJson.dumps({ d: new Date(NaN) }), SessionDataError);
    const cyclic: Record<string, PyValue> = {};
    cyclic.self = cyclic;
    assert.throws(() => flaskTaggedJson.dumps(cyclic), SessionDataError);
  });
});

describe('configuration is validated at construction', () => {
  test('separators, digests, derivations', () => {
    assert.throws(() => createSigner({ secretKey: 's', sep: 'a' }), ConfigError);
    assert.throws(() => createSigner({ secretKey: 's', sep: '' }), ConfigError);
    assert.doesNotThrow(() => createSigner({ secretKey: 's', sep: 'ba' })); // not a substring of the alphabet, as in Python
    assert.throws(() => createSigner({ secretKey: [] }), ConfigError);
    assert.throws(() => createSigner({ secretKey: 's', digest: 'md5' as never }), ConfigError);
    assert.throws(() => createSigner({ secretKey: 's', keyDerivation: 'pbkdf2' as never }), ConfigError);
    assert.throws(() => createDjangoSigner({ key: 's', sep: 'abc' }), ConfigError);
    assert.throws(() => createDjangoSigner({ key: 's', sep: '\n' }), ConfigError);
    assert.throws(() => createDjangoSignedCookie({ secretKey: 's', name: '' }), ConfigError);
  });
});

describe('Django auth keys (§5.5)', () => {
  test('login entries, the session hash, verification with fallbacks', () => {
    const password = 'pbkdf2_sha256$260000$salt$hash=';
    const entries = djangoLoginEntries({ userId: 7, passwordHash: password }, 'new-key');
    assert.deepEqual(getDjangoAuthUser(entries), { userId: '7', backend: 'django.contrib.auth.backends.ModelBackend', hash: djangoSessionAuthHash(password, 'new-key') });
    assert.equal(verifyDjangoSessionAuth(entries, { passwordHash: password, secretKey: 'new-key' }), true);
    assert.equal(verifyDjangoSessionAuth(entries, { passwordHash: password + 'x', secretKey: 'new-key' }), false);
    assert.equal(verifyDjangoSessionAuth(entries, { passwordHash: password, secretKey: 'newer', fallbackKeys: ['new-key'] }), true);
    assert.equal(getDjangoAuthUser({}), null);
  });
});
