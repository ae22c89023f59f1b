import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';

const URL_ = 'https://www.example.com/';

describe('the jar on hostile input (never throws, linear)', () => {
  test('a 1 MB Set-Cookie line is ignored', () => {
    const jar = createCookieJar();
    assert.deepEqual(jar.trySetCookie(`a=${'x'.repeat(1_000_000)}`, URL_), { stored: false, reason: 'invalid-syntax' });
  });

  test('a 1 MB Domain or Path attribute is ignored, the cookie kept', () => {
    const jar = createCookieJar();
    assert.equal(jar.setCookie(`a=1; Domain=${'x.'.repeat(500_000)}com`, URL_), true);
    assert.equal(jar.setCookie(`b=1; Path=/${'p'.repeat(1_000_000)}`, URL_), true);
  });

  test('10,000 attributes, last ones winning', () => {
    const jar = createCookieJar();
    const line = `a=1${'; Domain=nope.invalid; Path=/x'.repeat(5_000)}; Domain=example.com; Path=/`;
    assert.equal(jar.setCookie(line, URL_), true);
    assert.equal(jar.getCookieHeader('https://example.com/'), 'a=1');
  });

  test('NUL, CR, LF and other controls void the line', () => {
    const jar = createCookieJar();
    for (const line of ['\u0000', 'a=\u0000', 'a=b\r\nSet-Cookie: evil=1', 'a=b; Path=/\u007f']) {
      assert.equal(jar.setCookie(line, URL_), false);
    }
    assert.deepEqual(jar.getAllCookies(), []);
  });

  test('lone surrogates and other invalid UTF-16 do not throw', () => {
    const jar = createCookieJar();
    assert.equal(jar.setCookie('\ud800=\udc00; Path=/\ud83d', URL_), true);
    assert.equal(jar.setCookie('a=1; Domain=\udfff', URL_), false);
    assert.equal(jar.getCookieHeader(URL_), '');
    // The URL parser writes the lone surrogate as %EF%BF%BD: no octet match with the raw path.
    assert.equal(jar.getCookieHeader(`${URL_}\ud83d`), '');
    assert.equal(jar.getAllCookies()[0]?.name, '\ud800');
  });

  test('thousands of cookies for one host stay within the limits', () => {
    const jar = createCookieJar();
    for (let i = 0; i < 5_000; i++) jar.setCookie(`c${i}=${i}; Path=/`, URL_);
    assert.equal(jar.getAllCookies().length, 180);
    assert.equal(jar.getCookies(URL_).length, 180);
  });

  test('invalid URLs of every kind are tolerated', () => {
    const jar = createCookieJar();
    for (const url of ['', ' ', 'http://', 'http://[invalid/', '//example.com/', 'javascript:alert(1)']) {
      assert.equal(jar.setCookie('a=1', url), false);
      assert.equal(jar.getCookieHeader(url), '');
    }
  });
});
