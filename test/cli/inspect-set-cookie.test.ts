/**
 * `tessera inspect-set-cookie`: every bad case gets its warning, saying what a browser does
 * and citing the RFC 6265bis section; a good line gets none (exit 0); `--json` for scripts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOneLineError, lines, mapLimit, tessera } from './support.ts';

interface Finding {
  severity: 'error' | 'warning' | 'note';
  code: string;
  message: string;
  browser: string;
  section: string;
}
interface Report {
  accepted: boolean;
  expiresAt: number | null;
  attributes: Array<{ name: string; value: string; status: string }>;
  findings: Finding[];
}

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const GOOD = '__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600';

/** [line, extra args, the finding expected: severity, code, what the browser does, section]. */
const CASES: Array<[string, string[], Finding['severity'], string, RegExp, RegExp]> = [
  ['sid=1; SameSite=None', [], 'error', 'samesite-none-insecure', /ignore the whole cookie/, /RFC 6265bis §5\.7 step 19/],
  ['__Secure-id=1; Path=/', [], 'error', 'prefix-rules', /ignore the whole cookie/, /§4\.1\.3\.1, §5\.7 step 20/],
  ['__Host-id=1; Secure; Path=/app', [], 'error', 'prefix-rules', /ignore the whole cookie/, /§4\.1\.3\.2, §5\.7 step 21/],
  ['__Host-id=1; Secure; Path=/; Domain=example.com', [], 'error', 'prefix-rules', /ignore the whole cookie/, /§5\.7 step 21/],
  ['__Http-id=1; Secure', [], 'error', 'prefix-rules', /ignore the whole cookie/, /layered-cookies/],
  ['__Host-Http-id=1; Secure; HttpOnly', [], 'error', 'prefix-rules', /ignore the whole cookie/, /§4\.1\.3\.2/],
  ['__HOST-id=1; Secure; Path=/', [], 'note', 'prefix-case', /case-insensitively/, /§5\.4/],
  ['sid=1; Secure; Max-Age=50000000', [], 'warning', 'max-age-capped', /cap the lifetime at 400 days/, /§5\.5, §5\.6\.2/],
  ['sid=1; Secure; Expires=Wed, 01 Jan 2031 00:00:00 GMT', [], 'warning', 'expires-capped', /cap it at 400 days/, /§5\.5, §5\.6\.1/],
  [`sid=${'x'.repeat(4094)}`, [], 'error', 'name-value-too-long', /ignore the whole line/, /§5\.6 step 5/],
  [`sid=1; Secure; Path=/${'p'.repeat(1100)}`, [], 'warning', 'attribute-too-long', /ignore the attribute, so the cookie gets the default path/, /§5\.6/],
  ['sid=1; Partitioned; SameSite=None', [], 'error', 'partitioned-insecure', /ignore the whole cookie/, /partitioned-cookies/],
  ['sid=1; Secure; Domain=co.uk', [], 'error', 'domain-public-suffix', /ignore the whole cookie/, /§5\.7 step 9/],
  ['sid=1; Secure; Domain=github.io', ['--url', 'https://github.io/'], 'warning', 'domain-public-suffix', /becomes host-only/, /§5\.7 step 9/],
  ['sid=1; Secure; Domain=other.example', ['--url', 'https://app.example.com/'], 'error', 'domain-mismatch', /ignore the whole cookie/, /§5\.7 step 10/],
  ['sid=1; Secure', ['--url', 'http://app.example.com/'], 'error', 'secure-from-insecure-origin', /ignore the whole cookie/, /§5\.7 step 13/],
  ['sid=1; Secure; Expires=Someday 99', [], 'warning', 'invalid-expires', /ignore this Expires/, /§5\.6\.1, §5\.1\.1/],
  ['sid=1; Secure; Max-Age=1h', [], 'warning', 'invalid-max-age', /ignore this Max-Age/, /§5\.6\.2/],
  ['sid=1; Secure; Path=/a; Path=/b', [], 'warning', 'duplicate-attribute', /last valid one wins: Path=\/b/, /§5\.6, §4\.1\.1/],
  ['sid=1; Secure=false', [], 'warning', 'flag-with-value', /Secure=false still sets it/, /§5\.6\.5/],
  ['sid=1; Secure; SameSite=Loose', [], 'warning', 'invalid-samesite', /"Default" enforcement/, /§5\.6\.7/],
  ['sid=1\u0007; Secure', [], 'error', 'control-character', /ignore the whole line/, /§5\.6 step 1/],
];

