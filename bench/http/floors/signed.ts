/**
 * Floor 1: a signed cookie written the obvious way with node:crypto. The cookie is
 * `base64url(JSON {d: data, e: expiresAt}) . base64url(HMAC-SHA-256)`; reading verifies the
 * MAC in constant time, decodes and checks the expiry. Read-and-write issues a new cookie.
 * The codec ({@link createSignedCodec}) is shared with the same floor on each framework
 * (floors/framework.ts and the servers floor-<framework>-signed.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../servers/common.ts';
import { COOKIE_NAME, LIFETIME_MS, findCookie, sessionHeaders } from './common.ts';

/** What the floors' session holds. */
export type SignedData = { counter: number };

/** Reads and writes the signed floor's cookie value. */
export interface SignedCodec {
  /** The session in the request's Cookie header, or null when absent, forged or expired. */
  read(cookieHeader: string | undefined): SignedData | null;
  /** The cookie value holding `d`, expiring {@link LIFETIME_MS} from now. */
  write(d: SignedData): string;
}

/** The signed floor's cookie codec under `secret`. */
export function createSignedCodec(secret: Buffer = randomBytes(32)): SignedCodec {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const read = (cookieHeader: string | undefined): SignedData | null => {
    const token = findCookie(cookieHeader, COOKIE_NAME);
    const dot = token === null ? -1 : token.lastIndexOf('.');
    if (token === null || dot < 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const { d, e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { d: SignedData; e: number };
      return e > Date.now() ? d : null;
    } catch {
      return null;
    }
  };
  const write = (d: SignedData): string => {
    const payload = Buffer.from(JSON.stringify({ d, e: Date.now() + LIFETIME_MS })).toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  };
  return { read, write };
}

/** The signed floor as a node:http listener serving /login, /ro and /rw. */
export function createSignedFloor(secret: Buffer = randomBytes(32)) {
  const { read, write } = createSignedCodec(secret);

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/login') {
      sessionHeaders(res, write({ counter: 0 }));
      return send(res, 200, '0');
    }
    const data = read(req.headers.cookie);
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
