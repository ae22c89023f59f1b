/**
 * The demo (`npm start`) over HTTP, as a real process, driven through tessera's cookie jar:
 * anonymous visitors get no cookie, the cookie pages set, read and delete cookies with their
 * attributes, the signed counter and the sealed note, login and its throttle, CSRF refusals.
 * The browser tests (test/e2e) cover what needs a browser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieJar } from '../../src/jar/index.ts';
import { startDemo, type DemoProcess } from './demo-process.ts';

/** A visitor: a cookie jar, and requests that carry it (no redirects followed). */
function visitor(base: string) {
  const jar = createCookieJar();
  const go = async (path: string, init: RequestInit = {}) => {
    const url = base + path;
    const headers = new Headers(init.headers);
    const cookie = jar.getCookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.storeResponseHeaders(url, res.headers);
    return res;
  };
  /** Posts a form from `page` (whose CSRF token it reads first), as the page's own form would. */
  const submit = async (page: string, action: string, form: Record<string, string>) => {
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await go(page)).text())?.[1];
    assert.ok(token, `no CSRF field on ${page}`);
    return go(action, { method: 'POST', body: new URLSearchParams({ ...form, _csrf: token }), headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' } });
  };
  const cookie = (name: string) => jar.getCookies(base + '/').find((c) => c.name === name);
  return { jar, go, submit, cookie };
}

