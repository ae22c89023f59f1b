/**
 * Security requirements (shared/specs/security-requirements.md) that no other test proved on
 * its own: static checks of where randomness and MAC comparison come from (SR-1, SR-33), the
 * session id accepted only from the cookie (SR-8), one Set-Cookie per name per response
 * (SR-26), verification before any decoding (SR-32), and uniform failure (SR-39).
 * docs/security.md maps every requirement to its proof.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { withSession } from '../../src/adapters/web.ts';
import { createKeyring, seal, sign } from '../../src/crypto/index.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import { cookieClient, makeManager, OLD_SECRET, SECRET, T0, type ModeName } from '../session/helpers.ts';

const src = join(import.meta.dirname, '../../src');
const code = (path: string) => readFileSync(join(src, path), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
const tsFiles = (dir: string): string[] => readdirSync(join(src, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

describe('static checks', () => {
  test('SR-1: tokens and nonces come only from the CSPRNG (no Math.random in src/crypto)', () => {
    for (const file of tsFiles('crypto')) assert.ok(!/Math\.random/.test(code(file)), file);
    assert.match(code('crypto/tokens.ts'), /globalThis\.crypto\.getRandomValues\(bytes\)/);
    assert.match(code('crypto/node-backend.ts'), /randomFillSync|randomBytes/);
  });

  test('SR-33: MACs are compared by timingSafeEqual on equal lengths (node) or subtle.verify (Web Crypto), never ===', () => {
    const node = code('crypto/node-backend.ts');
    assert.match(node, /mac\.length === MAC_CHARS && [^;]*timingSafeEqual\(/);
    assert.match(code('crypto/web-backend.ts'), /subtle\(\)\.verify\('HMAC'/);
    assert.match(code('interop/python/secrets.ts'), /a\.length === b\.length && timingSafeEqual\(a, b\)/);
    assert.match(code('csrf/masked-token.ts'), /diff === 0/, 'CSRF tokens: accumulated XOR, no early exit');
  });
});

const MODES: ModeName[] = ['signed', 'sealed', 'server (memory)'];

for (const mode of MODES) {
  describe(`session requirements (${mode})`, () => {
    /** A manager and a client holding a session cookie with `user: 'ada'`. */
    const signedIn = async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const first = manager.load(null);
      first.set('user', 'ada');
      client.receive(await manager.commit(first));
      return { manager, client };
    };

    test('SR-8: a valid token in the query string or a form field, without the cookie, gives no session', async () => {
      const { manager, client } = await signedIn();
      const token = client.cookies.get(manager.cookieName)!.value;
      const app = withSession(manager, async (_request, session) => new Response(String(await session.get('user'))));
      const query = await app(new Request(`https://app.test/?${manager.cookieName}=${token}&sid=${token}`));
      assert.equal(await query.text(), 'undefined');
      const form = await app(new Request('https://app.test/', { method: 'POST', body: new URLSearchParams({ [manager.cookieName]: token, sid: token }), headers: { authorization: `Bearer ${token}`, 'x-session': token } }));
      assert.equal(await form.text(), 'undefined');
      const cookie = await app(new Request('https://app.test/', { headers: { cookie: client.header()! } }));
      assert.equal(await cookie.text(), 'ada');
    });

    test('SR-26: regenerate then destroy in one request sends one Set-Cookie for the name', async () => {
      const { manager, client } = await signedIn();
      const session = manager.load(client.header());
      await session.get('user');
      session.regenerate();
      session.set('user', 'bob');
      session.destroy();
      const lines = (await manager.commit(session)).filter(([n]) => n === 'Set-Cookie').map(([, v]) => v);
      assert.equal(lines.filter((l) => l.startsWith(`${manager.cookieName}=`)).length, 1);
      assert.equal(new Set(lines.map((l) => l.slice(0, l.indexOf('=')))).size, lines.length);
    });
  });
}

describe('cookie modes: verify before parse, and uniform failure', () => {
  const keys = createKeyring([{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }]);
  const forger = createKeyring([{ id: 'k2', secret: 'Fq8WzR3nT0yKc5VbH2mJx7LpD4sG9aE1uN6oI3tY8rQ' }]);
  const expiresAt = T0 + 3_600_000;

  for (const mode of ['signed', 'sealed'] as const) {
    const make = (ring: typeof keys, payload: string, purpose: string, expiry = expiresAt) =>
      mode === 'signed' ? sign(ring, payload, { purpose, expiresAt: expiry }) : seal(ring, payload, { purpose, expiresAt: expiry });

    test(`SR-32 (${mode}): a forged cookie carrying a decompression bomb or bad JSON is refused as bad-signature, before any decoding`, async () => {
      const events: InvalidCookieEvent[] = [];
      const { manager } = makeManager(mode, { onInvalidCookie: (e) => events.push(e) });
      const bomb = `~${deflateRawSync(Buffer.alloc(2_000_000)).toString('base64url')}`;
      for (const payload of [bomb, '{"v":1,', 'not json']) {
        const started = performance.now();
        const session = manager.load(`${manager.cookieName}=${make(forger, payload, manager.cookieName)}`);
        await session.load();
        assert.equal(session.isNew, true);
        assert.ok(performance.now() - started < 1000, 'the bomb was never inflated');
      }
      assert.deepEqual(events.map((e) => e.reason), ['bad-signature', 'bad-signature', 'bad-signature']);
    });

    test(`SR-39 (${mode}): bad MAC, unknown key, truncation, bad base64, bad JSON, expiry and wrong purpose look the same to the client`, async () => {
      const events: InvalidCookieEvent[] = [];
      const { manager } = makeManager(mode, { onInvalidCookie: (e) => events.push(e) });
      const name = manager.cookieName;
      const good = make(keys, `{"v":1,"c":${T0},"a":${T0},"d":{"user":"ada"}}`, name);
      const strangerKey = createKeyring([{ id: 'zz', secret: 'Fq8WzR3nT0yKc5VbH2mJx7LpD4sG9aE1uN6oI3tY8rQ' }]);
      const bad = [
        make(forger, '{}', name),
        make(strangerKey, '{}', name),
        good.slice(0, -3),
        `${good.slice(0, 8)}!${good.slice(9)}`,
        make(keys, 'not json', name),
        make(keys, `{"v":1,"c":${T0},"a":${T0},"d":{}}`, name, T0 - 1),
        make(keys, `{"v":1,"c":${T0},"a":${T0},"d":{}}`, 'another-cookie'),
      ];
      const observed = [];
      for (const value of bad) {
        const session = manager.load(`${name}=${value}`);
        const user = await session.get('user');
        session.set('visited', true);
        const headers = await manager.commit(session);
        observed.push({ user, isNew: session.isNew, headerNames: headers.map(([n]) => n), setCookieShape: headers[0]![1].replace(/=[^;]*/, '=…') });
      }
      for (const o of observed) assert.deepEqual(o, observed[0]);
      assert.deepEqual(observed[0], { user: undefined, isNew: true, headerNames: ['Set-Cookie', 'Vary', 'Cache-Control'], setCookieShape: observed[0]!.setCookieShape });
      assert.ok(new Set(events.map((e) => e.reason)).size > 1, 'the reasons differ, but only in the security log');
    });
  }
});
