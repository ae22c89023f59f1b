/** tessera, signed cookie mode (HMAC-SHA-256), default options, on Hono. */
import { signedManager } from './bench-managers.ts';
import { serveTesseraHono } from './tessera-hono-app.ts';

serveTesseraHono(signedManager());
