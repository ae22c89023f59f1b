/** tessera, server mode with the Redis store (ioredis), default options, on Koa. */
import { redisManager } from './bench-managers.ts';
import { serveTesseraKoa } from './tessera-koa-app.ts';

serveTesseraKoa(await redisManager());
