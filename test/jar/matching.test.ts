import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPath, domainMatch, isPublicSuffix, pathMatch } from '../../src/jar/index.ts';
import { normalizePercentEncoding, toRequestTarget } from '../../src/jar/request-target.ts';

describe('domain, path and host helpers', () => {
  test('§5.1.3 domain-match: identical, or a dot-separated suffix of a host name', () => {
    assert.equal(domainMatch('example.com', 'example.com'), true);
    assert.equal(domainMatch('www.example.com', 'example.com'), true);
    assert.equal(domainMatch('wwwexample.com', 'example.com'), false);
    assert.equal(domainMatch('example.com', 'www.example.com'), false);
    assert.equal(domainMatch('example.com', ''), false);
  });

  test('§5.1.3 domain-match: an IP address matches only itself', () => {
    assert.equal(domainMatch('1.2.3.4', '1.2.3.4'), true);
    assert.equal(domainMatch('1.2.3.4', '2.3.4'), false);
    assert.equal(domainMatch('[::1]', '[::1]'), true);
  });

  test('§5.1.4 default-path: the directory of the request path', () => {
    assert.equal(defaultPath('/cookies/resources/set.py'), '/cookies/resources');
    assert.equal(defaultPath('/cookies/'), '/cookies');
    assert.equal(defaultPath('/set.py'), '/');
    assert.equal(defaultPath('/'), '/');
    assert.equal(defaultPath(''), '/');
    assert.equal(defaultPath('relative/path'), '/');
  });

  test('§5.1.4 path-match: identical, or a prefix ending in "/" or followed by "/"', () => {
    assert.equal(pathMatch('/a/b', '/a/b'), true);
    assert.equal(pathMatch('/a/b/c', '/a/b'), true);
    assert.equal(pathMatch('/a/b/c', '/a/b/'), true);
    assert.equal(pathMatch('/a/bc', '/a/b'), false);
    assert.equal(pathMatch('/a', '/a/'), false);
    assert.equal(pathMatch('/A/b', '/a/b'), false);
    assert.equal(pathMatch('/anything', '/'), true);
  });

  test('§5.7 step 9: public suffixes from the PSL, private entries and the implicit * rule included', () => {
    assert.equal(isPublicSuffix('com'), true);
    assert.equal(isPublicSuffix('co.uk'), true);
    assert.equal(isPublicSuffix('github.io'), true);
    assert.equal(isPublicSuffix('test'), true);
    assert.equal(isPublicSuffix('com.'), true);
    assert.equal(isPublicSuffix('example.com'), false);
    assert.equal(isPublicSuffix('127.0.0.1'), false);
    assert.equal(isPublicSuffix(''), false);
  });

  test('RFC 3986 §6.2.2.2: request paths decode percent-encoded unreserved characters only', () => {
    assert.equal(normalizePercentEncoding('/f%6Fo/%7e%2D%2e%5F'), '/foo/~-._');
    assert.equal(normalizePercentEncoding('/a%20b/%C2%B8/%2F/%zz/%4'), '/a%20b/%C2%B8/%2F/%zz/%4');
  });

  test('§5.1.2 request host: canonical lowercase A-labels; secure for https and loopback', () => {
    assert.deepEqual(toRequestTarget('https://WWW.Bücher.example/a/b?q', true), {
      host: 'www.xn--bcher-kva.example',
      hostIsIp: false,
      path: '/a/b',
      secure: true,
    });
    assert.equal(toRequestTarget('http://localhost:3000/', true)?.secure, true);
    assert.equal(toRequestTarget('http://app.localhost/', true)?.secure, true);
    assert.equal(toRequestTarget('http://127.0.0.1/', true)?.secure, true);
    assert.equal(toRequestTarget('http://[::1]/', true)?.secure, true);
    assert.equal(toRequestTarget('http://localhost/', false)?.secure, false);
    assert.equal(toRequestTarget('http://example.com/', true)?.secure, false);
    assert.equal(toRequestTarget('wss://example.com/', true)?.secure, true);
  });

  test('request targets: only absolute http(s)/ws(s) URLs', () => {
    for (const url of ['', 'not a url', '/relative', 'file:///etc/passwd', 'data:text/plain,x', 'mailto:a@b.c']) {
      assert.equal(toRequestTarget(url, true), null, url);
    }
  });
});
