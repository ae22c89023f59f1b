/**
 * koa-session 7 on Koa 3 with its default cookie store: the session as base64 JSON in the
 * readable cookie `koa.sess`, signed by Koa's cookies with `app.keys` (Keygrip, HMAC-SHA-1) in
 * `koa.sess.sig`. It re-issues the cookie only when the session changed (a hash of its JSON),
 * like tessera. `maxAge` seven days (recorded in the session as `_expire`, checked on reads).
 */
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import session from 'koa-session';
import { serveKoaCounter } from './koa-routes.ts';

type Fields = { counter?: number };
const sessionOf = (ctx: object) => (ctx as { session: Fields | null }).session;

const app = new Koa();
app.keys = [randomBytes(32).toString('base64url')];
app.use(session({ key: 'koa.sess', maxAge: 7 * 86_400_000, httpOnly: true, signed: true, secure: false, sameSite: 'lax', rolling: false, renew: false }, app));
serveKoaCounter(app, {
  get: (ctx) => sessionOf(ctx)?.counter,
  set: (ctx, n) => void (sessionOf(ctx)!.counter = n),
});
