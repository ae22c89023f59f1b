/**
 * hono-sessions 0.8 on Hono 4 (@hono/node-server) with its CookieStore: the whole session
 * sealed in the cookie with iron-webcrypto (AES-256-CBC + HMAC-SHA-256, both keys derived from
 * the password by PBKDF2, one iteration with a fresh salt, on every seal and unseal) under a
 * random 43-character password. Configured to do the same work as tessera:
 * `autoExtendExpiration: false` (the default `true` records an access time on every request,
 * which changes the session and re-seals the cookie on reads too); `expireAfterSeconds` seven
 * days, recorded in the session when it is written. On a new session it sets its cookie twice
 * (an empty session, then the data); the harness keeps the later one, as a browser does.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { CookieStore, sessionMiddleware, type Session } from 'hono-sessions';
import { serveHonoCounter } from './hono-routes.ts';

const app = new Hono<{ Variables: { session: Session<{ counter: number }>; session_key_rotation: boolean } }>();
app.use(
  sessionMiddleware({
    store: new CookieStore(),
    encryptionKey: randomBytes(32).toString('base64url'),
    expireAfterSeconds: 7 * 86_400,
    autoExtendExpiration: false,
    sessionCookieName: 'session',
    cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
  }),
);
serveHonoCounter(app, {
  get: (c) => c.get('session').get('counter'),
  set: (c, n) => c.get('session').set('counter', n),
});
