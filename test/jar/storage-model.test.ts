import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';
import { createManualClock, START } from './clock.ts';

const HTTP = 'http://www.example.com/dir/page';
const HTTPS = 'https://www.example.com/dir/page';
const DAY = 24 * 60 * 60;

function jarAt() {
  const clock = createManualClock();
  return { clock, jar: createCookieJar({ now: clock.now }) };
}

describe('storage model (RFC 6265bis §5.7)', () => {
  test('§5.7 step 2 / §5.6: an unparsable line is reported as invalid-syntax', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('=', HTTP), { stored: false, reason: 'invalid-syntax' });
    assert.deepEqual(jar.trySetCookie('a=b\u0000', HTTP), { stored: false, reason: 'invalid-syntax' });
  });

  test('§5.7 step 3: nameless cookies are stored and sent as their value', () => {
    const { jar } = jarAt();
    assert.equal(jar.setCookie('foo', HTTP), true);
    assert.equal(jar.getCookieHeader(HTTP), 'foo');
    assert.equal(jar.setCookie('bar', HTTP), true); // same (empty) name, same key: replaced
    assert.equal(jar.getCookieHeader(HTTP), 'bar');
  });

  test('§5.7 step 10: without Domain the cookie is host-only', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', HTTP);
    const [cookie] = jar.getAllCookies();
    assert.equal(cookie?.hostOnly, true);
    assert.equal(cookie?.domain, 'www.example.com');
    assert.equal(jar.getCookieHeader('http://sub.www.example.com/dir/'), '');
    assert.equal(jar.getCookieHeader('http://www.example.com/dir/'), 'a=1');
  });

  test('§5.7 step 10: a Domain attribute the host domain-matches makes a domain cookie', () => {
    const { jar } = jarAt();
    assert.equal(jar.setCookie('a=1; Domain=.EXAMPLE.com; Path=/', HTTP), true);
    const [cookie] = jar.getAllCookies();
    assert.equal(cookie?.hostOnly, false);
    assert.equal(cookie?.domain, 'example.com');
    assert.equal(jar.getCookieHeader('http://example.com/'), 'a=1');
    assert.equal(jar.getCookieHeader('http://deep.sub.example.com/'), 'a=1');
    assert.equal(jar.getCookieHeader('http://notexample.com/'), '');
  });

  test('§5.7 step 10: a Domain the host does not domain-match is rejected', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1; Domain=other.com', HTTP), { stored: false, reason: 'domain-mismatch' });
    assert.deepEqual(jar.trySetCookie('a=1; Domain=sub.www.example.com', HTTP), { stored: false, reason: 'domain-mismatch' });
    assert.deepEqual(jar.trySetCookie('a=1; Domain=ample.com', HTTP), { stored: false, reason: 'domain-mismatch' });
  });

  test('§5.7 step 8: a non-ASCII Domain attribute voids the cookie', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1; Domain=bücher.example', 'http://www.xn--bcher-kva.example/'), {
      stored: false,
      reason: 'invalid-domain',
    });
  });

  test('§5.7 step 9: a public-suffix Domain is rejected, unless it is the host itself (then host-only)', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1; Domain=com', HTTP), { stored: false, reason: 'public-suffix' });
    assert.deepEqual(jar.trySetCookie('a=1; Domain=github.io', 'https://evil.github.io/'), {
      stored: false,
      reason: 'public-suffix',
    });
    const outcome = jar.trySetCookie('a=1; Domain=github.io', 'https://github.io/');
    assert.equal(outcome.stored && outcome.cookie.hostOnly, true);
    assert.equal(jar.getCookieHeader('https://pages.github.io/'), '');
    assert.equal(jar.getCookieHeader('https://github.io/'), 'a=1');
  });

  test('§5.7 step 9: the public-suffix check can be replaced', () => {
    const jar = createCookieJar({ isPublicSuffix: () => false });
    assert.equal(jar.setCookie('a=1; Domain=com', HTTP), true);
  });

  test('§5.7 step 10: an IP host may name itself as Domain, and the cookie stays host-only', () => {
    const { jar } = jarAt();
    const outcome = jar.trySetCookie('a=1; Domain=127.0.0.1', 'http://127.0.0.1:8080/');
    assert.equal(outcome.stored && outcome.cookie.hostOnly, true);
    assert.deepEqual(jar.trySetCookie('a=1; Domain=0.0.1', 'http://127.0.0.1/'), { stored: false, reason: 'domain-mismatch' });
  });

  test('§5.7 step 11: Path attribute, else the default-path of the request (§5.1.4)', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', 'http://www.example.com/dir/sub/page');
    jar.setCookie('b=2; Path=/other', 'http://www.example.com/dir/sub/page');
    jar.setCookie('c=3; Path=relative', 'http://www.example.com/dir/sub/page');
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.path),
      ['/dir/sub', '/other', '/dir/sub'],
    );
  });

  test('§5.7 step 13: Secure cookies only from secure origins', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1; Secure', HTTP), { stored: false, reason: 'secure-from-insecure-origin' });
    assert.equal(jar.setCookie('a=1; Secure', HTTPS), true);
    assert.equal(jar.getCookieHeader(HTTP), '');
    assert.equal(jar.getCookieHeader(HTTPS), 'a=1');
  });

  test('§5.7 step 13: http://localhost counts as secure (potentially trustworthy), unless told otherwise', () => {
    assert.equal(createCookieJar().setCookie('a=1; Secure', 'http://localhost:3000/'), true);
    assert.equal(createCookieJar({ trustLocalhost: false }).setCookie('a=1; Secure', 'http://localhost:3000/'), false);
  });

  test('§5.7 step 15: a non-HTTP API cannot create an HttpOnly cookie', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1; HttpOnly', HTTP, { api: 'non-http' }), {
      stored: false,
      reason: 'http-only-from-non-http-api',
    });
    assert.equal(jar.setCookie('a=1; HttpOnly', HTTP), true);
  });

  test('§5.7 step 16: a non-secure origin cannot shadow a Secure cookie ("leave secure cookies alone")', () => {
    const { jar } = jarAt();
    assert.equal(jar.setCookie('sid=secure; Secure; Path=/login', 'https://www.example.com/'), true);
    assert.deepEqual(jar.trySetCookie('sid=evil; Path=/login', 'http://www.example.com/'), {
      stored: false,
      reason: 'overlays-secure-cookie',
    });
    assert.deepEqual(jar.trySetCookie('sid=evil; Path=/login/en', 'http://www.example.com/'), {
      stored: false,
      reason: 'overlays-secure-cookie',
    });
    assert.deepEqual(jar.trySetCookie('sid=evil; Domain=example.com; Path=/login', 'http://www.example.com/'), {
      stored: false,
      reason: 'overlays-secure-cookie',
    });
    // The path comparison is one-way: a broader path, or another path, is allowed.
    assert.equal(jar.setCookie('sid=plain; Path=/', 'http://www.example.com/'), true);
    assert.equal(jar.setCookie('sid=plain; Path=/foo', 'http://www.example.com/'), true);
    // A secure origin may overwrite it.
    assert.equal(jar.setCookie('sid=new; Secure; Path=/login', 'https://www.example.com/'), true);
  });

  test('§5.7 step 16: nor delete it with an expired cookie', () => {
    const { jar } = jarAt();
    jar.setCookie('sid=1; Secure; Path=/', HTTPS);
    assert.deepEqual(jar.trySetCookie('sid=; Max-Age=0; Path=/', HTTP), { stored: false, reason: 'overlays-secure-cookie' });
    assert.equal(jar.getCookieHeader(HTTPS), 'sid=1');
  });

  test('§5.7 step 23: a non-HTTP API cannot overwrite or delete an HttpOnly cookie', () => {
    const { jar } = jarAt();
    jar.setCookie('sid=1; Path=/', HTTP);
    jar.setCookie('sid=2; HttpOnly; Path=/', HTTP);
    assert.deepEqual(jar.trySetCookie('sid=3; Path=/', HTTP, { api: 'non-http' }), {
      stored: false,
      reason: 'overwrites-http-only',
    });
    assert.deepEqual(jar.trySetCookie('sid=; Path=/; Max-Age=0', HTTP, { api: 'non-http' }), {
      stored: false,
      reason: 'overwrites-http-only',
    });
    assert.equal(jar.getCookieHeader(HTTP), 'sid=2');
    assert.equal(jar.getCookieHeader(HTTP, { api: 'non-http' }), '');
  });

  test('§5.7 step 23: overwriting keeps the creation time, so the header order holds', () => {
    const { jar, clock } = jarAt();
    jar.setCookie('a=1; Path=/', HTTP);
    clock.advanceSeconds(10);
    jar.setCookie('b=2; Path=/', HTTP);
    clock.advanceSeconds(10);
    jar.setCookie('a=3; Path=/', HTTP);
    assert.equal(jar.getCookieHeader(HTTP), 'a=3; b=2');
    assert.equal(jar.getAllCookies()[0]?.createdAt, START);
  });

  test('§5.7 step 23: the same name with another path, domain or host-only flag is another cookie', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1; Path=/', HTTP);
    jar.setCookie('a=2; Path=/dir', HTTP);
    jar.setCookie('a=3; Path=/; Domain=www.example.com', HTTP);
    assert.equal(jar.getAllCookies().length, 3);
    assert.equal(jar.getCookieHeader(HTTP), 'a=2; a=1; a=3');
  });

  test('§5.6.2 / §5.7 step 6: Max-Age wins over Expires whatever the order', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:00 GMT', HTTP);
    jar.setCookie('b=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Max-Age=60', HTTP);
    jar.setCookie('c=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT', HTTP);
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.expiresAt),
      [START + 60_000, START + 60_000, START + 60_000],
    );
  });

  test('§5.5 "Cookie Lifetime Limits": Max-Age and Expires are capped at 400 days', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1; Max-Age=999999999', HTTP);
    jar.setCookie('b=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT', HTTP);
    jar.setCookie(`c=1; Max-Age=${399 * DAY}`, HTTP);
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.expiresAt),
      [START + 400 * DAY * 1000, START + 400 * DAY * 1000, START + 399 * DAY * 1000],
    );
  });

  test('§5.5: the age limit is configurable', () => {
    const jar = createCookieJar({ now: () => START, cookieAgeLimitSeconds: 60 });
    jar.setCookie('a=1; Max-Age=3600', HTTP);
    assert.equal(jar.getAllCookies()[0]?.expiresAt, START + 60_000);
  });

  test('§5.7 step 6: no Max-Age or Expires → a session cookie (expiresAt null)', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', HTTP);
    jar.setCookie('b=1; Max-Age=60', HTTP);
    assert.equal(jar.getAllCookies()[0]?.expiresAt, null);
    jar.endSession();
    assert.deepEqual(
      jar.getAllCookies().map((c) => c.name),
      ['b'],
    );
  });

  test('§5.6.2: Max-Age ≤ 0 deletes the matching cookie and stores nothing', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', HTTP);
    jar.setCookie('b=1', HTTP);
    assert.deepEqual(jar.trySetCookie('a=gone; Max-Age=0', HTTP), { stored: false, reason: 'expired' });
    assert.deepEqual(jar.trySetCookie('b=gone; Max-Age=-5', HTTP), { stored: false, reason: 'expired' });
    assert.equal(jar.getCookieHeader(HTTP), '');
  });

  test('§5.6.1: an Expires in the past deletes the matching cookie', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', HTTP);
    assert.equal(jar.setCookie('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', HTTP), false);
    assert.equal(jar.getCookieHeader(HTTP), '');
  });

  test('§5.7: expired cookies are never returned and are evicted lazily', () => {
    const { jar, clock } = jarAt();
    jar.setCookie('a=1; Max-Age=10', HTTP);
    jar.setCookie('b=1; Max-Age=100', HTTP);
    clock.advanceSeconds(10);
    assert.equal(jar.getCookieHeader(HTTP), 'b=1');
    assert.equal(jar.getAllCookies().length, 1);
    clock.advanceSeconds(1000);
    assert.deepEqual(jar.getCookies(HTTP), []);
    assert.deepEqual(jar.toJSON().cookies, []);
  });

  test('an invalid request URL is reported, never thrown', () => {
    const { jar } = jarAt();
    assert.deepEqual(jar.trySetCookie('a=1', 'nonsense'), { stored: false, reason: 'invalid-url' });
    assert.deepEqual(jar.trySetCookie('a=1', 'file:///tmp/x'), { stored: false, reason: 'invalid-url' });
    assert.deepEqual(jar.getCookies('nonsense'), []);
    assert.equal(jar.getCookieHeader('ftp://example.com/'), '');
  });

  test('setCookies stores lines in order and counts what was stored', () => {
    const { jar } = jarAt();
    assert.equal(jar.setCookies(['a=1', 'bad\u0001', 'b=2', 'a=3'], HTTP), 3);
    assert.equal(jar.getCookieHeader(HTTP), 'a=3; b=2');
  });

  test('URL objects are accepted as well as strings', () => {
    const { jar } = jarAt();
    jar.setCookie('a=1', new URL(HTTP));
    assert.equal(jar.getCookieHeader(new URL(HTTP)), 'a=1');
  });
});
