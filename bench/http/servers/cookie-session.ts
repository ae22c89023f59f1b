/**
 * cookie-session 2.x on Express 5: the session in a readable cookie signed with Keygrip
 * (`session` + `session.sig`, HMAC-SHA-1 by default). It re-issues the cookie only when the
 * session changed, like tessera.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import cookieSession from 'cookie-session';
import { HOST, NO_SESSION, announce, portFromArgs } from './common.ts';

type Fields = { counter?: number };

const app = express();
app.use(
  cookieSession({
    name: 'session',
    keys: [randomBytes(32).toString('base64url')],
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: false,
  }),
);
app.get('/login', (req, res) => {
  (req.session as Fields).counter = 0;
  res.type('text/plain').send('0');
});
app.get('/ro', (req, res) => {
  const n = (req.session as Fields | null | undefined)?.counter;
  if (typeof n !== 'number') return void res.status(401).type('text/plain').send(NO_SESSION);
  res.type('text/plain').send(String(n));
});
app.get('/rw', (req, res) => {
  const s = req.session as Fields;
  const n = s.counter;
  if (typeof n !== 'number') return void res.status(401).type('text/plain').send(NO_SESSION);
  s.counter = n + 1;
  res.type('text/plain').send(String(n + 1));
});
const port = portFromArgs();
const server = app.listen(port, HOST, () => announce(port, () => server.close()));
