/**
 * Named cookies (createCookie): plain, signed and sealed, on both crypto back ends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, type NamedCookieRead } from '../../src/cookie/named-cookie.ts';
import { createKeyring, webCryptoBackend } from '../../src/crypto/index.ts';
import { ConfigError, CookieError } from '../../src/errors.ts';

const SECRET = 'q0M7vXG2tYh1s9LrWcZ4kN8pJ5bD3eF6aH0iK2mO4uE';
const OLD = 'Zx9Wv8Uu7Tt6Ss5Rr4Qq3Pp2Oo1Nn0Mm9Ll8Kk7Jj6I';
const T0 = Date.UTC(2030, 0, 1);
const pairOf = (line: string) => line.slice(0, line.indexOf(';'));

describe('createCookie: plain', () => {
  test('serialize uses the safe defaults and the attributes given', () => {
    const theme = createCookie('theme', { httpOnly: false, maxAge: 3600 });
    assert.equal(theme.serialize('dark'), 'theme=dark; Max-Age=3600; Path=/; Secure; SameSite=Lax');
  });
  test('parse reads the first value; absent is a reason', () => {
    const theme = createCookie('theme');
    assert.deepEqual(theme.parse('a=1; theme=dark; theme=light'), { ok: true, value: 'dark', stale: false });
    assert.deepEqual(theme.parse(null), { ok: false, reason: 'absent' });
  });
  test('clear repeats Path and Domain so the browser really deletes it (SR-15)', () => {
    const c = createCookie('pref', { path: '/app', domain: 'example.com' });
    assert.match(c.clear(), /^pref=; Max-Age=0; Domain=example\.com; Path=\/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT;/);
  });
  test('an invalid definition fails at creation, naming the field', () => {
    assert.throws(() => createCookie('__Host-x', { domain: 'example.com' }), CookieError);
    assert.throws(() => createCookie('bad name'), (e: unknown) => e instanceof CookieError && e.field === 'name');
    assert.throws(() => createCookie('x', { mode: 'signed' }), ConfigError);
  });
});

for (const backendName of ['node:crypto', 'Web Crypto'] as const) {
  for (const mode of ['signed', 'sealed'] as const) {
    describe(`createCookie: ${mode}, ${backendName}`, () => {
      const web = backendName === 'Web Crypto';
      const ring = (keys: Array<{ id: string; secret: string }>) => (web ? createKeyring(keys, { backend: webCryptoBackend }) : createKeyring(keys));
      let now = T0;
      const keyring = ring([{ id: 'new', secret: SECRET }, { id: 'old', secret: OLD }]);
      const make = (name = '__Host-prefs', k = keyring) => createCookie(name, { mode, keyring: k as never, maxAge: 60, now: () => now }) as unknown as { serialize(v: string): Promise<string> | string; parse(h: string | null): NamedCookieRead | Promise<NamedCookieRead> };

      test('round trip', async () => {
        const c = make();
        const line = await c.serialize('{"lang":"en"}');
        assert.match(line, /^__Host-prefs=[^;]+; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
        assert.deepEqual(await c.parse(pairOf(line)), { ok: true, value: '{"lang":"en"}', stale: false });
      });

      test('tampering, another cookie name, and expiry inside the value are refused (SR-11, SR-36)', async () => {
        now = T0;
        const c = make();
        const pair = pairOf(await c.serialize('v'));
        const value = pair.slice(pair.indexOf('=') + 1);
        const flipped = value.slice(0, -2) + (value.at(-2) === 'A' ? 'B' : 'A') + value.slice(-1);
        assert.equal((await c.parse(`__Host-prefs=${flipped}`)).ok, false);
        assert.equal((await make('__Host-other').parse(`__Host-other=${value}`)).ok, false);
        now = T0 + 60_000;
        assert.deepEqual(await c.parse(pair), { ok: false, reason: 'expired' });
        now = T0;
      });

      test('an old key verifies with stale: true; several authentic values for one name are refused (SR-30, SR-37)', async () => {
        const oldOnly = make('__Host-prefs', ring([{ id: 'old', secret: OLD }]));
        const fromOld = pairOf(await oldOnly.serialize('a'));
        const c = make();
        assert.deepEqual(await c.parse(fromOld), { ok: true, value: 'a', stale: true });
        const other = pairOf(await c.serialize('b'));
        assert.deepEqual(await c.parse(`${fromOld}; ${other}`), { ok: false, reason: 'ambiguous' });
        assert.deepEqual(await c.parse(`__Host-prefs=junk; ${other}`), { ok: true, value: 'b', stale: false });
      });
    });
  }
}
