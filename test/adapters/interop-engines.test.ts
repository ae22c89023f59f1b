/**
 * Each adapter accepts a Flask or Django manager (a SessionEngine other than tessera's) and
 * hands the handler that manager's own session type: these handlers call `setPermanent`
 * (FlaskSession) or `regenerate` (DjangoSession) without a cast, and would not compile against
 * tessera's Session. Every test runs over real HTTP and checks the cookie with the Python
 * format's own decoder.
 */
import { createServer, type Server } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { getSession, tesseraSession as expressSession, type ExpressEngineSession } from '../../src/adapters/express.ts';
import { tesseraSession as fastifySession } from '../../src/adapters/fastify.ts';
import { tesseraSession as honoSession, type SessionEngineEnv } from '../../src/adapters/hono.ts';
import { tesseraSession as koaSession, type SessionEngineState } from '../../src/adapters/koa.ts';
import { withSession as nodeSession } from '../../src/adapters/node.ts';
import { withSession as webSession } from '../../src/adapters/web.ts';
import { createDjangoSessionManager, createDjangoSigning, DJANGO_SIGNED_COOKIES_SALT, type DjangoSession } from '../../src/interop/django/index.ts';
import { createFlaskSessionCodec, createFlaskSessionManager, type FlaskSession } from '../../src/interop/flask/index.ts';
import type { PyDict } from '../../src/interop/index.ts';
import type { SessionOf } from '../../src/session/engine.ts';
import { djangoSqliteStore } from './interop-suite.ts';
import { listen, type SuiteServer } from './suite.ts';

const SECRET = 'interop-engines-secret';
const flask = () => createFlaskSessionManager({ secretKey: SECRET });
const djangoSigned = () => createDjangoSessionManager({ engine: 'signed-cookies', secretKey: SECRET });

/** Reads a Flask / Django signed_cookies cookie value as the Python side would. */
const decodeFlask = (value: string) => {
  const r = createFlaskSessionCodec({ secretKey: SECRET }).decode(value);
  assert.ok(r.ok, `Flask refuses the cookie: ${JSON.stringify(r)}`);
  return r.value;
};
const decodeDjango = (value: string) => {
  const r = createDjangoSigning({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, compress: true }).loads(value, { maxAgeSeconds: 1209600 });
  assert.ok(r.ok, `Django refuses the cookie: ${JSON.stringify(r)}`);
  return r.value as PyDict;
};

/**
 * GET /write then GET /read with the cookie the first response set; returns the Set-Cookie line,
 * the cookie's value and the second response's body.
 */
async function roundTrip(server: SuiteServer, cookieName: string): Promise<{ line: string; value: string; read: string }> {
  try {
    const write = await fetch(`${server.url}/write`);
    assert.equal(write.status, 200, await write.text());
    const line = write.headers.getSetCookie().find((l) => l.startsWith(`${cookieName}=`));
    assert.ok(line !== undefined, `no ${cookieName} cookie`);
    const pair = line.slice(0, line.indexOf(';'));
    const read = await fetch(`${server.url}/read`, { headers: { cookie: pair } });
    assert.equal(read.status, 200);
    return { line, value: pair.slice(cookieName.length + 1), read: await read.text() };
  } finally {
    await server.close();
  }
}

test('node:http withSession takes a Flask manager; the handler gets a FlaskSession', async () => {
  const manager = flask();
  const handler = nodeSession(manager, async (req, res, session) => {
    const typed: FlaskSession = session;
    // @ts-expect-error -- a FlaskSession has no flash(): the handler is not typed as tessera's Session
    void typed.flash;
    if (req.url === '/write') {
      session.set('_user_id', '42');
      session.setPermanent(true);
      res.end('ok');
    } else res.end(JSON.stringify({ user: await session.get('_user_id'), permanent: session.permanent }));
  });
  const { line, value, read } = await roundTrip(await listen(createServer(handler)), 'session');
  assert.match(line, /; Expires=[^;]+ GMT; HttpOnly$/); // permanent: Flask's Expires, no Max-Age
  assert.deepEqual(decodeFlask(value), { _permanent: true, _user_id: '42' });
  assert.equal(read, '{"user":"42","permanent":true}');
});

test('web withSession takes a Django signed_cookies manager; the handler gets a DjangoSession', async () => {
  const manager = djangoSigned();
  const fetchHandler = webSession(manager, async (request, session) => {
    const typed: SessionOf<typeof manager> = session;
    if (new URL(request.url).pathname === '/write') {
      typed.regenerate(); // Django's cycle_key(), as login() does
      session.set('_auth_user_id', '42');
      return new Response('ok');
    }
    return new Response(JSON.stringify(await session.get('_auth_user_id')));
  });
  const { line, value, read } = await roundTrip(await listen(createAdaptorServer({ fetch: fetchHandler }) as Server), 'sessionid');
  assert.match(line, /; Max-Age=1209600; /);
  assert.deepEqual(decodeDjango(value), { _auth_user_id: '42' });
  assert.equal(read, '"42"');
});

