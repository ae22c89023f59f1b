/** Bare Koa 3: the same routes (dispatched on `ctx.path`) and bodies as the Koa session contenders, no session. */
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import { serveKoa } from './koa-routes.ts';

const app = new Koa();
app.use((ctx) => {
  const path = ctx.path;
  if (path === '/login') ctx.set('set-cookie', `bare=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`);
  else if (path !== '/ro' && path !== '/rw') return void (ctx.status = 404);
  ctx.body = '0';
});
serveKoa(app);
