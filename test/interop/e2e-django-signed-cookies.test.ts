/**
 * End to end with a real Django project using `django.contrib.sessions.backends.signed_cookies`
 * (users in SQLite) and a tessera Express app on another port using
 * `createDjangoSessionManager({ engine: 'signed-cookies' })` through the Express adapter, with
 * property-style `req.session`: the cookie is the session, so both apps must read and write the
 * same signed value. A Django login is seen by tessera (its `_auth_user_hash` verified against
 * `auth_user.password`) and the other way round; a change by either is seen by the other; a
 * tampered, foreign-key or expired cookie is refused by both.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { getSession, tesseraSession, type ExpressEngineSession } from '../../src/adapters/express.ts';
import {
  createDjangoSessionManager,
  djangoLoginEntries,
  getDjangoAuthUser,
  verifyDjangoSessionAuth,
  type DjangoSession,
  type InteropInvalidCookieEvent,
  type PyDict,
} from '../../src/interop/django/index.ts';
import { listen, type SuiteServer } from '../adapters/suite.ts';
import { openSqlite } from './databases.ts';
import { createBrowser, startPythonServer, type PythonServer } from './e2e-support.ts';
import { pythonAvailable } from './python-helper.ts';

const SECRET = 'django-signed-cookies-e2e-secret-' + process.pid;
const DAY_MS = 86_400_000;

describe('end to end: Django (signed_cookies sessions) and a tessera Express app share the sessionid cookie', { skip: !pythonAvailable() && !process.env.CI }, () => {
  let sqlite: ReturnType<typeof openSqlite>;
  let django: PythonServer;
  let tessera: SuiteServer;
  let tesseraPort: number;
  let aliceId: string;
  /** Added to tessera's clock, to write or read cookies as of another day. */
  let skewMs = 0;
  const refused: InteropInvalidCookieEvent['reason'][] = [];

  const passwordOf = (id: string) => (sqlite.db.prepare('SELECT password FROM auth_user WHERE id = ?').get(Number(id)) as { password: string } | undefined)?.password ?? null;

  before(async () => {
    sqlite = openSqlite();
    django = await startPythonServer('django_app.py', { DJANGO_SECRET_KEY: SECRET, DJANGO_DB: `sqlite:${sqlite.path}`, DJANGO_SESSION_ENGINE: 'signed_cookies' }, 60_000);
    aliceId = django.extra[0]!;
    const manager = createDjangoSessionManager({
      engine: 'signed-cookies',
      secretKey: SECRET,
      now: () => Date.now() + skewMs,
      onInvalidCookie: (event) => void refused.push(event.reason),
    });
    const app = express();
    app.use(tesseraSession(manager));
    // req.session over a DjangoSession (an app would augment ExpressSessionEngine once instead).
    const sessionOf = (req: express.Request) => req.session as unknown as ExpressEngineSession<DjangoSession>;
    app.get('/whoami', (req, res) => {
      const s = sessionOf(req); // loaded eagerly by the adapter: property reads are synchronous
      const data = { ...s } as unknown as PyDict; // the data keys, read through the property view
      const login = getDjangoAuthUser(data);
      const password = login === null ? null : passwordOf(login.userId);
      // As Django's get_user: the login counts only while the hash matches the current password.
      const verified = password !== null && verifyDjangoSessionAuth(data, { passwordHash: password, secretKey: SECRET });
      res.json({ user: verified ? login!.userId : null, note: data.note ?? null });
    });
    app.post('/login', (req, res) => {
      const s = sessionOf(req);
      const user = String(req.query.user);
      s.regenerate(); // Django's login() cycles the key
      for (const [k, v] of Object.entries(djangoLoginEntries({ userId: user, passwordHash: passwordOf(user)! }, SECRET))) s.set(k, v);
      res.json({ ok: true });
    });
    app.post('/note', (req, res) => {
      (sessionOf(req) as Record<string, unknown>).note = String(req.query.text); // property style: session.set('note', ...)
      res.json({ ok: true, isNew: getSession<DjangoSession>(req).isNew });
    });
    app.post('/logout', (req, res) => {
      sessionOf(req).destroy();
      res.json({ ok: true });
    });
    tessera = await listen(createServer(app));
    tesseraPort = Number(new URL(tessera.url).port);
  });
  after(async () => {
    await tessera?.close();
    await django?.stop();
    sqlite?.remove();
  });

  /** The sessionid value in `browser`'s jar. */
  const cookieOf = (browser: ReturnType<typeof createBrowser>) => browser.jar.getAllCookies().find((c) => c.name === 'sessionid')?.value;
  /** Puts `value` in the jar as the sessionid cookie (a browser-session cookie, so the jar's clock never drops it). */
  const plant = (browser: ReturnType<typeof createBrowser>, value: string) => browser.jar.setCookie(`sessionid=${value}; Path=/`, `http://127.0.0.1:${django.port}/`);

  test('a Django login is seen by tessera; a note written by tessera is seen by Django; a Django logout ends it for tessera', async () => {
    const browser = createBrowser();
    assert.deepEqual(await browser.request('POST', django.port, '/login?username=alice&password=wonderland'), { ok: true, user: Number(aliceId) });
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: aliceId, note: null });
    assert.deepEqual(await browser.request('POST', tesseraPort, '/note?text=written%20by%20tessera%20%E2%9C%93'), { ok: true, isNew: false });
    assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: Number(aliceId), note: 'written by tessera ✓' });
    await browser.request('POST', django.port, '/note?text=and%20by%20Django');
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: aliceId, note: 'and by Django' });
    await browser.request('POST', django.port, '/logout');
    assert.equal(cookieOf(browser), undefined, 'Django deleted the cookie');
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
  });

  test("a login written by tessera passes Django's auth middleware; a change by Django is seen by tessera; a tessera logout ends it for Django", async () => {
    const browser = createBrowser();
    await browser.request('POST', tesseraPort, `/login?user=${aliceId}`);
    assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: Number(aliceId), note: null });
    await browser.request('POST', django.port, '/note?text=from%20Django');
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: aliceId, note: 'from Django' });
    await browser.request('POST', tesseraPort, '/logout');
    assert.equal(cookieOf(browser), undefined, 'tessera cleared the cookie');
    assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: null, note: null });
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
  });

  test('a tampered cookie and one signed with another SECRET_KEY are refused by both', async () => {
    const browser = createBrowser();
    await browser.request('POST', django.port, '/login?username=alice&password=wonderland');
    const value = cookieOf(browser)!;
    // Change one character of the signature (the part after the last colon).
    const at = value.lastIndexOf(':') + 5;
    plant(browser, value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1));
    // tessera first: Django answers a refused cookie with a cookie of its own (a new, empty session).
    refused.length = 0;
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
    assert.deepEqual(refused, ['bad-signature']);
    assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: null, note: null });

    const other = createDjangoSessionManager({ engine: 'signed-cookies', secretKey: 'another-project-secret' });
    const forged = other.load(null);
    for (const [k, v] of Object.entries(djangoLoginEntries({ userId: aliceId, passwordHash: passwordOf(aliceId)! }, 'another-project-secret'))) forged.set(k, v);
    const line = (await other.commit(forged)).find(([name]) => name === 'Set-Cookie')![1];
    plant(browser, line.slice('sessionid='.length, line.indexOf(';')));
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
    assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: null, note: null });
    assert.deepEqual(refused, ['bad-signature', 'bad-signature']);
  });

  test('an expired cookie (older than SESSION_COOKIE_AGE) is refused by both', async () => {
    // Django's cookie, read by tessera fifteen days later (the age is fourteen).
    const browser = createBrowser();
    await browser.request('POST', django.port, '/login?username=alice&password=wonderland');
    refused.length = 0;
    skewMs = 15 * DAY_MS;
    try {
      assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
    } finally {
      skewMs = 0;
    }
    assert.deepEqual(refused, ['expired']);
    assert.deepEqual(await browser.request('GET', tesseraPort, '/whoami'), { user: aliceId, note: null }, 'the same cookie is still good today');

    // tessera's cookie, signed fifteen days ago, sent to Django and to tessera today. (A jar would
    // have dropped it by its Expires; a browser with a wrong clock, or an attacker, still sends it.)
    skewMs = -15 * DAY_MS;
    let line: string | undefined;
    try {
      const res = await fetch(`http://127.0.0.1:${tesseraPort}/login?user=${aliceId}`, { method: 'POST' });
      await res.text();
      line = res.headers.getSetCookie().find((l) => l.startsWith('sessionid='));
    } finally {
      skewMs = 0;
    }
    assert.ok(line !== undefined);
    const stale = createBrowser();
    plant(stale, line.slice('sessionid='.length, line.indexOf(';')));
    refused.length = 0;
    assert.deepEqual(await stale.request('GET', tesseraPort, '/whoami'), { user: null, note: null });
    assert.deepEqual(refused, ['expired']);
    assert.deepEqual(await stale.request('GET', django.port, '/whoami'), { user: null, note: null });
  });
});
