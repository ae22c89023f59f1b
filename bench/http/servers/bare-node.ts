/**
 * Bare node:http: the same routes and response bodies as the session contenders, no session.
 * Its `/login` hands out a random cookie only so the harness treats every server alike.
 */
import { randomBytes } from 'node:crypto';
import { send, serveNode } from './common.ts';

serveNode((req, res) => {
  if (req.url === '/login') {
    res.setHeader('set-cookie', `bare=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`);
    send(res, 200, '0');
    return;
  }
  send(res, 200, '0');
});
