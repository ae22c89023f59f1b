/**
 * tessera on Koa 3 through `tessera/adapters/koa` (`ctx.state.session`, loaded lazily,
 * committed after the downstream middleware), with the benchmark routes.
 * @module
 */
import Koa from 'koa';
import { tesseraSession, type SessionState } from '../../../src/adapters/koa.ts';
import type { SessionManager } from '../../../src/session/index.ts';
import { serveKoaCounter } from './koa-routes.ts';

/** Serves /login, /ro and /rw with tessera's Koa middleware over `manager` on the port from argv. */
export function serveTesseraKoa(manager: SessionManager): void {
  const app = new Koa<SessionState>();
  app.use(tesseraSession(manager));
  serveKoaCounter(app, {
    get: (ctx) => ctx.state.session.get('counter'),
    set: (ctx, n) => ctx.state.session.set('counter', n),
  });
}
