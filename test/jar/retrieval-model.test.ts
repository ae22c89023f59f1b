import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar, serializeCookieList } from '../../src/jar/index.ts';
import { createManualClock } from './clock.ts';

const HTTP = 'http://www.example.com/';
const HTTPS = 'https://www.example.com/';

describe('retrieval model (RFC 6265bis §5.8)', () => {
  test('§5.8.3 step 1: host-only cookies go to their host, domain cookies to subdomains too', () => {
    const jar = createCookieJar();
    jar.setCookie('host=1; Path=/', 'http://example.com/');
    jar.setCookie('dom=1; Path=/; Domain=example.com', 'http://example.com/');
    assert.equal(jar.getCookieHeader('http://example.com/'), 'host=1; dom=1');
    assert.equal(jar.getCookieHeader('http://a.b.example.com/'), 'dom=1');
    assert.equal(jar.getCookieHeader('http://EXAMPLE.com:8080/'), 'host=1; dom=1');
  });

  test('§5.8.3 step 1: cookies are shared across ports and schemes of one host', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1; Path=/', 'http://example.com:8080/');
    assert.equal(jar.getCookieHeader('https://example.com/'), 'a=1');
    assert.equal(jar.getCookieHeader('ws://example.com:9000/socket'), 'a=1');
  });

  test('§5.8.3 step 1: the request path must path-match the cookie path', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1; Path=/docs', HTTP);
    assert.equal(jar.getCookieHeader('http://www.example.com/docs'), 'a=1');
    assert.equal(jar.getCookieHeader('http://www.example.com/docs/x?y#z'), 'a=1');
    assert.equal(jar.getCookieHeader('http://www.example.com/docsx'), '');
    assert.equal(jar.getCookieHeader('http://www.example.com/'), '');
  });

  test('§5.8.3 step 1: paths compare as octets; %-encoded unreserved characters are normalized in the request', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1; Path=/foo', HTTP);
    jar.setCookie('b=1; Path=/a b', HTTP);
    assert.equal(jar.getCookieHeader('http://www.example.com/f%6Fo'), 'a=1');
    assert.equal(jar.getCookieHeader('http://www.example.com/a%20b'), '');
  });

  test('§5.8.3 step 1: Secure cookies only over secure connections', () => {
    const jar = createCookieJar();
    jar.setCookie('s=1; Secure; Path=/', HTTPS);
    jar.setCookie('p=1; Path=/', HTTPS);
    assert.equal(jar.getCookieHeader(HTTPS), 's=1; p=1');
    assert.equal(jar.getCookieHeader(HTTP), 'p=1');
  });

  test('§5.8.3 step 1: HttpOnly cookies are hidden from non-HTTP APIs', () => {
    const jar = createCookieJar();
    jar.setCookie('h=1; HttpOnly; Path=/', HTTP);
    jar.setCookie('j=1; Path=/', HTTP);
    assert.equal(jar.getCookieHeader(HTTP), 'h=1; j=1');
    assert.equal(jar.getCookieHeader(HTTP, { api: 'non-http' }), 'j=1');
  });

  test('§5.8.3 step 2: longer paths first, then earlier creation time', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now });
    jar.setCookie('root=1; Path=/', HTTP);
    clock.advanceSeconds(1);
    jar.setCookie('deep=1; Path=/a/b', HTTP);
    clock.advanceSeconds(1);
    jar.setCookie('mid=1; Path=/a', HTTP);
    clock.advanceSeconds(1);
    jar.setCookie('root2=1; Path=/', HTTP);
    assert.equal(jar.getCookieHeader('http://www.example.com/a/b/c'), 'deep=1; mid=1; root=1; root2=1');
  });

  test('§5.8.3 step 2: with a frozen clock, insertion order breaks creation-time ties', () => {
    const jar = createCookieJar({ now: () => 0 });
    for (const name of ['z', 'a', 'm']) jar.setCookie(`${name}=1; Path=/`, HTTP);
    assert.equal(jar.getCookieHeader(HTTP), 'z=1; a=1; m=1');
  });

  test('§5.8.3 step 3: retrieval updates last-access time', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now });
    jar.setCookie('a=1; Path=/', HTTP);
    clock.advanceSeconds(30);
    const [cookie] = jar.getCookies(HTTP);
    assert.equal(cookie?.lastAccessedAt, clock.now());
    assert.equal(cookie?.createdAt, clock.now() - 30_000);
  });

  test('§5.8.3 step 4: name=value joined by "; ", a nameless cookie as its value, "" when none', () => {
    assert.equal(
      serializeCookieList([
        { name: 'a', value: '1' },
        { name: '', value: 'solo' },
        { name: 'empty', value: '' },
      ]),
      'a=1; solo; empty=',
    );
    assert.equal(serializeCookieList([]), '');
  });

  test('getCookies returns copies: changing them does not change the jar', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1; Path=/', HTTP);
    const [cookie] = jar.getCookies(HTTP);
    assert.ok(cookie);
    cookie.value = 'tampered';
    assert.equal(jar.getCookieHeader(HTTP), 'a=1');
    assert.equal('seq' in cookie, false);
  });
});
