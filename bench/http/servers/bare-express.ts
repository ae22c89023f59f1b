/** Bare Express 5: the same routes and bodies as the Express session contenders, no session. */
import { randomBytes } from 'node:crypto';
import express from 'express';
import { HOST, announce, portFromArgs } from './common.ts';

const app = express();
app.get('/login', (_req, res) => {
  res.cookie('bare', randomBytes(32).toString('base64url'), { path: '/', httpOnly: true, sameSite: 'lax' });
  res.type('text/plain').send('0');
});
app.get(['/ro', '/rw'], (_req, res) => {
  res.type('text/plain').send('0');
});
const port = portFromArgs();
const server = app.listen(port, HOST, () => announce(port, () => server.close()));
