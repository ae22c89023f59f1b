/**
 * One tessera app per adapter, each answering the reliability routes (routes.ts) on
 * 127.0.0.1: node:http (`withSession`), the Web entry point (`withSession` for fetch handlers,
 * served by @hono/node-server), Express 5, Fastify 5, Hono 4 (on @hono/node-server) and Koa 3.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import Koa from 'koa';
import { tesseraSession as expressSession } from '../../src/adapters/express.ts';
import { tesseraSession as fastifySession } from '../../src/adapters/fastify.ts';
import { tesseraSession as honoSession, type SessionEnv } from '../../src/adapters/hono.ts';
import { tesseraSession as koaSession, type SessionState } from '../../src/adapters/koa.ts';
import { withSession as nodeSession } from '../../src/adapters/node.ts';
import { withSession as webSession } from '../../src/adapters/web.ts';
import { SessionConflictError, StoreError } from '../../src/errors.ts';
import type { SessionManager } from '../../src/session/index.ts';
import { TEXT_PLAIN, answer, type RouteSession } from './routes.ts';

/** The adapters, by the name the reports use. */
export const ADAPTERS = ['node', 'web', 'express', 'fastify', 'hono', 'koa'] as const;
/** One of {@link ADAPTERS}. */
export type AdapterName = (typeof ADAPTERS)[number];

/** A running app. `close` stops listening and drops open connections. */
export interface RunningApp {
  port: number;
  close(): Promise<void>;
}

/**
 * The status for a failed route or commit: 409 when the compare-and-swap gave up
 * (SessionConflictError: the request's changes were refused, visibly), 503 for a store outage
 * (StoreError), 500 otherwise. The experiments tell a refused write from a silently lost one by it.
 */
export function errorStatus(error: unknown): number {
  if (error instanceof SessionConflictError) return 409;
  if (error instanceof StoreError) return 503;
  return 500;
}

/** Listens on 127.0.0.1:`port` (0: any free port) and describes the server as a RunningApp. */
async function listen(server: Server, port: number): Promise<RunningApp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The path and query of a full URL (`new Request(...).url`, Hono's `c.req.url`). */
const pathOf = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * Starts the app of `adapter` with `manager` on 127.0.0.1:`port` (default: any free port).
 * Handler and commit errors reach an error handler registered the framework's own way, which
 * answers {@link errorStatus} without logging.
 */
export async function startApp(adapter: AdapterName, manager: SessionManager, port = 0): Promise<RunningApp> {
  switch (adapter) {
    case 'node':
      return listen(
        createServer(
          nodeSession(
            manager,
            async (req, res, session) => {
              const reply = await answer(req.url ?? '/', session);
              res.writeHead(reply.status, { 'content-type': TEXT_PLAIN });
              res.end(reply.body);
            },
            {
              onError: (error, _req, res) => {
                if (res.headersSent) return void res.destroy();
                res.writeHead(errorStatus(error), { 'content-type': TEXT_PLAIN }).end('error');
              },
            },
          ),
        ),
        port,
      );
    case 'web': {
      const handler = webSession(manager, async (request, session) => {
        const reply = await answer(pathOf(request.url), session);
        return new Response(reply.body, { status: reply.status, headers: { 'content-type': TEXT_PLAIN } });
      });
      const fetch = (request: Request) => handler(request).catch((error: unknown) => new Response('error', { status: errorStatus(error) }));
      return listen(createAdaptorServer({ fetch }) as Server, port);
    }
    case 'express': {
      const app = express();
      app.use(expressSession(manager));
      app.use((req, res, next) => {
        answer(req.originalUrl, req.session as unknown as RouteSession).then((reply) => void res.status(reply.status).type(TEXT_PLAIN).send(reply.body), next);
      });
      app.use(((error, _req, res, _next) => void res.status(errorStatus(error)).type(TEXT_PLAIN).send('error')) as express.ErrorRequestHandler);
      return listen(createServer(app), port);
    }
    case 'fastify': {
      const app = Fastify({ logger: false });
      app.setErrorHandler((error, _request, reply) => reply.code(errorStatus(error)).type(TEXT_PLAIN).send('error'));
      await app.register(fastifySession, { manager });
      app.get('*', async (request, reply) => {
        const r = await answer(request.url, request.session as unknown as RouteSession);
        return reply.code(r.status).type(TEXT_PLAIN).send(r.body);
      });
      await app.listen({ port, host: '127.0.0.1' });
      return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
    }
    case 'hono': {
      const app = new Hono<SessionEnv>();
      app.onError((error, c) => c.text('error', errorStatus(error instanceof HTTPException && error.cause !== undefined ? error.cause : error) as 500));
      app.use(honoSession(manager));
      app.get('*', async (c) => {
        const reply = await answer(pathOf(c.req.url), c.get('session'));
        return c.text(reply.body, reply.status as 200);
      });
      return listen(createAdaptorServer({ fetch: app.fetch }) as Server, port);
    }
    case 'koa': {
      const app = new Koa<SessionState>();
      app.silent = true;
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = errorStatus(error);
          ctx.type = TEXT_PLAIN;
          ctx.body = 'error';
        }
      });
      app.use(koaSession(manager));
      app.use(async (ctx) => {
        const reply = await answer(ctx.url, ctx.state.session);
        ctx.status = reply.status;
        ctx.type = TEXT_PLAIN;
        ctx.body = reply.body;
      });
      return listen(createServer(app.callback()), port);
    }
  }
}
