/**
 * tessera on node:http, shared by tessera-signed.ts, tessera-sealed.ts and tessera-server.ts.
 * `/login`, `/ro`, `/rw` go through `withSession` (the default contender); `/ro-explicit`
 * and `/rw-explicit` do the same with `loadSession` + `commitSession`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { commitSession, loadSession, withSession } from '../../../src/adapters/node.ts';
import type { Session, SessionManager } from '../../../src/session/index.ts';
import { EXPERIMENT_KEYS, NO_SESSION, fail, keyFromUrl, send, serveNode } from './common.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, session: Session) => Promise<void> | void;

const login: Handler = (_req, res, session) => {
  session.set('counter', 0);
  send(res, 200, '0');
};
const readOnly: Handler = async (_req, res, session) => {
  const n = await session.get('counter');
  if (typeof n !== 'number') return send(res, 401, NO_SESSION);
  send(res, 200, String(n));
};
const readWrite: Handler = async (_req, res, session) => {
  const n = await session.get('counter');
  if (typeof n !== 'number') return send(res, 401, NO_SESSION);
  session.set('counter', n + 1);
  send(res, 200, String(n + 1));
};
const setKey: Handler = (req, res, session) => {
  const key = keyFromUrl(req.url);
  if (key === null) return send(res, 400, 'bad key');
  session.set(key, true);
  send(res, 200, 'ok');
};
const count: Handler = async (_req, res, session) => {
  let kept = 0;
  for (const key of EXPERIMENT_KEYS) if ((await session.get(key)) !== undefined) kept++;
  send(res, 200, String(kept));
};

/** `/ro` with loadSession + commitSession: commit (which adds the headers) before responding. */
function explicitReadOnly(manager: SessionManager) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const session = loadSession(manager, req);
      const n = await session.get('counter');
      await commitSession(manager, session, res);
      if (typeof n !== 'number') return send(res, 401, NO_SESSION);
      send(res, 200, String(n));
    } catch (error) {
      fail(req, res, error);
    }
  };
}

/** `/rw` with loadSession + commitSession. */
function explicitReadWrite(manager: SessionManager) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const session = loadSession(manager, req);
      const n = await session.get('counter');
      if (typeof n === 'number') session.set('counter', n + 1);
      await commitSession(manager, session, res);
      if (typeof n !== 'number') return send(res, 401, NO_SESSION);
      send(res, 200, String(n + 1));
    } catch (error) {
      fail(req, res, error);
    }
  };
}

/** Serves the tessera routes for `manager` on the port from argv. */
export function serveTessera(manager: SessionManager): void {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>([
    ['/login', withSession(manager, login)],
    ['/ro', withSession(manager, readOnly)],
    ['/rw', withSession(manager, readWrite)],
    ['/ro-explicit', explicitReadOnly(manager)],
    ['/rw-explicit', explicitReadWrite(manager)],
    ['/count', withSession(manager, count)],
  ]);
  const set = withSession(manager, setKey);
  serveNode((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route !== undefined) void route(req, res);
    else if (req.url?.startsWith('/set?')) set(req, res);
    else send(res, 404, 'not found');
  });
}
