/**
 * The hand-written signed floor (floors/signed.ts) on Koa 3: a middleware reads and verifies
 * the cookie into `ctx.state.floorSession`, runs the downstream middleware and adds the new
 * cookie when it changed the session.
 */
import Koa from 'koa';
import { floorCounter, floorSetCookie, loadFloorSession, type FloorSession } from '../floors/framework.ts';
import { createSignedCodec } from '../floors/signed.ts';
import { serveKoaCounter } from './koa-routes.ts';

type State = { floorSession: FloorSession };

const codec = createSignedCodec();
const app = new Koa<State>();
app.use(async (ctx, next) => {
  const session = loadFloorSession(codec, ctx.get('cookie'));
  ctx.state.floorSession = session;
  await next();
  ctx.set('vary', 'Cookie');
  const cookie = floorSetCookie(codec, session);
  if (cookie !== null) {
    ctx.set('set-cookie', cookie);
    ctx.set('cache-control', 'private, no-store');
  }
});
serveKoaCounter(app, floorCounter((ctx) => ctx.state.floorSession));
