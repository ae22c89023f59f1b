import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';

const HTTPS = 'https://www.example.com/app/page';
const HTTP = 'http://www.example.com/app/page';

function reason(line: string, url = HTTPS, api: 'http' | 'non-http' = 'http'): string {
  const outcome = createCookieJar().trySetCookie(line, url, { api });
  return outcome.stored ? 'stored' : outcome.reason;
}

describe('cookie name prefixes (RFC 6265bis §5.7 steps 20-22, draft-ietf-httpbis-layered-cookies)', () => {
  test('§5.7 step 20: __Secure- needs Secure (case-insensitive match)', () => {
    assert.equal(reason('__Secure-a=1; Secure'), 'stored');
    assert.equal(reason('__Secure-a=1'), 'invalid-prefix');
    assert.equal(reason('__SECURE-a=1'), 'invalid-prefix');
    assert.equal(reason('__secure-a=1'), 'invalid-prefix');
    assert.equal(reason('__Secure-a=1; Secure', HTTP), 'secure-from-insecure-origin');
  });

  test('§5.7 step 21: __Host- needs Secure, no Domain and an explicit Path=/', () => {
    assert.equal(reason('__Host-a=1; Secure; Path=/'), 'stored');
    assert.equal(reason('__HoSt-a=1; Secure; Path=/'), 'stored');
    assert.equal(reason('__Host-a=1; Path=/'), 'invalid-prefix');
    assert.equal(reason('__Host-a=1; Secure; Path=/; Domain=www.example.com'), 'invalid-prefix');
    assert.equal(reason('__Host-a=1; Secure; Path=/app'), 'invalid-prefix');
    assert.equal(reason('__Host-a=1; Secure', 'https://www.example.com/'), 'invalid-prefix');
    assert.equal(reason('__Host-a=1; Secure; Path=', 'https://www.example.com/'), 'invalid-prefix');
  });

  test('layered cookies: __Http- needs Secure and HttpOnly, so only HTTP can set it', () => {
    assert.equal(reason('__Http-a=1; Secure; HttpOnly; Path=/app'), 'stored');
    assert.equal(reason('__Http-a=1; Secure'), 'invalid-prefix');
    assert.equal(reason('__http-a=1; HttpOnly'), 'invalid-prefix');
    assert.equal(reason('__Http-a=1; Secure; HttpOnly', HTTPS, 'non-http'), 'http-only-from-non-http-api');
  });

  test('layered cookies: __Host-Http- needs both rule sets', () => {
    assert.equal(reason('__Host-Http-a=1; Secure; HttpOnly; Path=/'), 'stored');
    assert.equal(reason('__Host-Http-a=1; Secure; Path=/'), 'invalid-prefix');
    assert.equal(reason('__Host-Http-a=1; Secure; HttpOnly; Path=/app'), 'invalid-prefix');
  });

  test('§5.7 step 22: a nameless cookie may not look like a prefixed one', () => {
    assert.equal(reason('__Secure-a=1; Secure'), 'stored');
    assert.equal(reason('=__Secure-a=1; Secure'), 'invalid-prefix');
    assert.equal(reason('__Host-a; Secure; Path=/'), 'invalid-prefix');
    assert.equal(reason('=__http-x; Secure; HttpOnly'), 'invalid-prefix');
    assert.equal(reason('=__Securefoo'), 'stored');
  });

  test('prefix lookalikes that differ in more than case are ordinary names', () => {
    assert.equal(reason('__%53ecure-a=1', HTTP), 'stored');
    assert.equal(reason('_Secure-a=1', HTTP), 'stored');
    assert.equal(reason(' __Secure-a=1', HTTP), 'invalid-prefix'); // leading WSP is trimmed first
  });
});
