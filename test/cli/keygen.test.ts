/**
 * `tessera keygen`: the secret parses and the keyring accepts it, the TESSERA_SECRETS line
 * puts it first and keeps the existing secrets, short or bad secrets exit 2 with one line.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createKeyring } from '../../src/crypto/index.ts';
import { isOneLineError, lines, mapLimit, tessera } from './support.ts';

const KEY = randomBytes(32).toString('base64url');

describe('tessera keygen', () => {
  test('prints a secret the keyring accepts and the TESSERA_SECRETS line', async () => {
    const [plain, wide] = await Promise.all([tessera(['keygen']), tessera(['keygen', '--bytes', '64', '--id', 'k2026', '--json'])]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(plain.stderr, '', 'nothing on stderr when it is not a terminal');
    const [secret, env] = lines(plain.stdout);
    assert.match(secret!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(secret!, 'base64url').length, 32);
    assert.equal(env, `TESSERA_SECRETS=${secret}`);
    assert.equal(createKeyring([{ secret: secret! }]).ids.length, 1);

    assert.equal(wide.status, 0, wide.stderr);
    const w = JSON.parse(wide.stdout) as { secret: string; bytes: number; id: string; idSource: string };
    assert.equal(Buffer.from(w.secret, 'base64url').length, 64);
    assert.deepEqual([w.bytes, w.id, w.idSource], [64, 'k2026', 'given']);
    assert.equal(createKeyring([{ id: w.id, secret: w.secret }]).currentId, 'k2026');
  });

  test('rotation: the new secret first, then the existing ones; the whole line builds a keyring', async () => {
    const first = lines((await tessera(['keygen'])).stdout)[0]!;
    const second = lines((await tessera(['keygen'], { TESSERA_SECRETS: first })).stdout);
    const third = JSON.parse((await tessera(['keygen', '--json'], { TESSERA_SECRETS: second[1]!.slice('TESSERA_SECRETS='.length) })).stdout) as {
      secret: string;
      secrets: string[];
      env: string;
      id: string;
    };
    assert.deepEqual(third.secrets, [third.secret, second[0], first]);
    assert.equal(third.env, `TESSERA_SECRETS=${third.secrets.join(',')}`);
    const keyring = createKeyring(third.secrets.map((secret) => ({ secret })));
    assert.equal(keyring.currentId, third.id);
    assert.equal(keyring.ids.length, 3);
  });

  test('refuses fewer than 32 bytes, malformed options and a bad TESSERA_SECRETS: exit 2, one line, no stack', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['keygen'], /TESSERA_SECRETS holds a secret the keyring refuses \(entry 2 of 2\): is 3 bytes after decoding/, { TESSERA_SECRETS: `${KEY}, old2,` }],
      [['keygen', '--bytes', '16'], /--bytes 16 is too short: a secret needs at least 32 random bytes/],
      [['keygen', '--bytes', 'lots'], /--bytes must be a whole number from 32 to 1024/],
      [['keygen', '--bytes', '4096'], /--bytes must be a whole number from 32 to 1024/],
      [['keygen', '--id', 'no spaces please'], /--id must be 1 to 32 characters/],
      [['keygen', 'extra'], /keygen takes no arguments/],
      [['keygen', '--bytes', '8', '--debug'], /too short/],
    ];
    const results = await mapLimit(cases, 4, ([args, , env]) => tessera(args, env));
    results.forEach((r, i) => {
      assert.equal(r.status, 2, cases[i]![0].join(' '));
      assert.match(r.stderr, cases[i]![1]);
      assert.ok(isOneLineError(r.stderr), r.stderr);
      assert.equal(r.stdout, '');
    });
  });
});
