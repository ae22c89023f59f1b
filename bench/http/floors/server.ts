/**
 * Floor 3: a server-side session written the obvious way: the cookie is a random 256-bit id
 * plus its HMAC-SHA-256 (`id.mac`), and a `Map` keeps each session as a JSON string
 * `{d: data, e: expiresAt}` (a string, as a store would keep it, not a live object).
 * Read-and-write stores the new JSON; the cookie does not change, so no Set-Cookie.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../servers/common.ts';
import { LIFETIME_MS, idMac, sessionHeaders, verifiedId } from './common.ts';

type Data = { counter: number };

export function createServerFloor(secret: Buffer = randomBytes(32)) {
  const sessions = new Map<string, string>();
  const mac = (id: string) => idMac(secret, id);
  const idOf = (req: IncomingMessage) => verifiedId(req, secret);
  const save = (id: string, d: Data) => sessions.set(id, JSON.stringify({ d, e: Date.now() + LIFETIME_MS }));

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/login') {
      const id = randomBytes(32).toString('base64url');
      save(id, { counter: 0 });
      sessionHeaders(res, `${id}.${mac(id).toString('base64url')}`);
      return send(res, 200, '0');
    }
    const id = idOf(req);
    const json = id === null ? undefined : sessions.get(id);
    const entry = json === undefined ? null : (JSON.parse(json) as { d: Data; e: number });
    if (id === null || entry === null || entry.e <= Date.now()) return send(res, 401, 'no session');
    if (req.url === '/rw') {
      entry.d.counter++;
      save(id, entry.d);
    }
    sessionHeaders(res, null);
    send(res, 200, String(entry.d.counter));
  };
}
