/**
 * The building blocks against CPython itself: json.dumps (floats, escapes, sorting), json.loads
 * (leniencies and strictnesses), base64 decoding leniency, werkzeug's parse_date, Flask's
 * tagged JSON writer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { itsdangerousB64Decode, pyB64DecodeText } from '../../src/interop/python/base64.ts';
import { formatHttpDate, parseHttpDate } from '../../src/interop/python/http-date.ts';
import { flaskTaggedJson } from '../../src/interop/flask/index.ts';
import { parseTypedJson, pyFloat, pyJsonDumps, pyJsonLoads, stringifyTypedJson, type PyValue } from '../../src/interop/index.ts';
import { FLASK_SESSIONS, JSONS } from './fixtures.ts';
import { pythonAvailable, startPythonHelper, type PythonHelper } from './python-helper.ts';

const typed = (v: PyValue) => JSON.parse(stringifyTypedJson(v)) as unknown;
const fromTyped = (v: unknown) => parseTypedJson(JSON.stringify(v));

/** Deterministic doubles across every magnitude, plus the edge cases of repr. */
function floats(): number[] {
  const out = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-4, 1.5e-4, 9.999e-5, 1e-5, 1e15, 1e16, 9999999999999998, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 123456789.123, 1e21, 1e22, -1.5, 0.5, 100.25];
  let seed = 12345;
  for (let i = 0; i < 300; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const mantissa = seed / 0x7fffffff;
    out.push(mantissa * 10 ** ((seed % 60) - 30) * (seed % 3 === 0 ? -1 : 1));
  }
  return out;
}

