/**
 * The demo (`npm start`) as a user meets it: started as a real process, driven over HTTP
 * through tessera's cookie jar: set a cookie with attributes, see it, delete it; the signed
 * counter counts and resets when tampered; a refused cookie explains why; cross-site posts fail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCookieJar } from '../../src/jar/index.ts';

describe('demo app', () => {
  let child: ChildProcess;
  let base = '';
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
  const post = (path: string, form: Record<string, string>) =>
    go(path, { method: 'POST', body: new URLSearchParams(form), headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' } });

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], { env: { ...process.env, PORT: '0', TESSERA_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/localhost:(\d+)/.exec(out);
        if (m) resolve(`http://localhost:${m[1]}`);
      });
      child.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
    });
  });
  after(() => child.kill());

  test('the home page counts visits in a signed cookie', async () => {
    assert.match(await (await go('/')).text(), /Visit number <strong>1<\/strong>/);
    assert.match(await (await go('/')).text(), /Visit number <strong>2<\/strong>/);
    const visits = jar.getCookies(base + '/').find((c) => c.name === '__Host-visits')!;
    assert.ok(visits.httpOnly && visits.secure);
  });

  test('a tampered counter starts again at 1', async () => {
    const visits = jar.getCookies(base + '/').find((c) => c.name === '__Host-visits')!;
    const tampered = visits.value.replace(/\.MQ\.|\.Mg\.|\.Mw\./, '.OTk.');
    const res = await fetch(base + '/', { headers: { cookie: `__Host-visits=${tampered}` } });
    assert.match(await res.text(), /Visit number <strong>1<\/strong>/);
  });

  test('set a cookie with attributes, see them on the page, delete it', async () => {
    const set = await post('/set', { name: 'flavour', value: 'mint', maxAge: '600', path: '/', sameSite: 'Strict', priority: 'High', secure: 'on', httpOnly: 'on' });
    assert.equal(set.status, 303);
    assert.match(set.headers.get('set-cookie') ?? '', /^flavour=mint; Max-Age=600; Path=\/; HttpOnly; Secure; Priority=High; SameSite=Strict$/);
    const home = await (await go(set.headers.get('location')!)).text();
    assert.match(home, /<code>flavour<\/code>/);
    assert.match(home, /<code>SameSite=Strict<\/code>/);
    assert.match(home, /Set-Cookie: flavour=mint/);
    const del = await post('/delete', { name: 'flavour' });
    assert.match(del.headers.get('set-cookie') ?? '', /^flavour=; Max-Age=0;/);
    assert.equal(jar.getCookies(base + '/').some((c) => c.name === 'flavour'), false);
  });

  test('a cookie the browser would drop is refused with the rule', async () => {
    const res = await post('/set', { name: '__Host-x', value: '1', domain: 'localhost', path: '/', secure: 'on' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /refused this cookie: <strong>domain<\/strong>/);
  });

  test('a sealed note round-trips and its value is not readable in the cookie', async () => {
    await post('/note', { note: 'remember the milk' });
    const note = jar.getCookies(base + '/').find((c) => c.name === '__Host-note')!;
    assert.doesNotMatch(Buffer.from(note.value.split('.').at(-1)!, 'base64url').toString('latin1'), /milk/);
    assert.match(await (await go('/')).text(), /Your note: <strong>remember the milk<\/strong>/);
  });

  test('a cross-site form post is refused', async () => {
    const res = await fetch(base + '/set', { method: 'POST', body: 'name=a&value=b', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 403);
  });
});