test('express takes a Flask manager: method and property-style req.session, getSession gives the FlaskSession', async () => {
  const app = express();
  app.use(expressSession(flask()));
  // Without the ExpressSessionEngine augmentation (which would retype req.session for this whole test program), name the view's type.
  type View = ExpressEngineSession<FlaskSession>;
  app.get('/write', (req, res) => {
    const s = req.session as unknown as View;
    s.visits = 1; // property style: session.set('visits', 1)
    s.cart = ['apple'];
    s.set('_user_id', '42');
    s.setPermanent(true);
    delete s.cart; // session.unset('cart')
    res.send('ok');
  });
  app.get('/read', async (req, res) => {
    const s = req.session as unknown as View;
    res.json({ visits: s.visits, viaGet: await s.get('_user_id'), keys: Object.keys(s).sort(), hasCart: 'cart' in s, permanent: getSession<FlaskSession>(req).permanent });
  });
  const { value, read } = await roundTrip(await listen(createServer(app)), 'session');
  assert.deepEqual(decodeFlask(value), { _permanent: true, _user_id: '42', visits: 1 });
  assert.deepEqual(JSON.parse(read), { visits: 1, viaGet: '42', keys: ['_permanent', '_user_id', 'visits'], hasCart: false, permanent: true });
});

test('express: a Flask session change after the response started throws HeadersSentError', async () => {
  const app = express();
  app.use(expressSession(flask()));
  let caught: unknown = null;
  app.get('/write', (req, res) => {
    const s = req.session as unknown as ExpressEngineSession<FlaskSession>;
    s.set('_user_id', '1');
    res.write('started');
    try {
      s.setPermanent(true); // a method the adapter does not know by name is guarded as a write
    } catch (error) {
      caught = error;
    }
    res.end();
  });
  app.get('/read', (_req, res) => void res.send('ok'));
  await roundTrip(await listen(createServer(app)), 'session');
  assert.equal((caught as { code?: string } | null)?.code, 'ERR_TESSERA_HEADERS_SENT');
});

test('fastify takes a Django db manager (django_session in SQLite)', async () => {
  const app = Fastify();
  await app.register(fastifySession, { manager: createDjangoSessionManager({ store: djangoSqliteStore(), secretKey: SECRET }) });
  // request.session is typed by augmenting FastifySessionEngine ({ session: DjangoSession }); named here instead.
  app.get('/write', async (request) => {
    const session = request.session as unknown as DjangoSession;
    session.regenerate();
    session.set('_auth_user_id', '42');
    return 'ok';
  });
  app.get('/read', async (request) => {
    const session = request.session as unknown as DjangoSession;
    return { user: await session.get('_auth_user_id'), key: session.sessionKey };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const { value, read } = await roundTrip({ url: `http://127.0.0.1:${port}`, reported: [], close: () => app.close() }, 'sessionid');
  assert.match(value, /^[a-z0-9]{32}$/); // Django's session key
  assert.deepEqual(JSON.parse(read), { user: '42', key: value });
});

test('hono takes a Flask manager; SessionEngineEnv<FlaskSession> types c.get("session")', async () => {
  const app = new Hono<SessionEngineEnv<FlaskSession>>();
  app.use(honoSession(flask()));
  app.get('/write', (c) => {
    c.get('session').set('_user_id', '42');
    c.get('session').setPermanent(true);
    return c.text('ok');
  });
  app.get('/read', async (c) => c.json({ user: await c.get('session').get('_user_id') }));
  const { value, read } = await roundTrip(await listen(createAdaptorServer({ fetch: app.fetch }) as Server), 'session');
  assert.deepEqual(decodeFlask(value), { _permanent: true, _user_id: '42' });
  assert.equal(read, '{"user":"42"}');
});

test('koa takes a Django signed_cookies manager; SessionEngineState<DjangoSession> types ctx.state.session', async () => {
  const app = new Koa<SessionEngineState<DjangoSession>>();
  app.use(koaSession(djangoSigned()));
  app.use(async (ctx) => {
    if (ctx.path === '/write') {
      ctx.state.session.regenerate();
      ctx.state.session.set('_auth_user_id', '42');
      ctx.body = 'ok';
    } else ctx.body = { user: await ctx.state.session.get('_auth_user_id') };
  });
  const { value, read } = await roundTrip(await listen(createServer(app.callback())), 'sessionid');
  assert.deepEqual(decodeDjango(value), { _auth_user_id: '42' });
  assert.equal(read, '{"user":"42"}');
});
