/**
 * tessera on Hono 4 (@hono/node-server) through `tessera/adapters/hono` (`c.get('session')`,
 * loaded lazily, committed after the handler), with the benchmark routes.
 * @module
 */
import { Hono } from 'hono';
import { tesseraSession, type SessionEnv } from '../../../src/adapters/hono.ts';
import type { SessionManager } from '../../../src/session/index.ts';
import { serveHonoCounter } from './hono-routes.ts';

/** Serves /login, /ro and /rw with tessera's Hono middleware over `manager` on the port from argv. */
export function serveTesseraHono(manager: SessionManager): void {
  const app = new Hono<SessionEnv>();
  app.use(tesseraSession(manager));
  serveHonoCounter(app, {
    get: (c) => c.get('session').get('counter'),
    set: (c, n) => c.get('session').set('counter', n),
  });
}
