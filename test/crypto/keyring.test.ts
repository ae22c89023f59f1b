/**
 * Keyring construction: what secrets and ids are refused (and how the refusal reads), how
 * ids are derived, and that secrets never leak through the keyring object.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '../../src/errors.ts';
import { createKeyring, sign, verify, webCryptoBackend, type KeyInput } from '../../src/crypto/index.ts';
import { newSecret } from './helpers.ts';

const purpose = 'sid';

/** Asserts that building a keyring from `keys` fails with a ConfigError on `option` whose message matches `why`. */
function refuses(keys: unknown, option: string, why: RegExp, secretText?: string): ConfigError {
  let caught: unknown;
  try {
    createKeyring(keys as KeyInput[]);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.code, 'ERR_TESSERA_CONFIG');
  assert.equal(caught.option, option);
  assert.match(caught.message, why);
  if (secretText !== undefined && secretText.length >= 8) {
    // Why: SR-47, a refused secret must not end up in logs; not even a 12-character piece of it.
    for (let i = 0; i + 12 <= secretText.length; i++) assert.equal(caught.message.includes(secretText.slice(i, i + 12)), false);
    assert.equal(caught.message.includes(secretText), false);
  }
  return caught;
}

const secretRefused = (secret: unknown, why: RegExp) => {
  const err = refuses([{ secret }], 'keys[0].secret', why, typeof secret === 'string' ? secret : undefined);
  // Every refusal of a secret says how to make a good one.
  assert.match(err.message, /tessera keygen/);
  assert.match(err.message, /randomBytes\(32\)\.toString\('base64url'\)/);
};

/** Random base64url text of `n` bytes with only lower-case letters (a typed passphrase, say). */
const lowercaseText = (n: number) => Array.from(randomBytes(n), (x) => String.fromCharCode(97 + (x % 26))).join('');

