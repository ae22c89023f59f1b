/**
 * The CSRF middleware of every framework, over real HTTP: a form rendered with its token posts
 * fine; no token, a wrong token, a cross-site post and a foreign origin get 403 with a
 * machine-readable reason; GET is never blocked; the token survives in a JSON header call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { Hono } from 'hono';
import { createAdaptorServer } from '@hono/node-server';
import { tesseraSession as expressSession, getSession } from '../../src/adapters/express.ts';
import { tesseraSession as fastifySession } from '../../src/adapters/fastify.ts';
import { tesseraSession as honoSession, type SessionEnv } from '../../src/adapters/hono.ts';
import { tesseraSession as koaSession, type SessionState } from '../../src/adapters/koa.ts';
import { createCsrfProtection, type CsrfProtection } from '../../src/csrf/index.ts';
import { expressCsrf } from '../../src/csrf/express.ts';
import { fastifyCsrf } from '../../src/csrf/fastify.ts';
import { honoCsrf } from '../../src/csrf/hono.ts';
import { koaCsrf } from '../../src/csrf/koa.ts';
import { createSessionManager, type SessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { listen, type SuiteServer } from '../adapters/suite.ts';

type App = (manager: SessionManager, csrf: CsrfProtection) => Promise<SuiteServer>;

/** Each app: GET /form → the token; POST /submit (form or JSON header) → "ok". */
const apps: Record<string, App> = {
  express: async (manager, csrf) => {
    const app = express();
    app.use(expressSession(manager, { eager: false }));
    app.use(express.urlencoded({ extended: false }));
    app.use(expressCsrf(csrf));
    app.get('/form', async (req, res) => void res.send(await csrf.token(getSession(req))));
    app.post('/submit', (_req, res) => void res.send('ok'));
    return listen(createServer(app));
  },
  fastify: async (manager, csrf) => {
    const app = Fastify();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    await app.register(fastifySession, { manager });
    app.addHook('preHandler', fastifyCsrf(csrf));
    app.get('/form', async (request) => csrf.token(request.session));
    app.post('/submit', async () => 'ok');
    await app.ready();
    return listen(app.server);
  },
  hono: async (manager, csrf) => {
    const app = new Hono<SessionEnv>();
    app.use(honoSession(manager));
    app.use(honoCsrf(csrf));
    app.get('/form', async (c) => c.text(await csrf.token(c.get('session'))));
    app.post('/submit', (c) => c.text('ok'));
    return listen(createAdaptorServer({ fetch: app.fetch }) as Server);
  },
  koa: async (manager, csrf) => {
    const app = new Koa<SessionState>();
    app.use(koaSession(manager));
    // A minimal form body parser, as koa-bodyparser would provide.
    app.use(async (ctx, next) => {
      if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
        let raw = '';
        for await (const chunk of ctx.req) raw += String(chunk);
        (ctx.request as { body?: unknown }).body = Object.fromEntries(new URLSearchParams(raw));
      }
      await next();
    });
    app.use(koaCsrf(csrf));
    app.use(async (ctx) => {
      if (ctx.path === '/form') ctx.body = await csrf.token(ctx.state.session);
      else if (ctx.path === '/submit' && ctx.method === 'POST') ctx.body = 'ok';
    });
    return listen(createServer(app.callback()));
  },
};

for (const [name, make] of Object.entries(apps)) {
  describe(`CSRF middleware: ${name}`, () => {
    let server: SuiteServer;
    const csrfFor = (url: string) => createCsrfProtection({ origins: [url] });
    let csrf: CsrfProtection;
    before(async () => {
      // The origin is known once the port is: start, read the port, then build the protection the app uses.
      const holder: { csrf?: CsrfProtection } = {};
      const proxy: CsrfProtection = {
        fieldName: '_csrf',
        headerName: 'x-csrf-token',
        token: (s) => holder.csrf!.token(s),
        hiddenField: (s) => holder.csrf!.hiddenField(s),
        verify: (...args) => holder.csrf!.verify(...args),
        checkOrigin: (...args) => holder.csrf!.checkOrigin(...args),
      };
      server = await make(createSessionManager({ store: createMemoryStore() }), proxy);
      csrf = holder.csrf = csrfFor(server.url);
    });
    after(() => server.close());

    const session = async () => {
      const jar = createCookieJar();
      const res = await fetch(`${server.url}/form`);
      jar.storeResponseHeaders(`${server.url}/form`, res.headers);
      return { token: await res.text(), cookie: jar.getCookieHeader(`${server.url}/`) };
    };
    const post = (cookie: string, headers: Record<string, string>, body?: string) =>
      fetch(`${server.url}/submit`, { method: 'POST', headers: { cookie, ...headers }, ...(body !== undefined ? { body } : {}) });
    const form = 'application/x-www-form-urlencoded';

    test('a form posted with its token passes', async () => {
      assert.ok(csrf);
      const { token, cookie } = await session();
      const res = await post(cookie, { origin: server.url, 'content-type': form }, `_csrf=${token}&x=1`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
    });

    test('fetch with the token in the header passes', async () => {
      const { token, cookie } = await session();
      const res = await post(cookie, { origin: server.url, 'x-csrf-token': token, 'content-type': 'application/json' }, '{}');
      assert.equal(res.status, 200);
    });

    test('no token, a wrong token, cross-site and foreign-origin posts get 403 with the reason', async () => {
      const { token, cookie } = await session();
      const other = await session();
      const cases: Array<[Record<string, string>, string | undefined, string]> = [
        [{ origin: server.url, 'content-type': form }, 'x=1', 'token-missing'],
        [{ origin: server.url, 'content-type': form }, `_csrf=${other.token}`, 'token-invalid'],
        [{ origin: server.url, 'sec-fetch-site': 'cross-site', 'content-type': form }, `_csrf=${token}`, 'cross-site-fetch'],
        [{ origin: 'https://evil.example', 'content-type': form }, `_csrf=${token}`, 'origin-mismatch'],
        [{ 'content-type': form }, `_csrf=${token}`, 'origin-missing'],
      ];
      for (const [headers, body, reason] of cases) {
        const res = await post(cookie, headers, body);
        assert.equal(res.status, 403, reason);
        assert.deepEqual(await res.json(), { error: 'csrf', reason });
      }
    });

    test('GET is never blocked, even cross-site', async () => {
      const res = await fetch(`${server.url}/form`, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
      assert.equal(res.status, 200);
    });
  });
}
