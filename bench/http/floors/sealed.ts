/**
 * Floor 2: a sealed cookie written the obvious way with node:crypto: AES-256-GCM with a fresh
 * `randomBytes(12)` nonce, cookie `base64url(nonce ‖ ciphertext ‖ tag)` of JSON
 * `{d: data, e: expiresAt}`. Reading decrypts, authenticates and checks the expiry.
 * Read-and-write issues a new cookie.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../servers/common.ts';
import { COOKIE_NAME, LIFETIME_MS, findCookie, sessionHeaders } from './common.ts';

type Data = { counter: number };

export function createSealedFloor(key: Buffer = randomBytes(32)) {
  const read = (req: IncomingMessage): Data | null => {
    const token = findCookie(req.headers.cookie, COOKIE_NAME);
    if (token === null) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const json = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString();
      const { d, e } = JSON.parse(json) as { d: Data; e: number };
      return e > Date.now() ? d : null;
    } catch {
      return null;
    }
  };
  const write = (d: Data): string => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify({ d, e: Date.now() + LIFETIME_MS })), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
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