describe('createKeyring: secrets', () => {
  test('refuses secrets shorter than 32 bytes in every form', () => {
    const short = randomBytes(31);
    secretRefused(short.toString('base64url'), /31 bytes after decoding; at least 32/);
    secretRefused(short.toString('base64url').slice(0, 41), /41 characters; 32 random bytes take at least 43/);
    secretRefused(`hex:${short.toString('hex')}`, /31 bytes after decoding; at least 32/);
    secretRefused(new Uint8Array(short), /31 bytes after decoding/);
    secretRefused(new Uint8Array(0), /0 bytes/);
    secretRefused('', /is 0 bytes/);
  });

  test('refuses text that is not base64url or hex, naming the problem', () => {
    const bytes = randomBytes(33);
    secretRefused(Buffer.concat([Buffer.from([0xfb, 0xff]), randomBytes(31)]).toString('base64'), /standard base64/); // starts with "+/"
    secretRefused(randomBytes(32).toString('base64'), /standard base64/);
    secretRefused(`${bytes.toString('base64url')}=`, /standard base64/);
    secretRefused('correct horse battery staple, correct horse battery staple', /outside base64url.*passphrase/);
    secretRefused(`${bytes.toString('base64url').slice(0, 43)}\0`, /outside base64url/);
    secretRefused(`${randomBytes(32).toString('base64url').slice(0, 42)}B`, /not canonical/);
    secretRefused(`${randomBytes(32).toString('base64url')}AA`, /not canonical/);
    secretRefused(`hex:${randomBytes(32).toString('hex')}0`, /not valid hex/);
    secretRefused(`hex:${randomBytes(31).toString('hex')}zz`, /not valid hex/);
    secretRefused(randomBytes(32).toString('hex'), /looks like hex digits.*"hex:<digits>"/);
  });

  test('refuses values from tutorials, whatever their case', () => {
    for (const weak of ['dev', 'secret', 'changeme', 'your_secret_key', 'keyboard cat', 'KEYBOARD CAT', 'password', ' Password ', 'Secret', 'hex:secret']) {
      secretRefused(weak, /well-known example value/);
    }
  });

  test('refuses secrets containing a tell-tale word (six letters or more, so random keys never trip it), in any form', () => {
    const pad = randomBytes(33).toString('base64url');
    for (const word of ['secret', 'password', 'changeme', 'example', 'default', 'keyboard', 'SeCrEt']) {
      secretRefused(`my-${word}-${pad}`, /contains the word/);
    }
    const text = Buffer.from(`super secret session key for the app ${randomBytes(8).toString('hex')}`);
    secretRefused(`hex:${text.toString('hex')}`, /contains the word "secret"|printable text/);
    secretRefused(new Uint8Array([0xff, ...Buffer.from('the-password-is-long-and-unguessable')]), /contains the word "password"/);
  });

  test('refuses low-entropy secrets (explicit rules: 16 distinct bytes, 16 distinct steps, not all printable, mixed case)', () => {
    secretRefused(new Uint8Array(32), /low entropy/);
    secretRefused(new Uint8Array(64).fill(7), /low entropy/);
    secretRefused(Uint8Array.from({ length: 32 }, (_, i) => i), /low entropy/); // a counter: 32 distinct bytes, 1 distinct step
    secretRefused(Uint8Array.from({ length: 48 }, (_, i) => [0x10, 0x9a, 0x33, 0xf0, 0x01, 0x7e][i % 6]!), /low entropy/);
    secretRefused('x'.repeat(44), /low entropy/);
    secretRefused('A'.repeat(43), /looks like hex digits/);
    secretRefused(`hex:${'ab'.repeat(32)}`, /low entropy/);
    secretRefused(new Uint8Array(Buffer.from('The quick brown fox jumps over the lazy dog 0123456789')), /printable text/);
    secretRefused(Buffer.from(randomBytes(32).toString('base64url')), /printable text/); // base64url text given as bytes
    secretRefused(lowercaseText(44), /upper- and lower-case/);
  });

  test('refuses what is not a secret at all', () => {
    for (const bad of [undefined, null, 42, {}, [1, 2, 3], randomBytes(32).buffer]) {
      secretRefused(bad, /must be a string .* or a Uint8Array/);
    }
  });

  test('never refuses random keys: 1000 each as base64url, hex and bytes, of 32 to 64 bytes', () => {
    for (let i = 0; i < 1000; i++) {
      const bytes = randomBytes(32 + (i % 33));
      const ids = [
        createKeyring([{ secret: bytes.toString('base64url') }]).currentId,
        createKeyring([{ secret: `hex:${bytes.toString('hex')}` }]).currentId,
        createKeyring([{ secret: new Uint8Array(bytes) }]).currentId,
      ];
      assert.equal(new Set(ids).size, 1);
    }
  });

  test('base64url, hex:, HEX: digits in upper case and raw bytes of one secret make the same keys', async () => {
    const bytes = randomBytes(32);
    const rings = [
      createKeyring([{ secret: bytes.toString('base64url') }]),
      createKeyring([{ secret: `hex:${bytes.toString('hex')}` }]),
      createKeyring([{ secret: `hex:${bytes.toString('hex').toUpperCase()}` }]),
      createKeyring([{ secret: new Uint8Array(bytes) }]),
      createKeyring([{ secret: bytes.toString('base64url') }], { backend: webCryptoBackend }),
    ];
    const token = sign(rings[0]!, 'v', { purpose });
    for (const ring of rings) {
      assert.equal(ring.currentId, rings[0]!.currentId);
      assert.equal((await verify(ring, token, { purpose })).ok, true);
      assert.equal(await sign(ring, 'v', { purpose }), token);
    }
  });
});

