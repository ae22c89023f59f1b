/**
 * node:http entry point. `withSession` gives each request a lazily loaded session and commits
 * it before anything reaches the socket: `writeHead`, `write`, `end` and `flushHeaders` are held
 * back until the commit's headers are set (hold-response.ts). For full control, `loadSession`
 * and `commitSession` do the same steps explicitly.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeadersSentError, StoreError } from '../errors.ts';
import { holdResponse } from './hold-response.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { RequestContext } from '../session/manager.ts';

/** A node:http handler that also receives the request's session (`S`: the engine's session type, e.g. `Session<Data, Flash>` or `FlaskSession`). */
export type NodeSessionHandler<S> = (req: IncomingMessage, res: ServerResponse, session: S) => void | Promise<void>;

/** Options of {@link withSession}. */
export interface NodeSessionOptions {
  /**
   * Called when the handler throws or the commit fails, before anything was sent. Default:
   * 503 for StoreError (a store outage), 500 otherwise, with a plain-text body; the error is
   * logged with console.error.
   */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** The context `bindUser` records: user agent and the socket's address (no proxy header is trusted). */
export function requestContext(req: IncomingMessage): RequestContext {
  const context: RequestContext = {};
  const ua = req.headers['user-agent'];
  if (typeof ua === 'string') context.userAgent = ua;
  const ip = req.socket?.remoteAddress;
  if (typeof ip === 'string') context.ip = ip;
  return context;
}

/** A session for `req` (nothing is read until the session is). */
export function loadSession<S>(manager: SessionEngine<S>, req: IncomingMessage): S {
  return manager.load(req.headers.cookie, requestContext(req));
}

/**
 * Commits `session` and appends its headers to `res`. Throws HeadersSentError when `res` has
 * already sent its headers (commit before streaming), and what `manager.commit` throws.
 */
export async function commitSession<S>(manager: SessionEngine<S>, session: S, res: ServerResponse): Promise<void> {
  if (res.headersSent) throw new HeadersSentError();
  const headers = await manager.commit(session);
  if (res.headersSent) throw new HeadersSentError('response headers were sent while the session was being committed');
  for (const [name, value] of headers) res.appendHeader(name, value);
}

function defaultOnError(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
  console.error(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = error instanceof StoreError ? 503 : 500;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(status === 503 ? 'Service Unavailable\n' : 'Internal Server Error\n');
}

/**
 * A node:http request listener running `handler` with a session from `manager` (any
 * {@link SessionEngine}: tessera's SessionManager or a Flask/Django manager). The handler may use
 * `res` as usual (writeHead, write, end); output is held until the session is committed, then sent.
 */
export function withSession<S>(
  manager: SessionEngine<S>,
  handler: NodeSessionHandler<S>,
  options: NodeSessionOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const onError = options.onError ?? defaultOnError;
  const canCommitSync = typeof manager.commitSync === 'function';
  return (req, res) => {
    const session = loadSession(manager, req);
    // Why hold the response: node:http sends headers on the first writeHead/write/end, and the
    // commit (which may wait on a store) must add its Set-Cookie headers before that.
    const hold = holdResponse(
      res,
      () => commitSession(manager, session, res),
      (error) => onError(error, req, res),
      canCommitSync
        ? () => {
            // Cookie modes on node:crypto commit without waiting: the response then leaves in the same tick.
            const headers = manager.commitSync!(session);
            if (headers === null) return false;
            for (const [name, value] of headers) res.appendHeader(name, value);
            return true;
          }
        : null,
    );
    Promise.resolve()
      .then(() => handler(req, res, session))
      .then(
        () => {
          // A handler that returned without writing still gets its session committed now.
          if (!hold.started) hold.commit().catch((error: unknown) => onError(error, req, res));
        },
        (error: unknown) => {
          if (hold.abandon()) onError(error, req, res);
          else console.error(error); // output was already on its way: nothing else can be sent
        },
      );
  };
}
