/**
 * express-session 1.x on Express 5, with the store given (its MemoryStore by default).
 * Configured to do the same work as tessera: no save of unmodified sessions (`resave:
 * false`), no session for visitors that set nothing (`saveUninitialized: false`), no cookie
 * re-issue on reads (`rolling: false`, the default), browser-session cookie.
 * @module
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import { EXPERIMENT_KEYS, HOST, NO_SESSION, announce, keyFromUrl, portFromArgs } from './common.ts';

type Fields = Record<string, unknown> & { counter?: number };

/** Serves the benchmark routes with express-session over `store` on the port from argv. */
export function serveExpressSession(store?: session.Store): void {
  const app = express();
  app.use(
    session({
      ...(store !== undefined ? { store } : {}),
      secret: randomBytes(32).toString('base64url'),
      resave: false,
      saveUninitialized: false,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
    }),
  );
  app.get('/login', (req, res) => {
    (req.session as unknown as Fields).counter = 0;
    res.type('text/plain').send('0');
  });
  app.get('/ro', (req, res) => {
    const n = (req.session as unknown as Fields).counter;
    if (typeof n !== 'number') return void res.status(401).type('text/plain').send(NO_SESSION);
    res.type('text/plain').send(String(n));
  });
  app.get('/rw', (req, res) => {
    const s = req.session as unknown as Fields;
    const n = s.counter;
    if (typeof n !== 'number') return void res.status(401).type('text/plain').send(NO_SESSION);
    s.counter = n + 1;
    res.type('text/plain').send(String(n + 1));
  });
  app.get('/set', (req, res) => {
    const key = keyFromUrl(req.url);
    if (key === null) return void res.status(400).type('text/plain').send('bad key');
    (req.session as unknown as Fields)[key] = true;
    res.type('text/plain').send('ok');
  });
  app.get('/count', (req, res) => {
    const s = req.session as unknown as Fields;
    res.type('text/plain').send(String(EXPERIMENT_KEYS.filter((k) => s[k] !== undefined).length));
  });
  const port = portFromArgs();
  const server = app.listen(port, HOST, () => announce(port, () => server.close()));
}