describe('createKeyring: key ids', () => {
  test('a derived id is 8 base64url characters of SHA-256("tessera key id\\0" ‖ secret), stable across restarts', () => {
    const bytes = randomBytes(32);
    const expected = createHash('sha256').update('tessera key id\0').update(bytes).digest('base64url').slice(0, 8);
    assert.equal(createKeyring([{ secret: bytes.toString('base64url') }]).currentId, expected);
    assert.equal(createKeyring([{ secret: bytes.toString('base64url') }]).currentId, expected);
    assert.match(expected, /^[A-Za-z0-9_-]{8}$/);
  });

  test('ids are listed current first; explicit and derived ids mix', () => {
    const s = [newSecret(), newSecret(), newSecret()];
    const ring = createKeyring([{ id: 'new', secret: s[0]! }, { secret: s[1]! }, { id: 'older', secret: s[2]! }]);
    assert.equal(ring.currentId, 'new');
    assert.equal(ring.ids.length, 3);
    assert.deepEqual([ring.ids[0], ring.ids[2]], ['new', 'older']);
    assert.equal(ring.ids[1], createKeyring([{ secret: s[1]! }]).currentId);
  });

  test('refuses invalid ids', () => {
    for (const id of ['', 'a.b', 'a b', 'x'.repeat(33), 'é', 'a=', 42, null]) {
      refuses([{ secret: newSecret() }, { id, secret: newSecret() }], 'keys[1].id', /1 to 32 characters/);
    }
    assert.equal(createKeyring([{ id: 'x'.repeat(32), secret: newSecret() }]).currentId, 'x'.repeat(32));
    assert.equal(createKeyring([{ id: 'A-z_0', secret: newSecret() }]).currentId, 'A-z_0');
  });

  test('refuses duplicate ids and the same secret twice', () => {
    refuses([{ id: 'k', secret: newSecret() }, { id: 'k', secret: newSecret() }], 'keys[1].id', /"k" is already used/);
    const s = newSecret();
    refuses([{ secret: s }, { secret: s }], 'keys[1].secret', /same secret as keys\[0\]/, s);
    refuses([{ id: 'one', secret: s }, { id: 'two', secret: `hex:${Buffer.from(s, 'base64url').toString('hex')}` }], 'keys[1].secret', /same secret as keys\[0\]/);
    const derived = createKeyring([{ secret: s }]).currentId;
    refuses([{ id: derived, secret: newSecret() }, { secret: s }], 'keys[1].id', /already used/);
  });

  test('refuses an empty or malformed key list', () => {
    refuses([], 'keys', /non-empty array/);
    refuses(undefined, 'keys', /non-empty array/);
    refuses(newSecret(), 'keys', /non-empty array/);
    refuses([newSecret()], 'keys[0]', /must be an object \{ id\?, secret \}/);
    refuses([{ secret: newSecret() }, null], 'keys[1]', /must be an object/);
  });
});

describe('createKeyring: no secret leaks (SR-47)', () => {
  test('the keyring is frozen and shows only its back end name, mode and ids', () => {
    const ring = createKeyring([{ id: 'k', secret: newSecret() }]);
    assert.ok(Object.isFrozen(ring));
    assert.deepEqual(Object.keys(ring).sort(), ['backend', 'currentId', 'ids']);
    assert.deepEqual(JSON.parse(JSON.stringify(ring)), { backend: { name: 'node', mode: 'sync' }, currentId: 'k', ids: ['k'] });
  });

  test('no form of the secret appears in JSON, inspect (even showHidden) or enumerable properties', () => {
    for (const backend of [undefined, webCryptoBackend]) {
      const bytes = randomBytes(32);
      const ring = backend === undefined ? createKeyring([{ secret: bytes.toString('base64url') }]) : createKeyring([{ secret: bytes.toString('base64url') }], { backend });
      const dumps = [JSON.stringify(ring), inspect(ring, { depth: Infinity }), inspect(ring, { depth: Infinity, showHidden: true })];
      const forms = [bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('base64'), Array.from(bytes.subarray(0, 8)).join(', ')];
      for (const dump of dumps) for (const form of forms) assert.equal(dump.includes(form), false, form);
    }
  });

  test('the secret given as bytes is not kept: changing the caller\'s array afterwards changes nothing', () => {
    const bytes = new Uint8Array(randomBytes(32));
    const ring = createKeyring([{ secret: bytes }]);
    const token = sign(ring, 'v', { purpose });
    bytes.fill(0);
    assert.equal(sign(ring, 'v', { purpose }), token);
  });
});
