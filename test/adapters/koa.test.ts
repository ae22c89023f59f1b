/** The Koa adapter: the conformance suite on Koa 3 and Koa 2, plus Koa specifics. */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import { commitSession, tesseraSession } from '../../src/adapters/koa.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { listen, paced, runAdapterSuite, type AdapterHarness } from './suite.ts';

// Koa 2 is installed under the alias `koa2`; it has the API (and @types/koa covers both).
const koa2Module = 'koa2';
const Koa2 = ((await import(koa2Module)) as { default: typeof Koa }).default;

function harness(name: string, App: typeof Koa): AdapterHarness {
  return {
    name,
    raw: true,
    async makeServer(manager, routes) {
      const reported: unknown[] = [];
      const app = new App();
      app.on('error', (error: unknown) => void reported.push(error)); // replaces Koa's default logging
      app.use(tesseraSession(manager));
      app.use(async (ctx) => {
        const route = routes[ctx.path];
        if (route === undefined) return;
        const result = await route(ctx.state.session, new URLSearchParams(ctx.querystring));
        ctx.type = 'text/plain; charset=utf-8';
        if (result.kind === 'text') ctx.body = result.body;
        else if (result.kind === 'stream') ctx.body = Readable.from(paced(result.chunks));
        else {
          ctx.respond = false;
          ctx.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          for await (const chunk of paced(result.chunks)) ctx.res.write(chunk);
          ctx.res.end();
        }
      });
      return listen(createServer(app.callback()), reported);
    },
  };
}

for (const h of [harness('koa 3', Koa), harness('koa 2', Koa2)]) {
  runAdapterSuite(h);
  runInteropAdapterSuite(h);
}

test('koa: commitSession before writing ctx.res sets the cookie; after the headers went out it throws HeadersSentError', async () => {
  const manager = createSessionManager({ store: createMemoryStore() });
  const app = new Koa().use(tesseraSession(manager));
  let late: unknown = null;
  app.use(async (ctx) => {
    ctx.state.session.set('x', 1);
    ctx.respond = false;
    if (ctx.path === '/early') await commitSession(ctx);
    ctx.res.writeHead(200);
    if (ctx.path === '/late') late = await commitSession(ctx).catch((error: unknown) => error);
    ctx.res.end('done');
  });
  app.on('error', () => {});
  const server = await listen(createServer(app.callback()));
  try {
    const early = await fetch(`${server.url}/early`);
    assert.match(early.headers.get('set-cookie') ?? '', /^__Host-session=/);
    await early.text();
    await (await fetch(`${server.url}/late`)).text();
    assert.equal((late as { code?: string } | null)?.code, 'ERR_TESSERA_HEADERS_SENT');
  } finally {
    await server.close();
  }
});
