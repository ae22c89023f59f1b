/** The Fastify 5 adapter: the conformance suite, plus Fastify specifics. */
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { commitSession, tesseraSession } from '../../src/adapters/fastify.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { paced, runAdapterSuite, type AdapterHarness, type HarnessSession, type Route } from './suite.ts';
import type { SessionEngine } from '../../src/session/engine.ts';

const harness: AdapterHarness = {
  name: 'fastify 5',
  raw: true,
  async makeServer<S extends HarnessSession>(manager: SessionEngine<S>, routes: Record<string, Route<S>>) {
    const reported: unknown[] = [];
    // Fastify's own reporting path is its logger: errors logged at level "error" are collected.
    const app = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void reported.push((JSON.parse(line) as { err?: unknown }).err) } } });
    await app.register(tesseraSession, { manager });
    for (const [path, route] of Object.entries(routes)) {
      app.get(path, async (request, reply) => {
        // request.session is typed by augmentation (tessera's session here); this app's engine may be another.
        const result = await route(request.session as unknown as S, new URL(request.url, 'http://localhost').searchParams);
        reply.type('text/plain; charset=utf-8');
        if (result.kind === 'text') return reply.send(result.body);
        if (result.kind === 'stream') return reply.send(Readable.from(paced(result.chunks)));
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        for await (const chunk of paced(result.chunks)) reply.raw.write(chunk);
        reply.raw.end();
      });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { url: `http://localhost:${port}`, reported, close: () => app.close() };
  },
};
runAdapterSuite(harness);
runInteropAdapterSuite(harness);

test('fastify: commitSession before writing to reply.raw sets the cookie on the raw response', async () => {
  const manager = createSessionManager({ store: createMemoryStore() });
  const app = Fastify();
  await app.register(tesseraSession, { manager });
  app.get('/sse', async (request, reply) => {
    request.session.set('subscribed', true);
    reply.hijack();
    await commitSession(request, reply);
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end('data: hi\n\n');
  });
  app.get('/late', async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200);
    await assert.rejects(commitSession(request, reply), { code: 'ERR_TESSERA_HEADERS_SENT' });
    reply.raw.end();
  });
  try {
    const sse = await app.inject({ url: '/sse' });
    assert.equal(sse.body, 'data: hi\n\n');
    assert.match(String(sse.headers['set-cookie']), /^__Host-session=/);
    assert.equal((await app.inject({ url: '/late' })).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('fastify: registering without a manager fails with ConfigError', async () => {
  const app = Fastify();
  // @ts-expect-error -- the manager option is required
  void app.register(tesseraSession, {});
  await assert.rejects(async () => void (await app.ready()), { code: 'ERR_TESSERA_CONFIG' });
});
