/** tessera, server mode with the Redis store (ioredis), default options, on Hono. */
import { redisManager } from './bench-managers.ts';
import { serveTesseraHono } from './tessera-hono-app.ts';

serveTesseraHono(await redisManager());
