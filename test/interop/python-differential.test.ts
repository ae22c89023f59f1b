/**
 * Differential tests against the real Python libraries (Flask 2.2, itsdangerous 2.1, Django 3.2):
 * for every format, values made by Python load in tessera and values made by tessera load in
 * Python, with the same result as Python's own round trip; uncompressed values are byte-identical;
 * tampered, wrong-key, expired and undecodable values are refused by both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FORMATS, type FormatSettings } from '../../cli/formats.ts';
import { stringifyTypedJson, type PyValue } from '../../src/interop/index.ts';
import { createSigner, createTimestampSigner } from '../../src/interop/itsdangerous/index.ts';
import { createDjangoTimestampSigner } from '../../src/interop/django/index.ts';
import { ANY_ONLY, FLASK_SESSIONS, JSONS, TEXTS } from './fixtures.ts';
import { pythonAvailable, startPythonHelper, type PythonHelper } from './python-helper.ts';

const T = 1_700_000_000;
const SECRET = 'python-side-secret-key';
const OLD = 'hex:00112233445566778899aabbccddeeff';
const OTHER = 'some-other-secret';

interface Case {
  format: string;
  options?: Record<string, string | boolean>;
  values: PyValue[];
  timing: 'itsdangerous' | 'django' | null;
  /** Default max age on decode (Flask, signed_cookies) or null. */
  maxAge: number | null;
}

const CASES: Case[] = [
  { format: 'flask', values: FLASK_SESSIONS, timing: 'itsdangerous', maxAge: 2_678_400 },
  { format: 'itsdangerous-signer', values: TEXTS, timing: null, maxAge: null },
  { format: 'itsdangerous-signer', options: { salt: 'custom', digest: 'sha256', 'key-derivation': 'hmac', sep: '|' }, values: TEXTS.slice(0, 3), timing: null, maxAge: null },
  { format: 'itsdangerous-timestamp-signer', values: TEXTS, timing: 'itsdangerous', maxAge: null },
  { format: 'itsdangerous-timestamp-signer', options: { digest: 'sha512', 'key-derivation': 'concat' }, values: TEXTS.slice(0, 3), timing: 'itsdangerous', maxAge: null },
  { format: 'itsdangerous-serializer', values: [...JSONS, ...ANY_ONLY], timing: null, maxAge: null },
  { format: 'itsdangerous-url-safe-serializer', values: [...JSONS, ...ANY_ONLY], timing: null, maxAge: null },
  { format: 'itsdangerous-url-safe-timed-serializer', values: [...JSONS, ...ANY_ONLY], timing: 'itsdangerous', maxAge: null },
  { format: 'itsdangerous-url-safe-timed-serializer', options: { 'key-derivation': 'none', digest: 'sha256', salt: 'email-confirm' }, values: JSONS.slice(0, 3), timing: 'itsdangerous', maxAge: null },
  { format: 'django-signing', values: [...JSONS, ...ANY_ONLY], timing: 'django', maxAge: null },
  { format: 'django-signing', options: { compress: true, salt: 'my.salt' }, values: JSONS, timing: 'django', maxAge: null },
  { format: 'django-signer', values: TEXTS, timing: null, maxAge: null },
  { format: 'django-signer', options: { sep: '/', digest: 'sha512', salt: 'x' }, values: TEXTS.slice(0, 3), timing: null, maxAge: null },
  { format: 'django-timestamp-signer', values: TEXTS, timing: 'django', maxAge: null },
  { format: 'django-signed-cookie', options: { name: 'theme', salt: 'prefs' }, values: TEXTS.slice(0, 4), timing: 'django', maxAge: null },
  { format: 'django-signed-cookies', values: JSONS.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v)), timing: 'django', maxAge: 1_209_600 },
  { format: 'django-db', values: JSONS.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v)), timing: null, maxAge: null },
  { format: 'django-db', options: { digest: 'sha1' }, values: JSONS.slice(0, 3), timing: null, maxAge: null },
];

