/** tessera, signed cookie mode (HMAC-SHA-256), default options, on Fastify. */
import { signedManager } from './bench-managers.ts';
import { serveTesseraFastify } from './tessera-fastify-app.ts';

await serveTesseraFastify(signedManager());
