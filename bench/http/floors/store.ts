/**
 * Floor 4: a server-side session on a real store, written the obvious way: the cookie is a
 * random 256-bit id plus its HMAC-SHA-256 (`id.mac`, as floor 3); the store keeps each
 * session as a JSON string with an expiry; a read-only request costs one GET, a modifying one
 * a GET and one SET with expiry. What the store suite holds tessera's stores against.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, send } from '../servers/common.ts';
import { LIFETIME_MS, idMac, sessionHeaders, verifiedId } from './common.ts';

type Data = { counter: number };

/** The store operations the floor needs: a GET by id and a SET with expiry (milliseconds from now). */
export interface FloorKV {
  get(id: string): Promise<string | null> | string | null;
  set(id: string, json: string, ttlMs: number): Promise<void> | void;
}

const isPromise = <T>(x: T | Promise<T>): x is Promise<T> => typeof (x as { then?: unknown } | null)?.then === 'function';

/** A node:http listener serving /login, /ro and /rw on `kv`. */
export function createStoreFloor(kv: FloorKV, secret: Buffer = randomBytes(32)) {
  const mac = (id: string) => idMac(secret, id);
  const idOf = (req: IncomingMessage) => verifiedId(req, secret);
  const respond = (req: IncomingMessage, res: ServerResponse, id: string, json: string | null): void | Promise<void> => {
    if (json === null) return send(res, 401, 'no session');
    const data = JSON.parse(json) as Data;
    if (req.url !== '/rw') {
      sessionHeaders(res, null);
      return send(res, 200, String(data.counter));
    }
    data.counter++;
    const done = () => {
      sessionHeaders(res, null);
      send(res, 200, String(data.counter));
    };
    const saved = kv.set(id, JSON.stringify(data), LIFETIME_MS);
    return isPromise(saved) ? saved.then(done) : done();
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    if (req.url === '/login') {
      const id = randomBytes(32).toString('base64url');
      const done = () => {
        sessionHeaders(res, `${id}.${mac(id).toString('base64url')}`);
        send(res, 200, '0');
      };
      const saved = kv.set(id, JSON.stringify({ counter: 0 }), LIFETIME_MS);
      return isPromise(saved) ? saved.then(done) : done();
    }
    const id = idOf(req);
    if (id === null) return send(res, 401, 'no session');
    const json = kv.get(id);
    return isPromise(json) ? json.then((j) => respond(req, res, id, j)) : respond(req, res, id, json);
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const pending = handle(req, res);
      if (pending !== undefined) pending.catch((error: unknown) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  };
}
