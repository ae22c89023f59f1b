/**
 * @fastify/secure-session 8 on Fastify 5: the session sealed in the cookie with libsodium's
 * secretbox (XSalsa20-Poly1305, sodium-native) under a 32-byte key. It re-issues the cookie
 * only when the session changed.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import fastifySecureSession from '@fastify/secure-session';
import { serveFastifyCounter } from './fastify-routes.ts';
import { sessionKV } from './fastify-kv.ts';

const app = Fastify({ logger: false });
await app.register(fastifySecureSession, {
  key: randomBytes(32),
  cookieName: 'session',
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
});
await serveFastifyCounter(app, sessionKV);
