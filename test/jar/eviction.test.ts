import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';
import { createManualClock } from './clock.ts';

const HTTPS = 'https://a.example/';

describe('eviction (RFC 6265bis §5.7, removing excess cookies)', () => {
  test('per domain: non-Secure cookies go before Secure ones', () => {
    const jar = createCookieJar({ maxCookiesPerDomain: 3 });
    jar.setCookie('s1=1; Secure; Path=/', HTTPS);
    jar.setCookie('p1=1; Path=/', HTTPS);
    jar.setCookie('s2=1; Secure; Path=/', HTTPS);
    jar.setCookie('p2=1; Path=/', HTTPS);
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['s1', 's2', 'p2'],
    );
  });

  test('per domain: least recently accessed first within a group', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now, maxCookiesPerDomain: 2 });
    jar.setCookie('old=1; Path=/old', HTTPS);
    clock.advanceSeconds(1);
    jar.setCookie('mid=1; Path=/mid', HTTPS);
    clock.advanceSeconds(1);
    jar.getCookies('https://a.example/old'); // touches "old"
    clock.advanceSeconds(1);
    jar.setCookie('new=1; Path=/', HTTPS);
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['old', 'new'],
    );
  });

  test('per domain: other domains are not affected', () => {
    const jar = createCookieJar({ maxCookiesPerDomain: 1 });
    jar.setCookie('a=1', 'https://a.example/');
    jar.setCookie('b=1', 'https://b.example/');
    jar.setCookie('a2=1', 'https://a.example/');
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['b', 'a2'],
    );
  });

  test('overall: expired cookies go first, then the least recently accessed', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now, maxCookies: 3 });
    jar.setCookie('short=1; Max-Age=1', 'https://x.example/');
    jar.setCookie('a=1', 'https://y.example/');
    jar.setCookie('b=1', 'https://z.example/');
    clock.advanceSeconds(2);
    jar.setCookie('c=1', 'https://w.example/');
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['a', 'b', 'c'],
    );
    jar.setCookie('d=1', 'https://v.example/');
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['b', 'c', 'd'],
    );
  });

  test('a frozen clock still evicts in access order', () => {
    const jar = createCookieJar({ now: () => 0, maxCookies: 2 });
    jar.setCookie('a=1', 'https://a.example/');
    jar.setCookie('b=1', 'https://b.example/');
    jar.getCookies('https://a.example/');
    jar.setCookie('c=1', 'https://c.example/');
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['a', 'c'],
    );
  });
});
