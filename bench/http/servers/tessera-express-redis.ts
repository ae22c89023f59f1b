/** tessera, server mode with the Redis store (ioredis), on Express 5. */
import { createSessionManager } from '../../../src/session/index.ts';
import { openBenchStore } from './bench-store.ts';
import { serveTesseraExpress } from './tessera-express-app.ts';

serveTesseraExpress(createSessionManager({ store: (await openBenchStore('redis')).store }));
