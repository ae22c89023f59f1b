import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';
import { createManualClock } from './clock.ts';

const URL_ = 'https://www.example.com/app/';

describe('persistence: toJSON / fromJSON', () => {
  test('a jar survives a JSON round trip with order, flags and times intact', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now });
    jar.setCookie('a=1; Path=/; HttpOnly; SameSite=Strict', URL_);
    clock.advanceSeconds(1);
    jar.setCookie('b=2; Domain=example.com; Path=/; Secure; Max-Age=60', URL_);
    clock.advanceSeconds(1);
    jar.setCookie('c', URL_);
    const copy = createCookieJar({ now: clock.now });
    assert.equal(copy.fromJSON(JSON.parse(JSON.stringify(jar))), 3);
    assert.deepEqual(copy.getAllCookies(), jar.getAllCookies());
    assert.equal(copy.getCookieHeader(URL_), jar.getCookieHeader(URL_));
  });

  test('expired entries are not restored', () => {
    const clock = createManualClock();
    const jar = createCookieJar({ now: clock.now });
    jar.setCookie('a=1; Max-Age=10', URL_);
    const snapshot = jar.toJSON();
    clock.advanceSeconds(11);
    assert.equal(createCookieJar({ now: clock.now }).fromJSON(snapshot), 0);
  });

  test('malformed snapshots and entries are skipped, never thrown on', () => {
    const jar = createCookieJar();
    for (const bad of [null, undefined, 42, 'x', [], {}, { version: 2, cookies: [] }, { version: 1, cookies: 'no' }]) {
      assert.equal(jar.fromJSON(bad), 0);
    }
    const good = createCookieJar();
    good.setCookie('a=1', URL_);
    const [cookie] = good.toJSON().cookies;
    const entries = [
      cookie,
      { ...cookie, name: 'x\u0000' },
      { ...cookie, path: 'relative' },
      { ...cookie, expiresAt: 'soon' },
      { ...cookie, sameSite: 'lax' },
      { ...cookie, domain: '' },
      { ...cookie, name: '', value: '' },
      null,
    ];
    assert.equal(jar.fromJSON({ version: 1, cookies: entries }), 1);
  });

  test('restoring replaces a stored cookie with the same key', () => {
    const jar = createCookieJar();
    jar.setCookie('a=old; Path=/', URL_);
    const other = createCookieJar();
    other.setCookie('a=new; Path=/', URL_);
    jar.fromJSON(other.toJSON());
    assert.equal(jar.getCookieHeader(URL_), 'a=new');
  });

  test('clear empties the jar', () => {
    const jar = createCookieJar();
    jar.setCookie('a=1', URL_);
    jar.clear();
    assert.deepEqual(jar.getAllCookies(), []);
  });
});
