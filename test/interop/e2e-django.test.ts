/**
 * End to end with a real Django project using database sessions, in Postgres (a schema of its
 * own) and in SQLite (a temporary file), and a tessera app on another port using
 * `createDjangoSessionManager` over the same `django_session` table: a Django login is seen by
 * tessera (and its `_auth_user_hash` verified against `auth_user.password`), a login written by
 * tessera is accepted by Django's auth middleware, and a logout by either ends it for both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SessionStore } from '../../src/session/store.ts';
import {
  createDjangoPostgresStore,
  createDjangoSessionManager,
  createDjangoSqliteStore,
  djangoLoginEntries,
  getDjangoAuthUser,
  verifyDjangoSessionAuth,
  type DjangoSession,
} from '../../src/interop/django/index.ts';
import { pythonAvailable } from './python-helper.ts';
import { createBrowser, startPythonServer, startTesseraApp, type PythonServer } from './e2e-support.ts';
import { openPostgres, openSqlite } from './databases.ts';

const SECRET = 'django-e2e-secret-' + process.pid;

interface Backend {
  name: string;
  open(): Promise<{ env: Record<string, string>; store: SessionStore; passwordOf(id: string): Promise<string | null>; close(): Promise<void> } | null>;
}

const BACKENDS: Backend[] = [
  {
    name: 'Postgres',
    async open() {
      const pg = await openPostgres();
      if (pg === null) return null;
      return {
        env: { DJANGO_DB: `postgres:${pg.schema}` },
        store: createDjangoPostgresStore(pg.pool, { schema: pg.schema }),
        async passwordOf(id) {
          const { rows } = await pg.pool.query<{ password: string }>(`SELECT password FROM "${pg.schema}".auth_user WHERE id = $1`, [Number(id)]);
          return rows[0]?.password ?? null;
        },
        close: () => pg.drop(),
      };
    },
  },
  {
    name: 'SQLite',
    async open() {
      const sqlite = openSqlite();
      return {
        env: { DJANGO_DB: `sqlite:${sqlite.path}` },
        store: createDjangoSqliteStore(sqlite.db),
        async passwordOf(id) {
          return (sqlite.db.prepare('SELECT password FROM auth_user WHERE id = ?').get(Number(id)) as { password: string } | undefined)?.password ?? null;
        },
        close: async () => sqlite.remove(),
      };
    },
  },
];

for (const backend of BACKENDS) {
  describe(`end to end: Django (db sessions in ${backend.name}) and tessera share sessions`, { skip: !pythonAvailable() && !process.env.CI }, () => {
    let opened: Awaited<ReturnType<Backend['open']>>;
    let django: PythonServer;
    let tessera: { port: number; stop(): Promise<void> };
    let aliceId: string;

    before(async () => {
      opened = await backend.open();
      if (opened === null) return;
      const db = opened;
      django = await startPythonServer('django_app.py', { DJANGO_SECRET_KEY: SECRET, ...db.env }, 60_000);
      aliceId = django.extra[0]!;
      const manager = createDjangoSessionManager({ store: db.store, secretKey: SECRET });
      tessera = await startTesseraApp<DjangoSession>(manager, {
        'GET /whoami': async (s) => {
          const all = await s.all();
          const login = getDjangoAuthUser(all);
          const password = login === null ? null : await db.passwordOf(login.userId);
          // As Django's get_user: the login counts only while the hash matches the current password.
          const verified = password !== null && verifyDjangoSessionAuth(all, { passwordHash: password, secretKey: SECRET });
          return { user: verified ? login!.userId : null, note: all.note ?? null };
        },
        'POST /login': async (s, q) => {
          const password = await db.passwordOf(q.get('user')!);
          s.regenerate(); // Django cycles the key at login
          for (const [k, v] of Object.entries(djangoLoginEntries({ userId: q.get('user')!, passwordHash: password! }, SECRET))) s.set(k, v);
          return { ok: true };
        },
        'POST /note': async (s, q) => {
          s.set('note', q.get('text')!);
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
      await django?.stop();
      await opened?.close();
    });

    test('a Django login is seen by tessera; a note written by tessera is seen by Django; a Django logout ends it for tessera', async (t) => {
      if (opened === null) return t.skip('no Postgres server answers');
      const browser = createBrowser();
      assert.deepEqual(await browser.request('POST', django.port, '/login?username=alice&password=wonderland'), { ok: true, user: Number(aliceId) });
      assert.deepEqual(await browser.request('GET', tessera.port, '/whoami'), { user: aliceId, note: null });
      await browser.request('POST', tessera.port, '/note?text=written%20by%20tessera%20%E2%9C%93');
      assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: Number(aliceId), note: 'written by tessera ✓' });
      await browser.request('POST', django.port, '/note?text=and%20by%20Django');
      assert.deepEqual(await browser.request('GET', tessera.port, '/whoami'), { user: aliceId, note: 'and by Django' });
      await browser.request('POST', django.port, '/logout');
      assert.deepEqual(await browser.request('GET', tessera.port, '/whoami'), { user: null, note: null });
    });

    test("a login written by tessera passes Django's auth middleware; a tessera logout ends it for Django", async (t) => {
      if (opened === null) return t.skip('no Postgres server answers');
      const browser = createBrowser();
      await browser.request('POST', tessera.port, `/login?user=${aliceId}`);
      assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: Number(aliceId), note: null });
      await browser.request('POST', tessera.port, '/logout');
      assert.deepEqual(await browser.request('GET', django.port, '/whoami'), { user: null, note: null });
      assert.deepEqual(await browser.request('GET', tessera.port, '/whoami'), { user: null, note: null });
    });
  });
}
