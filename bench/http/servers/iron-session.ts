/**
 * iron-session 8 on node:http with `getIronSession(req, res, options)`: the session sealed
 * in the cookie (iron: AES-256-CBC + HMAC-SHA-256, keys derived from the password with
 * PBKDF2 on every seal and unseal). `save()` issues a new cookie.
 */
import { randomBytes } from 'node:crypto';
import { getIronSession, type SessionOptions } from 'iron-session';
import { NO_SESSION, fail, send, serveNode } from './common.ts';

type Fields = { counter?: number };

const options: SessionOptions = {
  password: randomBytes(32).toString('base64url'),
  cookieName: 'session',
  cookieOptions: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
};

serveNode(async (req, res) => {
  try {
    const session = await getIronSession<Fields>(req, res, options);
    if (req.url === '/login') {
      session.counter = 0;
      await session.save();
      return send(res, 200, '0');
    }
    const n = session.counter;
    if (typeof n !== 'number') return send(res, 401, NO_SESSION);
    if (req.url === '/rw') {
      session.counter = n + 1;
      await session.save();
      return send(res, 200, String(n + 1));
    }
    send(res, 200, String(n));
  } catch (error) {
    fail(req, res, error);
  }
});
