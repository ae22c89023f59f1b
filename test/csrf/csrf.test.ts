/**
 * CSRF protection: origin and Fetch Metadata checks (SR-41, SR-42), method overrides (SR-45),
 * masked synchronizer tokens bound to the session and rotated on regenerate (SR-43, SR-44, SR-7),
 * the signed double-submit cookie, and configuration errors.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkOrigin,
  createCsrfProtection,
  createDoubleSubmitCsrf,
  fromWebRequest,
  maskToken,
  matchesMaskedToken,
  resolveOriginPolicy,
  type CsrfRequest,
} from '../../src/csrf/index.ts';
import { createKeyring, generateToken } from '../../src/crypto/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { cookieClient, makeManager, SECRET } from '../session/helpers.ts';

const APP = 'https://app.example';
const req = (method: string, headers: Record<string, string> = {}): CsrfRequest => ({ method, header: (n) => headers[n] });
const policy = resolveOriginPolicy({ origins: [APP], trustedOrigins: ['https://partner.example:8443'] });

describe('CSRF: origin and Fetch Metadata (SR-41, SR-42)', () => {
  test('GET, HEAD and OPTIONS are never blocked', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) assert.deepEqual(checkOrigin(req(m, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), policy), { ok: true });
  });
  test('unsafe methods from the app origin or a trusted origin pass', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      assert.deepEqual(checkOrigin(req(m, { origin: APP, 'sec-fetch-site': 'same-origin' }), policy), { ok: true });
    }
    assert.deepEqual(checkOrigin(req('POST', { origin: 'https://partner.example:8443' }), policy), { ok: true });
    assert.deepEqual(checkOrigin(req('POST', { referer: `${APP}/form?x=1` }), policy), { ok: true });
  });
  test('cross-site and (by default) same-site fetches are refused', () => {
    assert.deepEqual(checkOrigin(req('POST', { 'sec-fetch-site': 'cross-site', origin: APP }), policy), { ok: false, reason: 'cross-site-fetch' });
    assert.deepEqual(checkOrigin(req('POST', { 'sec-fetch-site': 'same-site', origin: APP }), policy), { ok: false, reason: 'same-site-fetch' });
    const lenient = resolveOriginPolicy({ origins: [APP], allowSameSite: true });
    assert.deepEqual(checkOrigin(req('POST', { 'sec-fetch-site': 'same-site', origin: APP }), lenient), { ok: true });
  });
  test('origins match exactly: no suffix, prefix, scheme or port tricks; null refused', () => {
    for (const origin of ['https://app.example.attacker.com', 'http://app.example', 'https://app.example:444', 'https://evil-app.example', 'https://sub.app.example']) {
      assert.deepEqual(checkOrigin(req('POST', { origin }), policy), { ok: false, reason: 'origin-mismatch' }, origin);
    }
    assert.deepEqual(checkOrigin(req('POST', { origin: 'null' }), policy), { ok: false, reason: 'origin-null' });
    assert.deepEqual(checkOrigin(req('POST', { referer: 'https://app.example.attacker.com/x' }), policy), { ok: false, reason: 'referer-mismatch' });
    assert.deepEqual(checkOrigin(req('POST', { referer: 'not a url' }), policy), { ok: false, reason: 'referer-mismatch' });
  });
  test('no Origin and no Referer is refused by default, allowed when configured', () => {
    assert.deepEqual(checkOrigin(req('POST'), policy), { ok: false, reason: 'origin-missing' });
    assert.deepEqual(checkOrigin(req('POST'), resolveOriginPolicy({ origins: [APP], allowMissingOrigin: true })), { ok: true });
  });
  test('a method override cannot bypass the check (SR-45)', () => {
    assert.deepEqual(checkOrigin(req('GET', { 'x-http-method-override': 'POST', origin: 'https://evil.example' }), policy), { ok: false, reason: 'origin-mismatch' });
    assert.deepEqual(checkOrigin(req('GET', { origin: 'https://evil.example' }), policy, '/items/1?_method=DELETE'), { ok: false, reason: 'origin-mismatch' });
  });
  test('misconfigured origins fail at start-up with the fix', () => {
    assert.throws(() => resolveOriginPolicy({ origins: [] }), ConfigError);
    assert.throws(() => resolveOriginPolicy({ origins: ['app.example'] }), /scheme:\/\/host/);
    assert.throws(() => resolveOriginPolicy({ origins: ['https://app.example/path'] }), ConfigError);
    assert.doesNotThrow(() => resolveOriginPolicy({ origins: ['https://app.example/'] }));
  });
});

describe('CSRF: masked tokens (SR-44)', () => {
  test('every mask differs, every one verifies; other secrets and tampering never do', () => {
    const secret = generateToken();
    const tokens = new Set(Array.from({ length: 100 }, () => maskToken(secret)));
    assert.equal(tokens.size, 100);
    for (const t of tokens) assert.ok(matchesMaskedToken(secret, t));
    assert.equal(matchesMaskedToken(generateToken(), [...tokens][0]), false);
    fc.assert(
      fc.property(fc.string(), (junk) => matchesMaskedToken(secret, junk) === false),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 85 }), fc.integer({ min: 1, max: 63 }), (pos, delta) => {
        const t = maskToken(secret);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const c = alphabet[(alphabet.indexOf(t[pos]!) + delta) % 64]!;
        return matchesMaskedToken(secret, t.slice(0, pos) + c + t.slice(pos + 1)) === false;
      }),
      { numRuns: 2000 },
    );
  });
});

for (const mode of ['sealed', 'server (memory)'] as const) {
  describe(`CSRF: synchronizer token bound to the session (${mode})`, () => {
    const csrf = createCsrfProtection({ origins: [APP] });
    const post = (headers: Record<string, string>) => req('POST', { origin: APP, 'sec-fetch-site': 'same-origin', ...headers });

    test('a token from the session verifies; a missing or foreign token is refused', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const s = manager.load(client.header());
      const token = await csrf.token(s);
      client.receive(await manager.commit(s));
      const next = manager.load(client.header());
      assert.deepEqual(await csrf.verify(post({}), next, token), { ok: true });
      assert.deepEqual(await csrf.verify(post({ 'x-csrf-token': token }), next), { ok: true });
      assert.deepEqual(await csrf.verify(post({}), next), { ok: false, reason: 'token-missing' });
      const other = manager.load(null);
      assert.deepEqual(await csrf.verify(post({}), other, token), { ok: false, reason: 'token-invalid' });
    });

    test('the hidden field carries a token', async () => {
      const { manager } = makeManager(mode);
      const field = await csrf.hiddenField(manager.load(null));
      assert.match(field, /^<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{86}">$/);
    });

    test('regenerate rotates the token: the pre-login token no longer works (SR-7)', async () => {
      const { manager } = makeManager(mode);
      const client = cookieClient();
      const s = manager.load(client.header());
      const before = await csrf.token(s);
      client.receive(await manager.commit(s));
      const login = manager.load(client.header());
      login.regenerate();
      login.set('user', 'ada');
      const after = await csrf.token(login);
      client.receive(await manager.commit(login));
      const next = manager.load(client.header());
      assert.deepEqual(await csrf.verify(post({}), next, before), { ok: false, reason: 'token-invalid' });
      assert.deepEqual(await csrf.verify(post({}), next, after), { ok: true });
    });

    test('a cross-site post is refused before the token is even read', async () => {
      const { manager } = makeManager(mode);
      const s = manager.load(null);
      const token = await csrf.token(s);
      assert.deepEqual(await csrf.verify(req('POST', { origin: 'https://evil.example' }), s, token), { ok: false, reason: 'origin-mismatch' });
    });
  });
}

describe('CSRF: signed double-submit cookie (stateless apps)', () => {
  const keys = createKeyring([{ secret: SECRET }]);
  const ds = createDoubleSubmitCsrf({ keys, origins: [APP] });
  const post = (cookie: string | null, token?: string) =>
    ds.verify(fromWebRequest(new Request(`${APP}/x`, { method: 'POST', headers: { origin: APP, ...(token ? { 'x-csrf-token': token } : {}) } })), cookie);

  test('issue sets a signed cookie once; the masked token verifies with it', () => {
    const first = ds.issue(null);
    assert.match(first.setCookie!, /^__Host-csrf=s1\.[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const cookie = first.setCookie!.split(';')[0]!;
    const again = ds.issue(cookie);
    assert.equal(again.setCookie, null);
    assert.deepEqual(post(cookie, first.token), { ok: true });
    assert.deepEqual(post(cookie, again.token), { ok: true });
  });
  test('an unsigned or planted cookie, a missing cookie or token, and a foreign token are refused', () => {
    const { token, setCookie } = ds.issue(null);
    const cookie = setCookie!.split(';')[0]!;
    assert.deepEqual(post(null, token), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(post(cookie), { ok: false, reason: 'token-missing' });
    assert.deepEqual(post(`__Host-csrf=${generateToken()}`, token), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(post(cookie, ds.issue(null).token), { ok: false, reason: 'token-invalid' });
    const other = ds.issue(null).setCookie!.split(';')[0]!;
    assert.deepEqual(post(`${cookie}; ${other}`, token), { ok: false, reason: 'token-invalid' }, 'two authentic cookies: ambiguous (SR-30)');
  });
});
