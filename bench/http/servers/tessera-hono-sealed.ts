/** tessera, sealed cookie mode (AES-256-GCM), default options, on Hono. */
import { sealedManager } from './bench-managers.ts';
import { serveTesseraHono } from './tessera-hono-app.ts';

serveTesseraHono(sealedManager());
