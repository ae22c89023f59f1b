/**
 * tessera on Express 5 through `tessera/adapters/express` (property-style `req.session`, as an
 * express-session app writes it), with the benchmark routes.
 * @module
 */
import express from 'express';
import { tesseraSession } from '../../../src/adapters/express.ts';
import type { SessionManager } from '../../../src/session/index.ts';
import { serveExpressCounter } from './express-routes.ts';

type Fields = { counter?: number };

/** Serves /login, /ro and /rw with tessera's Express middleware over `manager` on the port from argv. */
export function serveTesseraExpress(manager: SessionManager): void {
  const app = express();
  app.use(tesseraSession(manager));
  serveExpressCounter(app, {
    get: (req) => (req.session as Fields).counter,
    set: (req, n) => void ((req.session as Fields).counter = n),
  });
}