describe('Python dialect against CPython', { skip: !pythonAvailable() && !process.env.CI }, () => {
  let py: PythonHelper;
  before(() => {
    py = startPythonHelper();
  });
  after(() => py.close());

  test('json.dumps: floats are Python repr, across magnitudes', async () => {
    const values = floats();
    const { text } = await py.call<{ text: string }>({ op: 'json_dumps', data: values.map((x) => (Number.isInteger(x) ? { $float: String(x) } : x)) });
    assert.equal(pyJsonDumps(values.map((x) => (Number.isInteger(x) ? pyFloat(x) : x))), text);
  });

  test('json.dumps: every option combination on tricky values', async () => {
    const samples: PyValue[] = [...JSONS.map(fromTyped), { '\uff5e': 1, '😀': 2, '\ud800': 3, a: [1, { z: 1, y: 2 }] }, 'lone \udc00 surrogate', '\u007f\u0080\u2028\u2029\ufeff'];
    for (const value of samples) {
      for (const kwargs of [{}, { sort_keys: true }, { separators: [',', ':'] }, { ensure_ascii: false, separators: [',', ':'] }, { sort_keys: true, separators: [',', ':'] }]) {
        const k = kwargs as { sort_keys?: boolean; ensure_ascii?: boolean; separators?: [string, string] };
        const ensureAscii = k.ensure_ascii ?? true;
                const { text } = await py.call<{ text: string }>({ op: 'json_dumps', data: typed(value), kwargs });
        let ours: string;
        try {
          ours = pyJsonDumps(value, { sortKeys: k.sort_keys ?? false, ensureAscii, ...(k.separators ? { separators: k.separators } : {}) });
        } catch {
          continue; // lone surrogates without ensure_ascii: Python writes them, but no UTF-8 encoder will
        }
        assert.equal(ours, text, JSON.stringify(kwargs));
      }
    }
  });

  test('json.loads: leniencies and strictnesses match', async () => {
    const texts = [
      'NaN', '[Infinity,-Infinity,NaN]', '{"a":1,"a":2}', '"\\ud83d\\ude00 \\ud800 \\udc00x"', '12345678901234567890123', '-0', '-0.0', '1.0', '1e5', '1E+2', '0.5e-3',
      ' \t\n{"k" : [ 1 , 2 ] }\r\n', '"\\u00e9\\/"', '[1,]', '{"a":1,}', '01', '1.', '.5', '+1', '"raw\tcontrol"', '"\\x41"', "'single'", 'nan', 'true false', '', '\ufeff{}', '[1e400]', '"\\uZZZZ"',
      '1'.repeat(4300), '1'.repeat(4301), '{"__proto__":{"x":1}}', '[' .repeat(200) + ']'.repeat(200),
    ];
    for (const text of texts) {
      const p = await py.call<{ ok: boolean; value?: unknown }>({ op: 'json_loads', text });
      let ours: { ok: boolean; value?: unknown };
      try {
        ours = { ok: true, value: typed(pyJsonLoads(text)) };
      } catch {
        ours = { ok: false };
      }
      assert.equal(ours.ok, p.ok, `${text.slice(0, 40)}: python ${p.ok}`);
      if (p.ok) assert.deepEqual(ours.value, p.value, text.slice(0, 40));
    }
  });

  test('base64: itsdangerous and b64decode leniency match', async () => {
    const texts = ['aGk', 'aGk=', 'aGk==', 'aGk===', 'aGl', 'a', 'ab', 'abc', 'abcd', 'ab=cd', 'a=bcd', 'ab==cd', 'a-_b', 'a+/b', 'aé😀bc', 'ab\ncd', '', '====', 'ab=', 'abc=x', 'YQ', 'YR', 'YQ==YQ=='];
    for (const text of texts) {
      for (const kind of ['itsdangerous', 'std'] as const) {
        const p = await py.call<{ ok: boolean; bytes?: string }>({ op: 'b64decode', kind, text });
        const ours = kind === 'itsdangerous' ? itsdangerousB64Decode(text) : pyB64DecodeText(text);
        assert.equal(ours !== null, p.ok, `${kind} ${JSON.stringify(text)}`);
        if (ours !== null) assert.equal(Buffer.from(ours).toString('base64'), p.bytes, `${kind} ${JSON.stringify(text)}`);
      }
    }
  });

  test("werkzeug's parse_date: the same instant or the same None", async () => {
    const texts = [
      'Thu, 29 Feb 2024 13:37:42 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', '6 Nov 1994 08:49 EST', '06 Nov 1994 08:49:37 +0130',
      '06 Nov 1994 08:49:37 -0000', '06 Nov 1994 08:49:37', 'Nov 06 1994 08:49:37 PDT', '31 Feb 2024 00:00:00 GMT', '06 Nov 1994 25:00:00 GMT', 'garbage', '', '  ', '1 Jan 70 00:00:00 GMT',
      '1 Jan 69 00:00:00 GMT', '1 Jan 68 00:00:00 GMT', 'Mon, 01 Jan 0001 00:00:00 GMT', '01 Jan 9999 23:59:59 GMT', '06 Nov 1994 08.49.37 GMT', 'Sun,06 Nov 1994 08:49:37 GMT', '06 november 1994 08:49:37 UT',
    ];
    for (const text of texts) {
      const p = await py.call<{ value: number | null }>({ op: 'parse_date', text });
      const ours = parseHttpDate(text);
      assert.equal(ours === null ? null : ours.getTime() / 1000, p.value, JSON.stringify(text));
    }
    for (const ts of [0, 1_700_000_000, -14_182_940, 253_402_300_799, -62_135_596_800]) {
      const p = await py.call<{ text: string }>({ op: 'http_date_of', ts });
      assert.equal(formatHttpDate(new Date(ts * 1000)), p.text);
    }
  });

  test("Flask's tagged JSON: tessera writes Flask's bytes, and reads what Flask reads", async () => {
    for (const session of FLASK_SESSIONS) {
      const { text } = await py.call<{ text: string }>({ op: 'flask_dumps', data: session });
      const value = fromTyped(session);
      assert.equal(flaskTaggedJson.dumps(value), text);
      const back = await py.call<{ ok: boolean; value: unknown }>({ op: 'flask_loads', text });
      assert.deepEqual(typed(flaskTaggedJson.loads(text)), back.value);
    }
  });
});
