/**
 * @fastify/session 11 (+ @fastify/cookie) on Fastify 5 with its default MemoryStore (a Map
 * of live session objects, not JSON strings). Configured to do the same work as tessera:
 * `saveUninitialized: false`, `rolling: false` (the default `true` re-saves the session and
 * re-sends the cookie on every response), browser-session cookie.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { EXPERIMENT_KEYS, HOST, NO_SESSION, announce, keyFromUrl, portFromArgs } from './common.ts';

/** The session's get/set (both plugins type `request.session` through module augmentation, which clash when both are compiled together). */
type KV = { get(key: string): unknown; set(key: string, value: unknown): void };
const sessionOf = (req: { session: unknown }) => req.session as KV;

const app = Fastify({ logger: false });
await app.register(fastifyCookie);
await app.register(fastifySession, {
  secret: randomBytes(32).toString('base64url'),
  saveUninitialized: false,
  rolling: false,
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
});
app.get('/login', async (req) => {
  sessionOf(req).set('counter', 0);
  return '0';
});
app.get('/ro', async (req, reply) => {
  const n = sessionOf(req).get('counter');
  if (typeof n !== 'number') return reply.code(401).send(NO_SESSION);
  return String(n);
});
app.get('/rw', async (req, reply) => {
  const n = sessionOf(req).get('counter');
  if (typeof n !== 'number') return reply.code(401).send(NO_SESSION);
  sessionOf(req).set('counter', n + 1);
  return String(n + 1);
});
app.get('/set', async (req, reply) => {
  const key = keyFromUrl(req.url);
  if (key === null) return reply.code(400).send('bad key');
  sessionOf(req).set(key, true);
  return 'ok';
});
app.get('/count', async (req) => String(EXPERIMENT_KEYS.filter((k) => sessionOf(req).get(k) !== undefined).length));
const port = portFromArgs();
await app.listen({ port, host: HOST });
announce(port, () => void app.close());