const typed = (v: PyValue) => JSON.parse(stringifyTypedJson(v)) as unknown;
const settings = (secrets: string[], options: Case['options'] = {}): FormatSettings => ({
  secrets,
  salt: options.salt as string | undefined,
  digest: options.digest as FormatSettings['digest'],
  keyDerivation: options['key-derivation'] as FormatSettings['keyDerivation'],
  sep: options.sep as string | undefined,
  compress: options.compress === true,
  name: options.name as string | undefined,
});
const pyOptions = (o: Case['options'] = {}) => ({ ...o, key_derivation: o['key-derivation'] });
const label = (c: Case) => c.format + (c.options ? ` ${JSON.stringify(c.options)}` : '');

/** Flips one character of `text` at `index` to another character of the same alphabet. */
function flip(text: string, index: number): string {
  const i = index < 0 ? text.length + index : index;
  const c = text[i]!;
  const replacement = c === 'Q' ? 'w' : 'Q';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

const counts = new Map<string, { tsToPy: number; pyToTs: number; bytes: number; refusals: number }>();
const count = (c: Case) => {
  const key = c.format;
  if (!counts.has(key)) counts.set(key, { tsToPy: 0, pyToTs: 0, bytes: 0, refusals: 0 });
  return counts.get(key)!;
};

describe('differential: tessera against Flask 2.2 / itsdangerous 2.1 / Django 3.2', { skip: !pythonAvailable() && !process.env.CI }, () => {
  let py: PythonHelper;
  before(() => {
    py = startPythonHelper();
  });
  after(() => py.close());

  type Decoded = { ok: boolean; value?: unknown; reason?: string | undefined; error?: string | undefined };
  const pyEncode = async (c: Case, value: PyValue, now: number, secrets = [SECRET]) =>
    (await py.call<{ value: string }>({ op: 'encode', format: c.format, secrets, options: pyOptions(c.options), data: typed(value), now })).value;
  const pyDecode = async (c: Case, text: string, now: number, secrets = [SECRET], maxAge?: number): Promise<Decoded> => {
    const r = await py.call<Decoded & { id?: number }>({ op: 'decode', format: c.format, secrets, options: pyOptions(c.options), value: text, now, ...(maxAge === undefined ? {} : { max_age: maxAge }) });
    return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason, error: r.error };
  };
  const tsCodec = (c: Case, secrets = [SECRET]) => FORMATS[c.format]!.build(settings(secrets, c.options));
  const tsDecode = (c: Case, text: string, now: number, secrets = [SECRET], maxAge?: number) => tsCodec(c, secrets).decode(text, now * 1000, maxAge ?? c.maxAge ?? undefined);
  /** Python's BadSignature covers tessera's `malformed` too. */
  const same = (ts: string, python: string | undefined) => assert.equal(ts === 'malformed' ? 'bad-signature' : ts, python);

  for (const c of CASES) {
    test(`${label(c)}: both directions, ${c.values.length} payloads`, async () => {
      for (const value of c.values) {
        const tsOut = tsCodec(c).encode(value, T * 1000, undefined);
        const pyOut = await pyEncode(c, value, T);
        const pyOwn = await pyDecode(c, pyOut, T + 1);
        assert.equal(pyOwn.ok, true, `python reads its own ${JSON.stringify(typed(value)).slice(0, 80)}: ${pyOwn.error}`);
        // tessera → Python
        const pyReadsTs = await pyDecode(c, tsOut, T + 1);
        assert.deepEqual(pyReadsTs, pyOwn, `python reads tessera's value of ${JSON.stringify(typed(value)).slice(0, 80)}`);
        count(c).tsToPy++;
        // Python → tessera
        const tsReadsPy = tsDecode(c, pyOut, T + 1);
        assert.ok(tsReadsPy.ok, `tessera reads python's value: ${!tsReadsPy.ok && tsReadsPy.reason}`);
        assert.deepEqual(typed(tsReadsPy.value), pyOwn.value);
        count(c).pyToTs++;
        // Uncompressed values are byte for byte what Python writes (§1.1: compressed ones may differ).
        if (!tsOut.startsWith('.') && !pyOut.startsWith('.')) {
          assert.equal(tsOut, pyOut, 'byte-identical output');
          count(c).bytes++;
        }
      }
    });

    test(`${label(c)}: tampered, wrong-key and truncated values are refused by both; fallback keys accepted by both`, async () => {
      const value = c.values[0]!;
      const good = await pyEncode(c, value, T);
      const sigAt = good.lastIndexOf(c.options?.sep === undefined ? (c.format.startsWith('django') ? ':' : '.') : String(c.options.sep)) + 3;
      const variants = [flip(good, sigAt), flip(good, 0), good.slice(0, -5), 'no-separator-here', good + 'x'];
      for (const bad of variants) {
        const p = await pyDecode(c, bad, T + 1);
        const t = tsDecode(c, bad, T + 1);
        // Both refuse for the same reason, or (a leniency, e.g. text after base64 padding) both accept the same value.
        assert.equal(t.ok, p.ok, `${bad.slice(-30)}: python ${p.ok ? 'accepts' : p.reason}, tessera ${t.ok ? 'accepts' : t.reason}`);
        if (t.ok) assert.deepEqual(typed(t.value), p.value);
        else {
          same(t.reason, p.reason);
          count(c).refusals++;
        }
      }
      const wrong = tsDecode(c, good, T + 1, [OTHER]);
      const wrongPy = await pyDecode(c, good, T + 1, [OTHER]);
      assert.equal(wrong.ok, false);
      assert.equal(wrongPy.ok, false);
      same(wrong.ok ? 'ok' : wrong.reason, wrongPy.reason);
      count(c).refusals++;
      // Rotation: made with the old key, read with [current, old] by both.
      const oldValue = await pyEncode(c, value, T, [OLD]);
      const rotated = tsDecode(c, oldValue, T + 1, [SECRET, OLD]);
      assert.ok(rotated.ok, 'tessera accepts a fallback key');
      assert.equal(rotated.stale, true);
      assert.equal((await pyDecode(c, tsCodec(c, [OLD]).encode(value, T * 1000, undefined), T + 1, [SECRET, OLD])).ok, true, 'python accepts a fallback key');
    });

    if (c.timing !== null) {
      test(`${label(c)}: expiry and future timestamps decided alike`, async () => {
        const value = c.values[0]!;
        const made = tsCodec(c).encode(value, T * 1000, undefined);
        const maxAge = c.maxAge ?? 600;
        for (const [at, label] of [
          [T + maxAge, 'age == max age'],
          [T + maxAge + 1, 'age == max age + 1'],
          [T - 30, '30 s in the future'],
          [T + maxAge + 0.5, 'half a second over'],
        ] as const) {
          const p = await pyDecode(c, made, at, [SECRET], maxAge);
          const t = tsDecode(c, made, at, [SECRET], maxAge);
          assert.equal(t.ok, p.ok, `${label}: python ${p.ok ? 'accepts' : p.reason}, tessera ${t.ok ? 'accepts' : t.reason}`);
          if (!t.ok) same(t.reason, p.reason);
        }
      });
    }
  }

  test('bad payloads under a good signature: bad-payload on both sides', async () => {
    const flaskSigner = createTimestampSigner({ secretKey: SECRET, salt: 'cookie-session', keyDerivation: 'hmac' });
    const urlSafe = createSigner({ secretKey: SECRET, salt: 'itsdangerous' });
    const django = createDjangoTimestampSigner({ key: SECRET, salt: 'django.core.signing' });
    const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
    const cases: Array<[Case, string]> = [
      [CASES[0]!, flaskSigner.sign(b64('{"a":'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64('[1,2]'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64(Buffer.from([0xff, 0xfe])), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign('.' + b64('not zlib'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64('{"x":{" u":"nope"}}'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64('{"x":{" b":"abc"}}'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64('{"x":{" di":"s"}}'), { now: T * 1000 })],
      [CASES[0]!, flaskSigner.sign(b64('{"x":{" t":5}}'), { now: T * 1000 })],
      [CASES[6]!, urlSafe.sign(b64('{NaN}'))],
      [CASES[6]!, urlSafe.sign('@@@')],
      [CASES[9]!, django.sign(b64('{"a"'), { now: T * 1000 })],
      [CASES[9]!, django.sign('.' + b64('zz'), { now: T * 1000 })],
    ];
    for (const [c, text] of cases) {
      const p = await pyDecode(c, text, T + 1);
      const t = tsDecode(c, text, T + 1);
      assert.equal(p.ok, false, `python refuses ${text}`);
      assert.deepEqual(t.ok ? 'ok' : t.reason, p.reason, `${c.format} ${text}`);
      count(c).refusals++;
    }
  });

  test('Flask tag quirks read alike (unparsable date, string tuple, Markup of a number, di stripping)', async () => {
    const signer = createTimestampSigner({ secretKey: SECRET, salt: 'cookie-session', keyDerivation: 'hmac' });
    const payloads = [
      '{"d":{" d":"not a date"}}',
      '{"d":{" d":"Sun, 06 Nov 94 08:49:37 +0130"}}',
      '{"d":{" d":"6 Nov 1994 08:49 EST"}}',
      '{"t":{" t":"abc😀"}}',
      '{"t":{" t":{"k1":1,"2":2}}}',
      '{"m":{" m":5},"n":{" m":null},"l":{" m":[1,"a",{" t":[1]}]}}',
      '{"x":{" di":{"xy":1}}}',
      '{"b":{" b":"aGk*=="}}',
      '{"u":{" u":"{urn:uuid:12345678-1234-5678-1234-567812345678}"}}',
      '{"k":1,"k":2}',
    ];
    for (const json of payloads) {
      const value = signer.sign(Buffer.from(json).toString('base64url'), { now: T * 1000 });
      const p = await pyDecode(CASES[0]!, value, T + 1);
      const t = tsDecode(CASES[0]!, value, T + 1);
      assert.equal(t.ok, p.ok, `${json}: python ${p.ok ? 'ok' : p.reason}`);
      // A zone other than GMT keeps its offset in Python; tessera keeps the instant (documented).
      const instants = (v: unknown) => JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' && /^\d{4}-\d\d-\d\dT/.test(x) ? new Date(x).toISOString() : x)) as unknown;
      if (t.ok) assert.deepEqual(instants(typed(t.value)), instants(p.value), json);
      else same(t.reason, p.reason);
    }
  });

  test('itsdangerous accepts non-canonical signatures and so does tessera; Django refuses them on both sides (§2.6, §8.1)', async () => {
    const its = CASES.find((c) => c.format === 'itsdangerous-signer')!;
    const dj = CASES.find((c) => c.format === 'django-signer')!;
    const signed = await pyEncode(its, 'hello', T);
    // SHA-1: 27 characters, the last carries 2 unused bits; a trailing '=' is tolerated too.
    const last = signed.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    for (const variant of [signed.slice(0, -1) + sibling, signed + '=', signed + '==']) {
      assert.equal((await pyDecode(its, variant, T)).ok, true);
      assert.equal(tsDecode(its, variant, T).ok, true);
    }
    const djSigned = await pyEncode(dj, 'hello', T);
    const djVariant = djSigned + '=';
    assert.equal((await pyDecode(dj, djVariant, T)).ok, false);
    assert.equal(tsDecode(dj, djVariant, T).ok, false);
  });

  test('Django reads raw UTF-8 as Latin-1 mojibake, and tessera reads it the same way (§8.5)', async () => {
    const c = CASES.find((x) => x.format === 'django-signing' && !x.options)!;
    const signer = createDjangoTimestampSigner({ key: SECRET, salt: 'django.core.signing' });
    const text = signer.sign(Buffer.from('{"name":"Zoë"}').toString('base64url'), { now: T * 1000 });
    const p = await pyDecode(c, text, T);
    const t = tsDecode(c, text, T);
    assert.deepEqual(p.value, { name: 'ZoÃ«' });
    assert.ok(t.ok);
    assert.deepEqual(typed(t.value), p.value);
  });

  test('Django decodes its own stored data to {} when corrupted; tessera reports why', async () => {
    const c = CASES.find((x) => x.format === 'django-db' && !x.options)!;
    const good = await pyEncode(c, { a: 1 }, T);
    const r = await py.call<{ value: unknown }>({ op: 'django_session_decode', secrets: [SECRET], value: flip(good, -3) });
    assert.deepEqual(r.value, {});
    const t = tsDecode(c, flip(good, -3), T);
    assert.equal(t.ok ? 'ok' : t.reason, 'bad-signature');
  });

  test('summary', (t) => {
    let total = 0;
    for (const [format, n] of counts) {
      t.diagnostic(`${format}: tessera→python ${n.tsToPy}, python→tessera ${n.pyToTs}, byte-identical ${n.bytes}, refused by both ${n.refusals}`);
      total += n.tsToPy + n.pyToTs + n.refusals;
    }
    t.diagnostic(`total checks ${total}`);
    assert.ok(total > 0);
  });
});

