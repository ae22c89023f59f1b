/** tessera, server mode with the Redis store (ioredis), default cookie options and timeouts, on node:http. */
import { createSessionManager } from '../../../src/session/index.ts';
import { openBenchStore } from './bench-store.ts';
import { serveTessera } from './tessera.ts';

serveTessera(createSessionManager({ store: (await openBenchStore('redis')).store }));
