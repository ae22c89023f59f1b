import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { createCookieJar } from '../../src/jar/index.ts';

const URL_ = 'https://api.example/login';

describe('storeResponseHeaders (RFC 6265bis §5.6: one cookie per Set-Cookie field)', () => {
  test('Fetch Headers: getSetCookie() keeps fields with commas apart', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'a=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Path=/');
    headers.append('Set-Cookie', 'b=2; Path=/');
    headers.append('Content-Type', 'text/plain');
    const jar = createCookieJar({ now: () => Date.UTC(2030, 0, 1) });
    assert.equal(jar.storeResponseHeaders(URL_, headers), 2);
    assert.equal(jar.getCookieHeader('https://api.example/'), 'a=1; b=2');
  });

  test('a Response object from fetch works the same way', () => {
    const response = new Response('ok', { headers: [['set-cookie', 'sid=abc; HttpOnly; Secure; Path=/']] });
    const jar = createCookieJar();
    assert.equal(jar.storeResponseHeaders(URL_, response.headers), 1);
    assert.equal(jar.getCookieHeader('https://api.example/me'), 'sid=abc');
  });

  test('Headers without getSetCookie: the combined value is one field', () => {
    const legacy = { get: (name: string) => (name === 'set-cookie' ? 'a=1; Path=/' : null) };
    const jar = createCookieJar();
    assert.equal(jar.storeResponseHeaders(URL_, legacy), 1);
    assert.equal(jar.storeResponseHeaders(URL_, { get: () => null }), 0);
  });

  test('a plain record (Node IncomingHttpHeaders): case-insensitive key, array or string', () => {
    const jar = createCookieJar();
    assert.equal(jar.storeResponseHeaders(URL_, { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'], 'content-length': '2' }), 2);
    assert.equal(jar.storeResponseHeaders(URL_, { 'Set-Cookie': 'c=3; Path=/' }), 1);
    assert.equal(jar.storeResponseHeaders(URL_, {}), 0);
    assert.equal(jar.getCookieHeader('https://api.example/'), 'a=1; b=2; c=3');
  });

  test('Node header objects type-check and work', () => {
    const incoming: IncomingHttpHeaders = { 'set-cookie': ['a=1; Path=/'] };
    const outgoing: OutgoingHttpHeaders = { 'Set-Cookie': ['b=2; Path=/'], 'Content-Length': 0 };
    const jar = createCookieJar();
    assert.equal(jar.storeResponseHeaders(URL_, incoming) + jar.storeResponseHeaders(URL_, outgoing), 2);
  });

  test('the request context applies to every field', () => {
    const jar = createCookieJar();
    const stored = jar.storeResponseHeaders(URL_, { 'set-cookie': ['a=1', 'b=1; SameSite=None; Secure'] }, { sameSiteContext: 'cross-site' });
    assert.equal(stored, 1);
  });
});
