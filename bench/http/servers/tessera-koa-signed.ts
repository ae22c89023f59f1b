/** tessera, signed cookie mode (HMAC-SHA-256), default options, on Koa. */
import { signedManager } from './bench-managers.ts';
import { serveTesseraKoa } from './tessera-koa-app.ts';

serveTesseraKoa(signedManager());
