/** The store floor (bench/http/floors/store.ts) on Redis (ioredis): GET, and SET with PX. */
import { Redis } from 'ioredis';
import { createStoreFloor } from '../floors/store.ts';
import { REDIS_URL } from '../lib/services.ts';
import { REDIS_PREFIX } from './bench-store.ts';
import { serveNode } from './common.ts';

const client = new Redis(REDIS_URL);
serveNode(
  createStoreFloor({
    get: (id) => client.get(REDIS_PREFIX + id),
    set: async (id, json, ttlMs) => void (await client.set(REDIS_PREFIX + id, json, 'PX', ttlMs)),
  }),
);
