/** Bare Hono 4 on @hono/node-server: the same routes and bodies as the Hono session contenders, no session. */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { serveHono } from './hono-routes.ts';

const app = new Hono();
app.get('/login', (c) => {
  c.header('set-cookie', `bare=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`);
  return c.text('0');
});
app.get('/ro', (c) => c.text('0'));
app.get('/rw', (c) => c.text('0'));
serveHono(app);
