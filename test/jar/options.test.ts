import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.ts';
import { createCookieJar, type CookieJarOptions } from '../../src/jar/index.ts';

describe('createCookieJar options', () => {
  test('invalid options throw ConfigError naming the option', () => {
    const bad: [keyof CookieJarOptions, unknown][] = [
      ['maxCookiesPerDomain', 0],
      ['maxCookies', 1.5],
      ['cookieAgeLimitSeconds', -1],
      ['maxCookies', Number.NaN],
      ['now', 123],
      ['isPublicSuffix', 'yes'],
      ['defaultSameSite', 'Strict'],
      ['profile', 'rfc2965'],
    ];
    for (const [option, value] of bad) {
      assert.throws(
        () => createCookieJar({ [option]: value } as CookieJarOptions),
        (error: unknown) => error instanceof ConfigError && error.option === option,
        `${option}=${String(value)}`,
      );
    }
  });

  test('no options gives a working jar on the real clock', () => {
    const jar = createCookieJar();
    assert.equal(jar.setCookie('a=1; Max-Age=60', 'http://example.com/'), true);
    const [cookie] = jar.getAllCookies();
    assert.ok(cookie && cookie.expiresAt !== null && cookie.expiresAt > Date.now());
  });

  test('jars share no state', () => {
    const one = createCookieJar();
    const two = createCookieJar();
    one.setCookie('a=1', 'http://example.com/');
    assert.equal(two.getCookieHeader('http://example.com/'), '');
  });
});
