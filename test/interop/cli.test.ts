/**
 * The `tessera decode` / `tessera encode` command line: every format through the argument
 * parser, exit statuses, the one-word refusals, argument errors. Most cases run `main()` in
 * process; a few run the real executable.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { main } from '../../cli/main.ts';
import { FORMATS } from '../../cli/formats.ts';

function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(argv, (l) => (stdout += l + '\n'), (l) => (stderr += l + '\n'));
  return { status, stdout: stdout.trimEnd(), stderr: stderr.trimEnd() };
}

// Random, so tessera's own formats (which vet secrets) accept them too. Passed as `--secret=...`:
// a base64url secret starts with '-' one time in 64, and `--secret -x...` is then refused as ambiguous.
const KEY = randomBytes(32).toString('base64url');
const OLD = 'hex:' + randomBytes(32).toString('hex');
const extra = (format: string): string[] => (format === 'django-signed-cookie' ? ['--name', 'prefs'] : []);
const dataFor = (format: string) =>
  FORMATS[format]!.payload === 'text'
    ? '"héllo 😀"'
    : format === 'flask'
      ? '{"user":{"$int":"123456789012345678901"},"t":{"$tuple":[1,{"$float":"2.0"}]},"when":{"$datetime":"2024-02-29T13:37:42+00:00"},"b":{"$bytes":"AAE="}}'
      : '{"user":{"$int":"123456789012345678901"},"list":[1,{"$float":"2.0"},"Zoë"]}';

describe('tessera encode | decode', () => {
  for (const format of Object.keys(FORMATS)) {
    test(`${format}: round trip with --typed, fallback key, tamper, expiry`, () => {
      const enc = run('encode', '--format', format, `--secret=${OLD}`, '--data', dataFor(format), '--typed', '--now', '1700000000', ...extra(format));
      assert.equal(enc.status, 0, enc.stderr);
      assert.equal(enc.stderr, '');
      const dec = run('decode', enc.stdout, '--format', format, `--secret=${KEY}`, `--secret=${OLD}`, '--typed', '--now', '1700000001', ...extra(format));
      assert.equal(dec.status, 0, dec.stderr);
      const expected = JSON.parse(dataFor(format)) as unknown;
      const got = JSON.parse(dec.stdout) as Record<string, unknown>;
      assert.deepEqual(got, expected);
      const tampered = enc.stdout.slice(0, -4) + (enc.stdout.slice(-4, -3) === 'A' ? 'B' : 'A') + enc.stdout.slice(-3);
      const bad = run('decode', tampered, '--format', format, `--secret=${KEY}`, `--secret=${OLD}`, '--now', '1700000001', ...extra(format));
      assert.equal(bad.status, 1);
      assert.ok(['bad-signature', 'malformed', 'bad-payload'].includes(bad.stderr), bad.stderr);
      assert.equal(bad.stdout, '');
      const wrongKey = run('decode', enc.stdout, '--format', format, `--secret=${KEY}`, '--now', '1700000001', ...extra(format));
      assert.equal(wrongKey.status, 1);
      if (FORMATS[format]!.maxAge !== 'none') {
        const expired = run('decode', enc.stdout, '--format', format, `--secret=${OLD}`, '--max-age', '60', '--now', '1700000061', ...extra(format));
        assert.deepEqual([expired.status, expired.stderr], [1, 'expired']);
      }
    });
  }

  test('datetimes need Flask: Django formats refuse them with exit 2', () => {
    const r = run('encode', '--format', 'django-signing', `--secret=${KEY}`, '--typed', '--data', '{"d":{"$datetime":"2024-01-01T00:00:00+00:00"}}');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not JSON serializable/);
  });

  test('plain output (no --typed) is readable JSON', () => {
    const enc = run('encode', '--format', 'flask', `--secret=${KEY}`, '--typed', '--data', '{"t":{"$tuple":[1,2]},"b":{"$bytes":"aGk="},"f":{"$float":"1.0"},"n":{"$float":"NaN"},"big":{"$int":"12345678901234567890"}}');
    const dec = run('decode', enc.stdout, '--format', 'flask', `--secret=${KEY}`);
    assert.equal(dec.stdout, '{"b":"aGk=","big":12345678901234567890,"f":1.0,"n":null,"t":[1,2]}');
  });

  test('tessera formats: --max-age on encode is the expiry, --salt the purpose', () => {
    for (const format of ['tessera-signed', 'tessera-sealed']) {
      const enc = run('encode', '--format', format, `--secret=${KEY}`, '--salt', 'sid', '--data', '{"a":"x"}', '--max-age', '60', '--now', '1700000000', '--compress');
      assert.equal(enc.status, 0, enc.stderr);
      assert.equal(run('decode', enc.stdout, '--format', format, `--secret=${KEY}`, '--salt', 'sid', '--now', '1700000030').stdout, '{"a":"x"}');
      assert.equal(run('decode', enc.stdout, '--format', format, `--secret=${KEY}`, '--salt', 'sid', '--now', '1700000060').stderr, 'expired');
      assert.equal(run('decode', enc.stdout, '--format', format, `--secret=${KEY}`, '--salt', 'other', '--now', '1700000030').stderr, 'bad-signature');
    }
  });

  test('argument errors: one line, exit 2, no stack', () => {
    const cases: Array<[string[], RegExp]> = [
      [['decode', 'x', `--secret=${KEY}`], /--format is required/],
      [['decode', 'x', '--format', 'nope', `--secret=${KEY}`], /unknown --format "nope"/],
      [['decode', 'x', '--format', 'flask'], /--secret is required/],
      [['decode', '--format', 'flask', `--secret=${KEY}`], /exactly one VALUE/],
      [['decode', 'x', '--format', 'flask', `--secret=${KEY}`, '--digest', 'md5'], /--digest must be one of/],
      [['decode', 'x', '--format', 'django-signer', `--secret=${KEY}`, '--key-derivation', 'hmac'], /--key-derivation does not apply/],
      [['decode', 'x', '--format', 'itsdangerous-signer', `--secret=${KEY}`, '--max-age', '5'], /--max-age does not apply/],
      [['decode', 'x', '--format', 'flask', `--secret=${KEY}`, '--max-age=-1'], /non-negative number/],
      [['decode', 'x', '--format', 'flask', `--secret=${KEY}`, '--bogus'], /Unknown option '--bogus'/],
      [['decode', 'x', '--format', 'django-signed-cookie', `--secret=${KEY}`], /needs --name/],
      [['decode', 'x', '--format', 'flask', '--secret', 'hex:abc'], /even number of hex digits/],
      [['decode', 'x', '--format', 'flask', `--secret=${KEY}`, '--sep', 'a'], /sep: must be a string that is not part of the base64url alphabet/],
      [['decode', 'x', '--format', 'tessera-signed', '--secret', 'short'], /keys\[0\]\.secret/],
      [['encode', '--format', 'flask', `--secret=${KEY}`], /--data JSON is required/],
      [['encode', '--format', 'flask', `--secret=${KEY}`, '--data', '{bad'], /--data is not valid JSON/],
      [['encode', '--format', 'flask', `--secret=${KEY}`, '--data', '[1]'], /give --data a JSON object/],
      [['encode', '--format', 'django-signer', `--secret=${KEY}`, '--data', '{}'], /give --data a JSON string/],
      [['encode', '--format', 'itsdangerous-signer', `--secret=${KEY}`, '--data', '"x"', '--compress'], /--compress does not apply/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [argv, message] of cases) {
      const r = run(...argv);
      assert.equal(r.status, 2, argv.join(' '));
      assert.match(r.stderr, message, argv.join(' '));
      assert.equal(r.stderr.split('\n').length, 1, `one line: ${r.stderr}`);
    }
    assert.equal(run('decode', '--help').status, 0);
  });

  test('the executable: exit statuses and streams', () => {
    const exe = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/tessera.ts', ...args], { encoding: 'utf8' });
    const ok = exe('decode', 'eyJoZWxsbyI6IndvcmxkIn0.X14QAA.M2vU4CglWJxkNB_rx-dvModvHzQ', '--format', 'flask', '--secret', 'example-secret', '--now', '1600000001');
    assert.deepEqual([ok.status, ok.stdout, ok.stderr], [0, '{"hello":"world"}\n', '']);
    const bad = exe('decode', 'eyJoZWxsbyI6IndvcmxkIn0.X14QAA.M2vU4CglWJxkNB_rx-dvModvHzQ', '--format', 'flask', '--secret', 'example-secret', '--now', '1700000001');
    assert.deepEqual([bad.status, bad.stdout, bad.stderr], [1, '', 'expired\n']);
    const usage = exe('encode', '--format', 'flask', '--secret', 'x', '--data', '[]', '--debug');
    assert.equal(usage.status, 2);
    assert.doesNotMatch(usage.stderr, /\n\s+at /);
  });
});
