/**
 * The hand-written signed floor (floors/signed.ts) on Hono 4 (@hono/node-server): a
 * middleware reads and verifies the cookie into `c.get('floorSession')`, runs the handler and
 * adds the new cookie when the handler changed the session.
 */
import { Hono } from 'hono';
import { floorCounter, floorSetCookie, loadFloorSession, type FloorSession } from '../floors/framework.ts';
import { createSignedCodec } from '../floors/signed.ts';
import { serveHonoCounter } from './hono-routes.ts';

const codec = createSignedCodec();
const app = new Hono<{ Variables: { floorSession: FloorSession } }>();
app.use(async (c, next) => {
  const session = loadFloorSession(codec, c.req.header('cookie'));
  c.set('floorSession', session);
  await next();
  c.header('vary', 'Cookie');
  const cookie = floorSetCookie(codec, session);
  if (cookie !== null) {
    c.header('set-cookie', cookie);
    c.header('cache-control', 'private, no-store');
  }
});
serveHonoCounter(app, floorCounter((c) => c.get('floorSession')));
