/**
 * SR-46 through every adapter, over real HTTP on 127.0.0.1 with the Host a browser would send:
 * a request to `example.com` over plain HTTP that writes a session gets the framework's 500
 * (InsecureTransportError reported, nothing stored); an `X-Forwarded-Proto: https` counts only
 * when the app trusts its proxy (each framework's own setting, or the adapter's `trustProxy`).
 * Not in suite.ts: trusting a proxy is configured differently in every framework.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptorServer } from '@hono/node-server';
import express, { type ErrorRequestHandler } from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import Koa from 'koa';
import { tesseraSession as expressSession } from '../../src/adapters/express.ts';
import { tesseraSession as fastifySession } from '../../src/adapters/fastify.ts';
import { tesseraSession as honoSession, type SessionEnv } from '../../src/adapters/hono.ts';
import { tesseraSession as koaSession } from '../../src/adapters/koa.ts';
import { withSession as nodeWithSession } from '../../src/adapters/node.ts';
import { withSession as webWithSession } from '../../src/adapters/web.ts';
import { createSessionManager, type SessionManager } from '../../src/session/manager.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { listen, type SuiteServer } from './suite.ts';

// Express 4 and Koa 2 are installed under aliases; their APIs are the ones used here.
const express4Module = 'express4';
const express4 = ((await import(express4Module)) as { default: typeof express }).default;
const koa2Module = 'koa2';
const Koa2 = ((await import(koa2Module)) as { default: typeof Koa }).default;

type Manager = SessionManager<{ user?: string }>;

/** How to serve `GET /write` (sets `user`) with one adapter, trusting the proxy or not. */
interface TransportHarness {
  /** The test's name. */
  name: string;
  /** Starts the app; `reported` collects what reached the framework's error reporting. */
  start(manager: Manager, trustProxy: boolean, reported: unknown[]): Promise<SuiteServer>;
  /** Whether the trusted app also reads `Forwarded: proto=` (RFC 7239): tessera's own parsing does, Express, Fastify and Koa read only X-Forwarded-Proto. */
  forwarded: boolean;
}

/** The route: a write, so the commit sets the session cookie. */
const write = (session: { set(key: 'user', value: string): void }) => {
  session.set('user', 'ada');
  return 'ok';
};

const harnesses: TransportHarness[] = [
  {
    name: 'node:http: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with trustProxy (SR-46)',
    forwarded: true,
    start: (manager, trustProxy, reported) =>
      listen(
        createServer(
          nodeWithSession(manager, (_req, res, session) => void res.end(write(session)), {
            trustProxy,
            onError(error, _req, res) {
              reported.push(error);
              res.writeHead(500).end('Internal Server Error');
            },
          }),
        ),
      ),
  },
  {
    name: 'web (withSession): plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with trustProxy (SR-46)',
    forwarded: true,
    start(manager, trustProxy, reported) {
      const handler = webWithSession(manager, async (_request, session) => new Response(write(session)), { trustProxy });
      const fetch = async (request: Request) => {
        try {
          return await handler(request);
        } catch (error) {
          reported.push(error);
          return new Response('Internal Server Error', { status: 500 });
        }
      };
      return listen(createAdaptorServer({ fetch }) as Server);
    },
  },
  {
    name: 'hono: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with trustProxy (SR-46)',
    forwarded: true,
    start(manager, trustProxy, reported) {
      const app = new Hono<SessionEnv<{ user?: string }>>();
      app.onError((error, c) => {
        if (error instanceof HTTPException) return error.getResponse();
        reported.push(error);
        return c.text('Internal Server Error', 500);
      });
      app.use(honoSession(manager, { trustProxy }));
      app.get('/write', (c) => c.text(write(c.get('session'))));
      return listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    },
  },
  ...[
    ['express 5', express, "express 5: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with app.set('trust proxy') (SR-46)"],
    ['express 4', express4, "express 4: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with app.set('trust proxy') (SR-46)"],
  ].map(([, make, name]): TransportHarness => ({
    name: name as string,
    forwarded: false,
    start(manager, trustProxy, reported) {
      const app = (make as typeof express)();
      app.set('env', 'test'); // Express's final handler answers as usual but does not log
      if (trustProxy) app.set('trust proxy', 'loopback');
      app.use(expressSession(manager));
      app.get('/write', (req, res) => void res.send(write(req.session as never)));
      const record: ErrorRequestHandler = (error, _req, _res, next) => {
        reported.push(error);
        next(error);
      };
      app.use(record);
      return listen(createServer(app));
    },
  })),
  {
    name: 'fastify 5: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with Fastify({ trustProxy }) (SR-46)',
    forwarded: false,
    async start(manager, trustProxy, reported) {
      const app = Fastify({ trustProxy, logger: { level: 'error', stream: { write: (line: string) => void reported.push((JSON.parse(line) as { err?: unknown }).err) } } });
      await app.register(fastifySession, { manager });
      app.get('/write', async (request) => write(request.session as never));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      return { url: `http://localhost:${port}`, reported, close: () => app.close() };
    },
  },
  ...[
    ['koa 3', Koa, 'koa 3: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with app.proxy (SR-46)'],
    ['koa 2', Koa2, 'koa 2: plain HTTP to example.com refuses the session cookie (500); X-Forwarded-Proto counts only with app.proxy (SR-46)'],
  ].map(([, App, name]): TransportHarness => ({
    name: name as string,
    forwarded: false,
    start(manager, trustProxy, reported) {
      const app = new (App as typeof Koa)();
      app.proxy = trustProxy;
      app.on('error', (error: unknown) => void reported.push(error));
      app.use(koaSession(manager));
      app.use(async (ctx) => {
        if (ctx.path === '/write') ctx.body = write(ctx.state.session as never);
      });
      return listen(createServer(app.callback()));
    },
  })),
];

