/**
 * The adapter conformance suite on the Web-standard entry point (`withSession`), served on
 * node:http by @hono/node-server's fetch bridge. Web handlers have no error path of their
 * own: the app below does what the entry point's docs ask of the caller (StoreError → 503).
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { withSession } from '../../src/adapters/web.ts';
import { StoreError } from '../../src/errors.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { listen, paced, runAdapterSuite, type AdapterHarness } from './suite.ts';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const source = paced(chunks);
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

const harness: AdapterHarness = {
  name: 'web (withSession)',
  raw: 'a fetch handler returns its Response after the commit: nothing can be written before it',
  async makeServer(manager, routes) {
    const reported: unknown[] = [];
    const handler = withSession(manager, async (request, session) => {
      const url = new URL(request.url);
      const route = routes[url.pathname];
      if (route === undefined) return new Response(null, { status: 404 });
      const result = await route(session, url.searchParams);
      return new Response(result.kind === 'text' ? result.body : streamOf(result.chunks), { headers: TEXT });
    });
    const fetch = async (request: Request) => {
      try {
        return await handler(request);
      } catch (error) {
        reported.push(error);
        const status = error instanceof StoreError ? 503 : 500;
        return new Response(status === 503 ? 'Service Unavailable' : 'Internal Server Error', { status, headers: TEXT });
      }
    };
    return listen(createAdaptorServer({ fetch }) as Server, reported);
  },
};
runAdapterSuite(harness);
runInteropAdapterSuite(harness);
