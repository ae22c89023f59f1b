/**
 * The benchmark routes on Fastify 5 (`/login`, `/ro`, `/rw`), the same for every session
 * contender on Fastify: only the {@link CounterAccess} differs.
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';
import type { CounterAccess } from './counter.ts';

/** Adds the routes to `app` (after its session plugin). */
export function addFastifyCounterRoutes(app: FastifyInstance, access: CounterAccess<FastifyRequest>): void {
  app.get('/login', async (req) => {
    access.set(req, 0);
    return '0';
  });
  app.get('/ro', async (req, reply) => {
    const got = access.get(req);
    const n = got instanceof Promise ? await got : got;
    if (typeof n !== 'number') return reply.code(401).send(NO_SESSION);
    return String(n);
  });
  app.get('/rw', async (req, reply) => {
    const got = access.get(req);
    const n = got instanceof Promise ? await got : got;
    if (typeof n !== 'number') return reply.code(401).send(NO_SESSION);
    access.set(req, n + 1);
    return String(n + 1);
  });
}

/** Listens on the port from argv, loopback only. */
export async function listenFastify(app: FastifyInstance): Promise<void> {
  const port = portFromArgs();
  await app.listen({ port, host: HOST });
  announce(port, () => void app.close());
}

/** Adds the routes to `app` (after its session plugin) and listens on the port from argv. */
export async function serveFastifyCounter(app: FastifyInstance, access: CounterAccess<FastifyRequest>): Promise<void> {
  addFastifyCounterRoutes(app, access);
  await listenFastify(app);
}
