/**
 * @fastify/session 11 (+ @fastify/cookie) on Fastify 5 with the store given (its default
 * MemoryStore, a Map of live session objects, when none). Configured to do the same work as
 * tessera: `saveUninitialized: false`, `rolling: false` (the default `true` re-saves the session
 * and re-sends the cookie on every response), browser-session cookie.
 * @module
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { EXPERIMENT_KEYS, keyFromUrl } from './common.ts';
import { sessionKV, sessionOf } from './fastify-kv.ts';
import { addFastifyCounterRoutes, listenFastify } from './fastify-routes.ts';

/** Serves the benchmark routes (and the lost-update experiment's) with @fastify/session over `store` on the port from argv. */
export async function serveFastifySession(store?: fastifySession.SessionStore): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    ...(store !== undefined ? { store } : {}),
    secret: randomBytes(32).toString('base64url'),
    saveUninitialized: false,
    rolling: false,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
  });
  addFastifyCounterRoutes(app, sessionKV);
  app.get('/set', async (req, reply) => {
    const key = keyFromUrl(req.url);
    if (key === null) return reply.code(400).send('bad key');
    sessionOf(req).set(key, true);
    return 'ok';
  });
  app.get('/count', async (req) => String(EXPERIMENT_KEYS.filter((k) => sessionOf(req).get(k) !== undefined).length));
  await listenFastify(app);
}