describe('demo app over HTTP', () => {
  let demo: DemoProcess;
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.stop());

  test('prints its URL and store, and gives an untouched visitor no cookie', async () => {
    assert.match(demo.output(), /sessions: SQLite \(sqlite:\.\/data\/sessions\.db\)/); // as with `npm start`
    const res = await fetch(demo.url + '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await res.text(), /<html lang="en"/);
  });

  test('set a cookie with attributes, read them, delete it', async () => {
    const v = visitor(demo.url);
    const set = await v.submit('/cookies/set', '/cookies/set', { name: 'flavour', value: 'mint', maxAge: '600', path: '/', sameSite: 'Strict', priority: 'High', secure: 'on', httpOnly: 'on' });
    assert.equal(set.status, 303);
    assert.equal(set.headers.get('location'), '/cookies');
    assert.ok(set.headers.getSetCookie().includes('flavour=mint; Max-Age=600; Path=/; HttpOnly; Secure; Priority=High; SameSite=Strict'));
    const read = await (await v.go('/cookies')).text();
    assert.match(read, /Set-Cookie: flavour=mint; Max-Age=600/); // shown once, after the redirect
    assert.match(read, /<h3><code>flavour<\/code><\/h3>/);
    assert.match(read, /<dt>SameSite<\/dt><dd>Strict<\/dd>/);
    assert.match(read, /<dt>Priority<\/dt><dd>High<\/dd>/);
    assert.doesNotMatch(await (await v.go('/cookies')).text(), /Set-Cookie: flavour/); // a flash: once only
    const del = await v.submit('/cookies/delete', '/cookies/delete', { name: 'flavour' });
    assert.equal(del.status, 303);
    assert.ok(del.headers.getSetCookie().some((l) => l.startsWith('flavour=; Max-Age=0; Path=/;')));
    assert.equal(v.cookie('flavour'), undefined);
  });

  test('a cookie a browser would drop is refused with the rule', async () => {
    const v = visitor(demo.url);
    const res = await v.submit('/cookies/set', '/cookies/set', { name: '__Host-x', value: '1', domain: 'localhost', path: '/', secure: 'on' });
    assert.equal(res.status, 400);
    const page = await res.text();
    assert.match(page, /The serializer refused this cookie. <strong>domain<\/strong>/);
    assert.match(page, /value="__Host-x"/); // the form keeps what was tried
  });

  test('the signed counter counts, and a tampered one starts again at 1', async () => {
    const v = visitor(demo.url);
    assert.match(await (await v.go('/cookies')).text(), /Visit number <strong>1<\/strong>/);
    assert.match(await (await v.go('/cookies')).text(), /Visit number <strong>2<\/strong>/);
    const visits = v.cookie('__Host-visits')!;
    assert.ok(visits.httpOnly && visits.secure);
    const tampered = visits.value.replace(/\.Mg\./, '.OTk.'); // "2" → "99" in the readable part
    assert.notEqual(tampered, visits.value);
    const res = await fetch(demo.url + '/cookies', { headers: { cookie: `__Host-visits=${tampered}` } });
    assert.match(await res.text(), /Visit number <strong>1<\/strong>/);
  });

  test('a sealed note round-trips and its cookie reveals nothing', async () => {
    const v = visitor(demo.url);
    await v.submit('/cookies', '/cookies/note', { note: 'remember the milk' });
    const note = v.cookie('__Host-note')!;
    assert.doesNotMatch(Buffer.from(note.value.split('.').at(-1)!, 'base64url').toString('latin1'), /milk/);
    assert.match(await (await v.go('/cookies')).text(), /Your note: <strong>remember the milk<\/strong>/);
  });

  test('login: a wrong password says so, a right one logs in with a new session id', async () => {
    const v = visitor(demo.url);
    const wrong = await v.submit('/login', '/login', { username: 'ada', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /role="alert" id="login-error">Wrong username or password\./);
    const before = v.cookie('__Host-session')!.value;
    const ok = await v.submit('/login', '/login', { username: 'ada', password: 'analytical-engine', next: '/profile' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/profile');
    assert.notEqual(v.cookie('__Host-session')!.value, before); // regenerated at login
    const profile = await v.go('/profile');
    assert.equal(profile.status, 200);
    const text = await profile.text();
    assert.match(text, /Welcome, Ada Lovelace/);
    assert.match(text, /<dt>Username<\/dt><dd><code>ada<\/code><\/dd>/);
  });

  test('login: after three wrong passwords, the next try must wait', async () => {
    const v = visitor(demo.url);
    for (let i = 0; i < 3; i++) assert.equal((await v.submit('/login', '/login', { username: 'grace', password: `guess-${i}` })).status, 401);
    const slowed = await v.submit('/login', '/login', { username: 'grace', password: 'compiler-1952' });
    assert.equal(slowed.status, 429);
    assert.equal(slowed.headers.get('retry-after'), '1');
    assert.match(await slowed.text(), /Too many wrong passwords for this username\. Wait 1 second/);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await v.submit('/login', '/login', { username: 'grace', password: 'compiler-1952' })).status, 303);
  });

  test('pages for logged-in users answer 401 to others', async () => {
    for (const path of ['/profile', '/sessions']) {
      const res = await fetch(demo.url + path);
      assert.equal(res.status, 401);
      assert.match(await res.text(), /href="\/login\?next=/);
    }
  });

  test('forms from another origin, or without the token, are refused with 403', async () => {
    const crossSite = await fetch(demo.url + '/cart/add', { method: 'POST', body: 'product=tea', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(crossSite.status, 403);
    assert.match(await crossSite.text(), /origin-mismatch/);
    const v = visitor(demo.url);
    await v.go('/cart');
    const noToken = await v.go('/cart/add', { method: 'POST', body: 'product=tea', headers: { origin: demo.url, 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noToken.status, 403);
    assert.match(await noToken.text(), /token-missing/);
    assert.match(await (await v.go('/cart')).text(), /Your cart is empty/);
  });

  test('the cart is kept in the session and survives login', async () => {
    const v = visitor(demo.url);
    assert.equal((await v.submit('/cart', '/cart/add', { product: 'honey' })).status, 303);
    await v.submit('/cart', '/cart/add', { product: 'honey' });
    assert.match(await (await v.go('/cart')).text(), /Heather honey<\/td><td class="num">2<\/td>/);
    await v.submit('/login', '/login', { username: 'alan', password: 'enigma-bombe' });
    assert.match(await (await v.go('/cart')).text(), /Heather honey<\/td><td class="num">2<\/td>/);
    await v.submit('/', '/logout', {});
    assert.match(await (await v.go('/cart')).text(), /Your cart is empty/);
  });

  test('unknown pages are 404 and wrong methods 405', async () => {
    assert.equal((await fetch(demo.url + '/nowhere')).status, 404);
    const res = await fetch(demo.url + '/logout');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
  });
});
