/** The Hono adapter: the conformance suite on @hono/node-server, plus Hono specifics. */
import type { Server } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stream } from 'hono/streaming';
import { tesseraSession, type SessionEngineEnv, type SessionEnv } from '../../src/adapters/hono.ts';
import type { SessionEngine } from '../../src/session/engine.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { listen, paced, runAdapterSuite, type AdapterHarness, type HarnessSession, type Route } from './suite.ts';

const harness: AdapterHarness = {
  name: 'hono 4 (@hono/node-server)',
  raw: 'Hono sends the Response returned through the middleware, after the commit (a change made inside a stream callback is not saved: see docs/guides/hono.md)',
  async makeServer<S extends HarnessSession>(manager: SessionEngine<S>, routes: Record<string, Route<S>>) {
    const reported: unknown[] = [];
    const app = new Hono<SessionEngineEnv<S>>();
    // Hono's default error handling, recording instead of logging.
    app.onError((error, c) => {
      if (error instanceof HTTPException) return error.getResponse();
      reported.push(error);
      return c.text('Internal Server Error', 500);
    });
    app.use(tesseraSession(manager));
    for (const [path, route] of Object.entries(routes)) {
      app.get(path, async (c) => {
        const result = await route(c.get('session'), new URL(c.req.url).searchParams);
        if (result.kind === 'text') return c.text(result.body);
        c.header('content-type', 'text/plain; charset=utf-8');
        return stream(c, async (s) => {
          for await (const chunk of paced(result.chunks)) await s.write(chunk);
        });
      });
    }
    return listen(createAdaptorServer({ fetch: app.fetch }) as Server, reported);
  },
};
runAdapterSuite(harness);
runInteropAdapterSuite(harness);

test('hono: a redirect (immutable headers) still carries the commit, and types flow from SessionEnv', async () => {
  const manager = createSessionManager<{ user?: string }>({ store: createMemoryStore() });
  const app = new Hono<SessionEnv<{ user?: string }>>();
  app.use(tesseraSession(manager));
  app.get('/login', (c) => {
    c.get('session').set('user', 'ada');
    return Response.redirect(new URL('/me', c.req.url), 303); // a Response whose headers are immutable
  });
  app.get('/me', async (c) => c.text((await c.get('session').get('user')) ?? 'nobody'));
  const server = await listen(createAdaptorServer({ fetch: app.fetch }) as Server);
  try {
    const jar = createCookieJar();
    const login = await fetch(`${server.url}/login`, { redirect: 'manual' });
    assert.equal(login.status, 303);
    jar.storeResponseHeaders(server.url, login.headers);
    const me = await fetch(`${server.url}/me`, { headers: { cookie: jar.getCookieHeader(`${server.url}/`) } });
    assert.equal(await me.text(), 'ada');
  } finally {
    await server.close();
  }
});
