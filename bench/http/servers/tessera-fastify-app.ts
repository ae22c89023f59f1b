/**
 * tessera on Fastify 5 through `tessera/adapters/fastify` (`request.session`, loaded lazily in
 * `onRequest`, committed in `onSend`), with the benchmark routes.
 * @module
 */
import Fastify from 'fastify';
import { tesseraSession } from '../../../src/adapters/fastify.ts';
import type { Session, SessionManager } from '../../../src/session/index.ts';
import { serveFastifyCounter } from './fastify-routes.ts';

/** `request.session` as tessera's session (three Fastify session plugins type it through module augmentation, which clash when compiled together). */
const sessionOf = (req: { session: unknown }) => req.session as Session;

/** Serves /login, /ro and /rw with tessera's Fastify plugin over `manager` on the port from argv. */
export async function serveTesseraFastify(manager: SessionManager): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(tesseraSession, { manager });
  await serveFastifyCounter(app, {
    get: (req) => sessionOf(req).get('counter'),
    set: (req, n) => sessionOf(req).set('counter', n),
  });
}
