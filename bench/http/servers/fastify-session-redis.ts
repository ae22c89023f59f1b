/**
 * @fastify/session 11 (+ @fastify/cookie) on Fastify 5 with connect-redis 9 as its store
 * (@fastify/session takes express-session stores: `get`/`set`/`destroy` with callbacks) over a
 * node-redis 5 client: each session a JSON string under `<prefix>sess:<id>` with EX one day (the
 * cookie is a browser-session one). @fastify/session never calls `touch`. Options in
 * fastify-session-app.ts.
 */
import { RedisStore } from 'connect-redis';
import type fastifySession from '@fastify/session';
import { createClient } from 'redis';
import { REDIS_URL } from '../lib/services.ts';
import { REDIS_PREFIX } from './bench-store.ts';
import { serveFastifySession } from './fastify-session-app.ts';

const client = createClient({ url: REDIS_URL });
await client.connect();
await serveFastifySession(new RedisStore({ client, prefix: `${REDIS_PREFIX}sess:` }) as unknown as fastifySession.SessionStore);
