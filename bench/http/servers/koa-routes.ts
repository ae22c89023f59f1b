/**
 * The benchmark routes on Koa 3 (`/login`, `/ro`, `/rw`, dispatched on `ctx.path`: no router
 * package), the same for every session contender on Koa: only the {@link CounterAccess} differs.
 * @module
 */
import type Koa from 'koa';
import type { Middleware, ParameterizedContext } from 'koa';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';
import type { CounterAccess } from './counter.ts';

/** Serves `app` on the port from argv, loopback only. */
export function serveKoa(app: Koa): void {
  const port = portFromArgs();
  const server = app.listen(port, HOST, () => announce(port, () => server.close()));
}

/** The routes as the app's last middleware. */
export function counterRoutes<S>(access: CounterAccess<ParameterizedContext<S>>): Middleware<S> {
  return async (ctx) => {
    const path = ctx.path;
    if (path === '/login') {
      access.set(ctx, 0);
      ctx.body = '0';
      return;
    }
    if (path !== '/ro' && path !== '/rw') {
      ctx.status = 404;
      return;
    }
    const got = access.get(ctx);
    const n = got instanceof Promise ? await got : got;
    if (typeof n !== 'number') {
      ctx.status = 401;
      ctx.body = NO_SESSION;
    } else if (path === '/rw') {
      access.set(ctx, n + 1);
      ctx.body = String(n + 1);
    } else {
      ctx.body = String(n);
    }
  };
}

/** Adds the routes to `app` (after its session middleware) and serves it. */
export function serveKoaCounter<S>(app: Koa<S>, access: CounterAccess<ParameterizedContext<S>>): void {
  app.use(counterRoutes(access));
  serveKoa(app as unknown as Koa);
}
