/**
 * The benchmark routes on Express 5 (`/login`, `/ro`, `/rw`), the same for every session
 * contender on Express: only the {@link CounterAccess} differs.
 * @module
 */
import type { Express, Request, Response } from 'express';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';
import type { CounterAccess } from './counter.ts';

/** A plain-text response, as the other Express servers send it. */
function text(res: Response, body: string, status?: number): void {
  if (status !== undefined) res.status(status);
  res.type('text/plain').send(body);
}

/** Adds the routes to `app` (after its session middleware) and listens on the port from argv. `access` must be synchronous. */
export function serveExpressCounter(app: Express, access: CounterAccess<Request>): void {
  app.get('/login', (req, res) => {
    access.set(req, 0);
    text(res, '0');
  });
  app.get('/ro', (req, res) => {
    const n = access.get(req);
    if (typeof n !== 'number') return text(res, NO_SESSION, 401);
    text(res, String(n));
  });
  app.get('/rw', (req, res) => {
    const n = access.get(req);
    if (typeof n !== 'number') return text(res, NO_SESSION, 401);
    access.set(req, n + 1);
    text(res, String(n + 1));
  });
  const port = portFromArgs();
  const server = app.listen(port, HOST, () => announce(port, () => server.close()));
}