/** GET /write on `server` from 127.0.0.1 with `headers` (Host included), as plain HTTP. */
function get(server: SuiteServer, headers: Record<string, string>): Promise<{ status: number; setCookie: string[] }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/write', headers: { connection: 'close', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const isRefusal = (error: unknown) => (error as { code?: unknown } | null | undefined)?.code === 'ERR_TESSERA_INSECURE_TRANSPORT';
const SECURE_COOKIE = /^__Host-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/;

for (const h of harnesses) {
  test(h.name, async () => {
    const stores: MemoryStore[] = [createMemoryStore(), createMemoryStore()];
    const plainReported: unknown[] = [];
    const trustedReported: unknown[] = [];
    const plain = await h.start(createSessionManager<{ user?: string }>({ store: stores[0]! }), false, plainReported);
    const trusted = await h.start(createSessionManager<{ user?: string }>({ store: stores[1]! }), true, trustedReported);
    try {
      const refuse = async (server: SuiteServer, reported: unknown[], headers: Record<string, string>, what: string) => {
        const before = reported.length;
        const res = await get(server, headers);
        assert.equal(res.status, 500, what);
        assert.deepEqual(res.setCookie, [], what);
        assert.ok(reported.slice(before).some(isRefusal), `${what}: InsecureTransportError reached the framework's error reporting`);
      };
      const accept = async (server: SuiteServer, headers: Record<string, string>, what: string) => {
        const res = await get(server, headers);
        assert.equal(res.status, 200, what);
        assert.equal(res.setCookie.length, 1, what);
        assert.match(res.setCookie[0]!, SECURE_COOKIE, what);
      };

      // Without trusting a proxy: the connection is plain HTTP, whatever the headers claim.
      await refuse(plain, plainReported, { host: 'example.com' }, 'plain HTTP');
      await refuse(plain, plainReported, { host: 'example.com', 'x-forwarded-proto': 'https' }, 'an untrusted X-Forwarded-Proto');
      if (h.forwarded) await refuse(plain, plainReported, { host: 'example.com', forwarded: 'proto=https' }, 'an untrusted Forwarded');
      assert.equal(stores[0]!.size, 0, 'a refused request stores nothing');
      await accept(plain, { host: `localhost:${new URL(plain.url).port}` }, 'loopback');

      // Trusting the proxy: its X-Forwarded-Proto (or Forwarded) decides.
      await accept(trusted, { host: 'example.com', 'x-forwarded-proto': 'https' }, 'a trusted X-Forwarded-Proto: https');
      if (h.forwarded) await accept(trusted, { host: 'internal:8080', forwarded: 'for=192.0.2.60;proto=https;host=example.com' }, 'a trusted Forwarded: proto=https');
      await refuse(trusted, trustedReported, { host: 'example.com', 'x-forwarded-proto': 'http' }, 'a trusted X-Forwarded-Proto: http');
      await refuse(trusted, trustedReported, { host: 'example.com' }, 'no forwarded header: the connection decides');
    } finally {
      await plain.close();
      await trusted.close();
    }
  });
}

test('trustProxy: of several proxies the nearest (last) one decides, and its Forwarded host is the one checked (SR-46)', async () => {
  const reported: unknown[] = [];
  const server = await harnesses[0]!.start(createSessionManager<{ user?: string }>({ store: createMemoryStore() }), true, reported);
  try {
    // The client claimed https; the nearest proxy says http.
    assert.equal((await get(server, { host: 'example.com', 'x-forwarded-proto': 'https, http' })).status, 500);
    assert.equal((await get(server, { host: 'example.com', forwarded: 'proto=https, for="[2001:db8::1]";proto=http' })).status, 500);
    assert.equal((await get(server, { host: 'example.com', 'x-forwarded-proto': 'http, https' })).status, 200);
    // Plain HTTP as the proxy saw it, to a host it names: loopback only if that host is.
    assert.equal((await get(server, { host: 'localhost:3000', forwarded: 'proto=http;host=example.com' })).status, 500);
    assert.equal((await get(server, { host: 'example.com', forwarded: 'proto=http;host="localhost:8080"' })).status, 200);
    assert.equal(reported.filter(isRefusal).length, 3);
  } finally {
    await server.close();
  }
});
