import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';

const URL_ = 'https://site.example/';

function jarWithAll(options: Parameters<typeof createCookieJar>[0] = {}) {
  const jar = createCookieJar(options);
  jar.setCookie('strict=1; SameSite=Strict; Path=/', URL_);
  jar.setCookie('lax=1; SameSite=Lax; Path=/', URL_);
  jar.setCookie('none=1; SameSite=None; Secure; Path=/', URL_);
  jar.setCookie('default=1; Path=/', URL_);
  return jar;
}

describe('SameSite (RFC 6265bis §5.6.7, §5.7 steps 17-19, §5.8.3)', () => {
  test('§5.8.3: a same-site request carries every cookie', () => {
    assert.equal(jarWithAll().getCookieHeader(URL_), 'strict=1; lax=1; none=1; default=1');
  });

  test('§5.8.3: a cross-site subresource request carries only SameSite=None', () => {
    assert.equal(jarWithAll().getCookieHeader(URL_, { sameSiteContext: 'cross-site' }), 'none=1');
  });

  test('§5.8.3: a cross-site top-level GET navigation adds Lax and Lax-by-default cookies', () => {
    const header = jarWithAll().getCookieHeader(URL_, { sameSiteContext: 'cross-site', topLevelNavigation: true });
    assert.equal(header, 'lax=1; none=1; default=1');
  });

  test('§5.8.3: a cross-site top-level POST carries only SameSite=None', () => {
    const context = { sameSiteContext: 'cross-site', topLevelNavigation: true, method: 'post' } as const;
    assert.equal(jarWithAll().getCookieHeader(URL_, context), 'none=1');
  });

  test('defaultSameSite: None restores the legacy behaviour for cookies without SameSite', () => {
    const jar = jarWithAll({ defaultSameSite: 'None' });
    assert.equal(jar.getCookieHeader(URL_, { sameSiteContext: 'cross-site' }), 'none=1; default=1');
  });

  test('§5.7 step 18: a cross-site subresource response cannot set Lax, Strict or Default cookies', () => {
    const jar = createCookieJar();
    const crossSite = { sameSiteContext: 'cross-site' } as const;
    assert.deepEqual(jar.trySetCookie('a=1; SameSite=Lax', URL_, crossSite), { stored: false, reason: 'same-site-cross-site' });
    assert.deepEqual(jar.trySetCookie('a=1', URL_, crossSite), { stored: false, reason: 'same-site-cross-site' });
    assert.equal(jar.setCookie('a=1; SameSite=None; Secure', URL_, crossSite), true);
    assert.equal(jar.setCookie('b=1; SameSite=Strict', URL_, { ...crossSite, topLevelNavigation: true }), true);
  });

  test('§5.7 step 19: SameSite=None without Secure is ignored', () => {
    const jar = createCookieJar();
    assert.deepEqual(jar.trySetCookie('a=1; SameSite=None', URL_), { stored: false, reason: 'same-site-none-insecure' });
  });

  test('§5.6.7: the last SameSite wins, an unknown value resets to Default', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1; SameSite=Strict; SameSite=Bogus; Path=/', URL_);
    jar.setCookie('b=1; SameSite=Bogus; SameSite=Strict; Path=/', URL_);
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.sameSite),
      ['Default', 'Strict'],
    );
  });
});
