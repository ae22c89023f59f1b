/**
 * Floor 1: a signed cookie written the obvious way with node:crypto. The cookie is
 * `base64url(JSON {d: data, e: expiresAt}) . base64url(HMAC-SHA-256)`; reading verifies the
 * MAC in constant time, decodes and checks the expiry. Read-and-write issues a new cookie.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../servers/common.ts';
import { COOKIE_NAME, LIFETIME_MS, findCookie, sessionHeaders } from './common.ts';

type Data = { counter: number };

export function createSignedFloor(secret: Buffer = randomBytes(32)) {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const read = (req: IncomingMessage): Data | null => {
    const token = findCookie(req.headers.cookie, COOKIE_NAME);
    const dot = token === null ? -1 : token.lastIndexOf('.');
    if (token === null || dot < 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const { d, e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { d: Data; e: number };
      return e > Date.now() ? d : null;
    } catch {
      return null;
    }
  };
  const write = (d: Data): string => {
    const payload = Buffer.from(JSON.stringify({ d, e: Date.now() + LIFETIME_MS })).toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/login') {
      sessionHeaders(res, write({ counter: 0 }));
      return send(res, 200, '0');
    }
    const data = read(req);
    if (data === null) return send(res, 401, 'no session');
    if (req.url === '/rw') {
      data.counter++;
      sessionHeaders(res, write(data));
    } else {
      sessionHeaders(res, null);
    }
    send(res, 200, String(data.counter));
  };
}
