/**
 * End to end with a real Flask app (its own server on a loopback port) and a tessera app on
 * another port sharing the `session` cookie: a login made by either one is seen by the other,
 * with Flask's types intact, and a logout by either ends it for both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pyTuple, pyUuid, markup } from '../../src/interop/index.ts';
import { createFlaskSessionManager, getFlaskLoginUserId, flaskLoginEntries, type FlaskSession } from '../../src/interop/flask/index.ts';
import { pythonAvailable } from './python-helper.ts';
import { createBrowser, startPythonServer, startTesseraApp, type PythonServer } from './e2e-support.ts';

const SECRET = 'flask-e2e-secret-' + process.pid;

describe('end to end: Flask app and tessera app share the session cookie', { skip: !pythonAvailable() && !process.env.CI }, () => {
  let flask: PythonServer;
  let tessera: { port: number; stop(): Promise<void> };
  before(async () => {
    flask = await startPythonServer('flask_app.py', { FLASK_SECRET_KEY: SECRET });
    const manager = createFlaskSessionManager({ secretKey: SECRET });
    tessera = await startTesseraApp<FlaskSession>(manager, {
      'GET /whoami': async (s) => {
        const all = await s.all();
        const extras = all.extras as Record<string, unknown> | undefined;
        return {
          user: getFlaskLoginUserId(all),
          permanent: s.permanent,
          flashes: all._flashes,
          types: extras ? Object.fromEntries(Object.entries(extras).map(([k, v]) => [k, v instanceof Uint8Array ? 'bytes' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? 'array' : typeof v === 'object' && v !== null ? Object.keys(v).join() : typeof v])) : null,
        };
      },
      'POST /login': async (s, q) => {
        s.clear();
        for (const [k, v] of Object.entries(flaskLoginEntries(q.get('user')!))) s.set(k, v);
        s.set('set_by', 'tessera');
        s.set('things', [pyTuple('a', 1), new Uint8Array([1, 2]), markup('<i>x</i>'), pyUuid('00000000-0000-4000-8000-000000000001'), new Date(Date.UTC(2030, 0, 2, 3, 4, 5))]);
        s.setPermanent(true);
        return { ok: true };
      },
      'POST /logout': async (s) => {
        s.destroy();
        return { ok: true };
      },
    });
  });
  after(async () => {
    await tessera?.stop();
    await flask?.stop();
  });

  test('a login made by Flask is seen by tessera, types intact', async () => {
    const browser = createBrowser();
    await browser.request('POST', flask.port, '/login?user=42');
    const seen = await browser.request('GET', tessera.port, '/whoami');
    assert.equal(seen.user, '42');
    assert.equal(seen.permanent, true);
    assert.deepEqual(seen.flashes, [['message', 'Welcome!']]);
    assert.deepEqual(seen.types, { b: 'bytes', m: 'html', u: 'value', d: '2024-02-29T13:37:42.000Z', t: 'array' });
    await browser.request('POST', flask.port, '/logout');
    assert.equal((await browser.request('GET', tessera.port, '/whoami')).user, null);
  });

  test('a login made by tessera is seen by Flask, types intact; a tessera logout ends it for Flask', async () => {
    const browser = createBrowser();
    await browser.request('POST', tessera.port, '/login?user=7');
    const seen = await browser.request('GET', flask.port, '/whoami');
    assert.equal(seen.user, '7');
    assert.equal(seen.permanent, true);
    const session = seen.session as Record<string, unknown>;
    assert.deepEqual(session.set_by, ['str', 'tessera']);
    assert.deepEqual(session.things, [
      'list',
      [
        ['tuple', [['str', 'a'], ['int', 1]]],
        ['bytes', "b'\\x01\\x02'"],
        ['Markup', '<i>x</i>'],
        ['UUID', '00000000-0000-4000-8000-000000000001'],
        ['datetime', '2030-01-02 03:04:05+00:00'],
      ],
    ]);
    // Flask refreshes the permanent session; tessera still reads what Flask wrote back.
    assert.equal((await browser.request('GET', tessera.port, '/whoami')).user, '7');
    await browser.request('POST', tessera.port, '/logout');
    assert.equal((await browser.request('GET', flask.port, '/whoami')).user, null);
  });

  test('a cookie signed with another secret is ignored by both', async () => {
    const browser = createBrowser();
    const other = createFlaskSessionManager({ secretKey: 'not-the-secret' });
    const s = other.load(null);
    s.set('_user_id', '666');
    const [[, line]] = (await other.commit(s)) as [[string, string]];
    browser.jar.setCookie(line, `http://127.0.0.1:${flask.port}/`);
    assert.equal((await browser.request('GET', flask.port, '/whoami')).user, null);
    assert.equal((await browser.request('GET', tessera.port, '/whoami')).user, null);
  });
});
