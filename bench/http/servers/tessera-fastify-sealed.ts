/** tessera, sealed cookie mode (AES-256-GCM), default options, on Fastify. */
import { sealedManager } from './bench-managers.ts';
import { serveTesseraFastify } from './tessera-fastify-app.ts';

await serveTesseraFastify(sealedManager());
