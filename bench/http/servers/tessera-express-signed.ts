/** tessera, signed cookie mode (HMAC-SHA-256), default options, on Express. */
import { signedManager } from './bench-managers.ts';
import { serveTesseraExpress } from './tessera-express-app.ts';

serveTesseraExpress(signedManager());
