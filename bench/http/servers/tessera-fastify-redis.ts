/** tessera, server mode with the Redis store (ioredis), default options, on Fastify. */
import { redisManager } from './bench-managers.ts';
import { serveTesseraFastify } from './tessera-fastify-app.ts';

await serveTesseraFastify(await redisManager());
