/**
 * @fastify/secure-session 8 on Fastify 5: the session sealed in the cookie with libsodium's
 * secretbox (XSalsa20-Poly1305, sodium-native) under a 32-byte key. It re-issues the cookie
 * only when the session changed.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import fastifySecureSession from '@fastify/secure-session';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';

/** The session's get/set (both plugins type `request.session` through module augmentation, which clash when both are compiled together). */
type KV = { get(key: string): unknown; set(key: string, value: unknown): void };
const sessionOf = (req: { session: unknown }) => req.session as KV;

const app = Fastify({ logger: false });
await app.register(fastifySecureSession, {
  key: randomBytes(32),
  cookieName: 'session',
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
const port = portFromArgs();
await app.listen({ port, host: HOST });
announce(port, () => void app.close());