describe('tessera inspect-set-cookie', () => {
  test('warns on each bad case, with what the browser does and the RFC section', async () => {
    const results = await mapLimit(CASES, 4, ([line, extra]) => tessera(['inspect-set-cookie', line, '--now', String(NOW), '--json', ...extra]));
    results.forEach((r, i) => {
      const [line, , severity, code, browser, section] = CASES[i]!;
      const label = `${code}: ${line.slice(0, 60)}`;
      assert.equal(r.stderr, '', label);
      const report = JSON.parse(r.stdout) as Report;
      const found = report.findings.find((f) => f.code === code);
      assert.ok(found !== undefined, `${label}: ${JSON.stringify(report.findings.map((f) => f.code))}`);
      assert.equal(found.severity, severity, label);
      assert.match(found.browser, browser, label);
      assert.match(found.section, section, label);
      assert.equal(r.status, report.findings.some((f) => f.severity !== 'note') ? 1 : 0, label);
      if (severity === 'error') assert.equal(report.accepted, false, label);
    });
  });

  test('a good line: each attribute explained, no warnings, exit 0; the table is aligned', async () => {
    const [human, json] = await Promise.all([
      tessera(['inspect-set-cookie', `Set-Cookie: ${GOOD}`, '--now', String(NOW)]),
      tessera(['inspect-set-cookie', GOOD, '--now', String(NOW), '--json']),
    ]);
    assert.equal(human.status, 0, human.stdout + human.stderr);
    const out = lines(human.stdout);
    assert.equal(out[0], `Set-Cookie: ${GOOD}`);
    assert.match(human.stdout, /^verdict +stored until 2026-01-01 01:00:00Z \(in 1h\)$/m);
    const header = out.find((l) => l.startsWith('attribute'))!;
    assert.match(header, /^attribute +status +meaning +see$/);
    for (const attribute of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=3600']) {
      const row = out.find((l) => l.startsWith(attribute + ' '));
      assert.ok(row !== undefined, attribute);
      assert.equal(row.indexOf('used'), header.indexOf('status'), `${attribute}: status column aligned`);
    }
    assert.match(human.stdout, /^no warnings$/m);
    assert.doesNotMatch(human.stdout, /\x1b\[/);
    const report = JSON.parse(json.stdout) as Report;
    assert.equal(report.accepted, true);
    assert.equal(report.expiresAt, (NOW + 3600) * 1000);
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'note'), []);
    assert.deepEqual(report.attributes.map((a) => a.status), ['used', 'used', 'used', 'used', 'used']);
  });

  test('a bad line in the human form: errors first, with their sections; exit 1', async () => {
    const r = await tessera(['inspect-set-cookie', 'sid=1; SameSite=None; Max-Age=99999999; Path=/a; Path=/b', '--now', String(NOW)]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^verdict +ignored: browsers will not store this cookie \(1 error\)$/m);
    assert.match(r.stdout, /^error +SameSite=None without Secure — browsers ignore the whole cookie \[RFC 6265bis §5\.7 step 19\]$/m);
    assert.match(r.stdout, /^warning +Max-Age=99999999 .* over 400 days — browsers cap the lifetime at 400 days/m);
    assert.match(r.stdout, /^Path=\/a +overridden /m);
  });

  test('argument mistakes: exit 2, one line, no stack', async () => {
    const results = await Promise.all([
      tessera(['inspect-set-cookie']),
      tessera(['inspect-set-cookie', 'a=b', '--url', 'not a url']),
      tessera(['inspect-set-cookie', 'a=b', '--now', 'yesterday']),
    ]);
    for (const r of results) {
      assert.equal(r.status, 2, r.stderr);
      assert.ok(isOneLineError(r.stderr), r.stderr);
    }
  });
});
