/**
 * The hand-written signed floor (floors/signed.ts) on Fastify 5: an `onRequest` hook reads and
 * verifies the cookie into `request.floorSession`; an `onSend` hook adds the new cookie when
 * the handler changed the session.
 */
import Fastify from 'fastify';
import { floorCounter, floorSetCookie, loadFloorSession, type FloorSession } from '../floors/framework.ts';
import { createSignedCodec } from '../floors/signed.ts';
import { serveFastifyCounter } from './fastify-routes.ts';

type FloorRequest = { floorSession: FloorSession };
const sessionOf = (req: unknown) => (req as FloorRequest).floorSession;

const codec = createSignedCodec();
const app = Fastify({ logger: false });
app.decorateRequest('floorSession', null);
app.addHook('onRequest', (req, _reply, done) => {
  (req as unknown as FloorRequest).floorSession = loadFloorSession(codec, req.headers.cookie);
  done();
});
app.addHook('onSend', (req, reply, payload, done) => {
  reply.header('vary', 'Cookie');
  const cookie = floorSetCookie(codec, sessionOf(req));
  if (cookie !== null) {
    reply.header('set-cookie', cookie);
    reply.header('cache-control', 'private, no-store');
  }
  done(null, payload);
});
await serveFastifyCounter(app, floorCounter(sessionOf));
