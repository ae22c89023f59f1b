/**
 * The adapter suite's scenarios for the Python-compatible managers: every adapter harness of
 * suite.ts also serves a Flask manager (signed `session` cookie), a Django signed_cookies
 * manager and a Django db manager (a real `django_session` table in SQLite), over real HTTP,
 * with tessera's cookie jar as the browser. Proves that the adapters take any SessionEngine
 * and only translate: cookie names, attributes and lifetimes are the engine's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { createDjangoSessionManager, createDjangoSqliteStore, generateDjangoSessionKey } from '../../src/interop/django/index.ts';
import { createFlaskSessionManager } from '../../src/interop/flask/index.ts';
import type { InteropSession, InteropSessionManager } from '../../src/interop/index.ts';
import { DJANGO_SESSION_DDL } from '../interop/databases.ts';
import { downStore } from '../session/helpers.ts';
import { browser, checkFirstWrite, checkNoLostUpdate, checkOutage, registerResponseScenarios, setCookies, type AdapterHarness, type Route, type RouteResult, type SuiteServer } from './suite.ts';

const SECRET = 'interop-adapter-suite-secret';

const text = (body: string): RouteResult => ({ kind: 'text', body });
const json = (value: unknown): RouteResult => text(JSON.stringify(value ?? null));
const q = (query: URLSearchParams, name: string) => query.get(name) ?? '';

/** The routes over an interop session (the same paths as the tessera suite's). */
const routes: Record<string, Route<InteropSession>> = {
  '/untouched': async () => text('untouched'),
  '/write': async (s, query) => (s.set(q(query, 'k'), q(query, 'v')), text('ok')),
  '/read': async (s, query) => json(await s.get(q(query, 'k'))),
  '/all': async (s) => json(await s.all()),
  // Django's login() cycles the key (regenerate); Flask-Login keeps the cookie and changes its content.
  '/login': async (s, query) => {
    const regenerate = (s as { regenerate?: unknown }).regenerate;
    if (typeof regenerate === 'function') (regenerate as () => void)();
    s.set('_user_id', q(query, 'user'));
    return text('ok');
  },
  '/logout': async (s) => (s.destroy(), text('bye')),
  '/stream': async (s) => (s.set('streamed', true), { kind: 'stream', chunks: ['chunk 1,', 'chunk 2,', 'chunk 3'] }),
  '/raw': async (s) => (s.set('raw', true), { kind: 'raw', chunks: ['raw 1,', 'raw 2'] }),
  '/fail': async () => {
    throw new Error('route failed');
  },
};

interface Engine {
  make(): InteropSessionManager;
  /** The attributes of the engine's session cookie after `name=value`, as a regular expression's source. */
  attributes: string;
  /** Whether an old cookie stops working after regenerate or destroy (server-side sessions only). */
  revocable: boolean;
}

/** A fresh in-memory `django_session` table, as Django 3.2 creates it. */
export function djangoSqliteStore() {
  const db = new Database(':memory:');
  db.exec(DJANGO_SESSION_DDL.sqlite);
  return createDjangoSqliteStore(db);
}

const ENGINES: Record<string, Engine> = {
  'Flask session cookie': {
    make: () => createFlaskSessionManager({ secretKey: SECRET }),
    attributes: '; Path=/; HttpOnly',
    revocable: false,
  },
  'Django signed_cookies': {
    make: () => createDjangoSessionManager({ engine: 'signed-cookies', secretKey: SECRET }),
    attributes: '; Max-Age=1209600; Path=/; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax',
    revocable: false,
  },
  'Django db (django_session in SQLite)': {
    make: () => createDjangoSessionManager({ store: djangoSqliteStore(), secretKey: SECRET }),
    attributes: '; Max-Age=1209600; Path=/; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax',
    revocable: true,
  },
};

/** Registers the interop scenarios for one adapter harness. */
export function runInteropAdapterSuite(harness: AdapterHarness): void {
  describe(`adapter suite, Python-compatible managers: ${harness.name}`, () => {
    for (const [name, engine] of Object.entries(ENGINES)) {
      describe(name, () => {
        let app: SuiteServer;
        let cookieName: string;
        before(async () => {
          const manager = engine.make();
          cookieName = manager.cookieName;
          app = await harness.makeServer(manager, routes);
        });
        after(() => app.close());
        const open = (url = app.url) => browser(url, cookieName);

        test("the first write sets the framework's cookie with its attributes; an untouched request sets none", () =>
          checkFirstWrite(open(), new RegExp(`^${cookieName}=[^;]+${engine.attributes}$`)));

        test('a response that read the session carries Vary: Cookie and no cookie', async () => {
          const b = open();
          await b.get('/write?k=user&v=ada');
          const res = await b.get('/read?k=user');
          assert.match(res.headers.get('vary') ?? '', /(^|,\s*)Cookie(\s*,|$)/i);
          assert.deepEqual(setCookies(res), []);
        });

        test(`login changes the cookie and keeps the data${engine.revocable ? '; the old cookie no longer works' : ''}`, async () => {
          const b = open();
          await b.get('/write?k=cart&v=3');
          const before = b.cookieHeader();
          await b.get('/login?user=7');
          assert.notEqual(b.cookieHeader(), before);
          assert.deepEqual(JSON.parse(await b.body('/all')), { cart: '3', _user_id: '7' }); // Flask sorts the keys
          if (engine.revocable) assert.equal(await b.body('/read?k=cart', before), 'null');
        });

        test('logout sends a clearing cookie and the session is gone', async () => {
          const b = open();
          await b.get('/write?k=cart&v=3');
          const old = b.cookieHeader();
          const res = await b.get('/logout');
          assert.equal(await res.text(), 'bye');
          const [line] = setCookies(res);
          assert.match(line ?? '', new RegExp(`^${cookieName}=; Max-Age=0;`));
          assert.deepEqual(b.sessionCookies(), []);
          assert.equal(await b.body('/read?k=cart'), 'null');
          if (engine.revocable) assert.equal(await b.body('/read?k=cart', old), 'null');
        });

        test('a tampered cookie, or one signed with another key, gives a fresh session (200, no data)', async () => {
          const b = open();
          await b.get('/write?k=user&v=ada');
          const value = b.sessionCookies()[0]!.value;
          const tampered = value.slice(0, 2) + (value[2] === 'A' ? 'B' : 'A') + value.slice(3);
          const res = await b.get('/read?k=user', `${cookieName}=${tampered}`);
          assert.equal(res.status, 200);
          assert.equal(await res.text(), 'null');
          const forged = engine.revocable ? generateDjangoSessionKey() : randomBytes(30).toString('base64url') + '.x.y';
          assert.equal(await b.body('/read?k=user', `${cookieName}=${forged}`), 'null');
        });

        registerResponseScenarios(harness, () => app, open);
      });
    }

    describe('Django db: concurrency and outages', () => {
      let app: SuiteServer;
      let down: SuiteServer;
      before(async () => {
        app = await harness.makeServer(createDjangoSessionManager({ store: djangoSqliteStore(), secretKey: SECRET }), routes);
        down = await harness.makeServer(createDjangoSessionManager({ store: downStore(), secretKey: SECRET }), routes);
      });
      after(async () => {
        await app.close();
        await down.close();
      });

      test('concurrent requests on one Django session each keep their key (no lost update)', () => checkNoLostUpdate(browser(app.url, 'sessionid')));

      test('a django_session store failure becomes 503 (on commit and on read) and the app keeps serving', () => checkOutage(down, `sessionid=${generateDjangoSessionKey()}`));
    });
  });
}
