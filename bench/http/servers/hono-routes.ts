/**
 * The benchmark routes on Hono 4 served by @hono/node-server (`/login`, `/ro`, `/rw`), the same
 * for every session contender on Hono: only the {@link CounterAccess} differs.
 * @module
 */
import { serve } from '@hono/node-server';
import type { Context, Env, Hono } from 'hono';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';
import type { CounterAccess } from './counter.ts';

/** Serves `app` on the port from argv, loopback only. */
export function serveHono<E extends Env>(app: Hono<E>): void {
  const port = portFromArgs();
  const server = serve({ fetch: app.fetch, port, hostname: HOST }, () => announce(port, () => server.close()));
}

/** Adds the routes to `app` (after its session middleware) and serves it. */
export function serveHonoCounter<E extends Env>(app: Hono<E>, access: CounterAccess<Context<E>>): void {
  app.get('/login', (c) => {
    access.set(c, 0);
    return c.text('0');
  });
  app.get('/ro', async (c) => {
    const got = access.get(c);
    const n = got instanceof Promise ? await got : got;
    if (typeof n !== 'number') return c.text(NO_SESSION, 401);
    return c.text(String(n));
  });
  app.get('/rw', async (c) => {
    const got = access.get(c);
    const n = got instanceof Promise ? await got : got;
    if (typeof n !== 'number') return c.text(NO_SESSION, 401);
    access.set(c, n + 1);
    return c.text(String(n + 1));
  });
  serveHono(app);
}
