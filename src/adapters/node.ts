/**
 * node:http entry point. `withSession` gives each request a lazily loaded session and commits
 * it before anything reaches the socket: `writeHead`, `write`, `end` and `flushHeaders` are held
 * back until the commit's headers are set (hold-response.ts). For full control, `loadSession`
 * and `commitSession` do the same steps explicitly.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeadersSentError, SessionConflictError, SessionLimitError, StoreError } from '../errors.ts';
import { holdResponse } from './hold-response.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { HeaderEntry, RequestContext } from '../session/manager.ts';
import { setForwardedTransport } from './transport.ts';

/** A node:http handler that also receives the request's session (`S`: the engine's session type, e.g. `Session<Data, Flash>` or `FlaskSession`). */
export type NodeSessionHandler<S> = (req: IncomingMessage, res: ServerResponse, session: S) => void | Promise<void>;

/** Options of {@link withSession}. */
export interface NodeSessionOptions {
  /**
   * Called when the handler throws or the commit fails, before anything was sent. Default:
   * 503 for StoreError (a store outage), 409 for SessionConflictError (concurrent writes to one
   * session outlasted the retries; the request may be retried) and SessionLimitError (a login
   * over the per-user session limit), 500 otherwise, with a plain-text body; the error is
   * logged with console.error.
   */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
  /**
   * The app runs behind a TLS-terminating proxy that sets `Forwarded: proto=` (RFC 7239) or
   * `X-Forwarded-Proto` (and `host=` / `X-Forwarded-Host`): read the scheme from there (the
   * nearest proxy's, i.e. last, value), so a session cookie can be issued (SR-46). Default false:
   * those headers are ignored and the socket tells (`socket.encrypted`). Set it only when every
   * request comes through such a proxy; a client reaching the app directly could claim HTTPS.
   */
  trustProxy?: boolean;
}

/** What {@link loadSession} takes: {@link NodeSessionOptions}' `trustProxy`. */
export type LoadSessionOptions = Pick<NodeSessionOptions, 'trustProxy'>;

const NO_OPTIONS: LoadSessionOptions = {};
type SocketLike = { remoteAddress?: string | undefined; encrypted?: boolean } | null | undefined;

/** One header value: the last of repeated ones. */
const last = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[value.length - 1] : value);

/**
 * What the manager learns of `req`: the user agent and the socket's address (recorded by
 * `bindUser`; no proxy header is trusted for them), and the transport (SR-46): `secure` from
 * `socket.encrypted`, or with `trustProxy` from the proxy's `Forwarded` / `X-Forwarded-Proto`
 * when present; `host` (the Host header, or the proxy's) on plain HTTP only. No socket and no
 * trusted header: the transport is unknown (never refused).
 */
export function requestContext(req: IncomingMessage, trustProxy = false): RequestContext {
  const context: RequestContext = {};
  const headers = req.headers;
  const ua = headers['user-agent'];
  if (typeof ua === 'string') context.userAgent = ua;
  const socket = req.socket as SocketLike;
  const ip = socket?.remoteAddress;
  if (typeof ip === 'string') context.ip = ip;
  if (trustProxy && setForwardedTransport(context, last(headers.forwarded), last(headers['x-forwarded-proto']), last(headers['x-forwarded-host']))) {
    if (context.secure === false && context.host === undefined && headers.host !== undefined) context.host = headers.host;
  } else if (socket !== null && socket !== undefined) {
    const secure = socket.encrypted === true;
    context.secure = secure;
    if (!secure && headers.host !== undefined) context.host = headers.host;
  }
  return context;
}

/** A session for `req` (nothing is read until the session is); `options.trustProxy` as in {@link NodeSessionOptions}. */
export function loadSession<S>(manager: SessionEngine<S>, req: IncomingMessage, options: LoadSessionOptions = NO_OPTIONS): S {
  return manager.load(req.headers.cookie, requestContext(req, options.trustProxy === true));
}

/**
 * Commits `session` and appends its headers to `res`. Throws HeadersSentError when `res` has
 * already sent its headers (commit before streaming), and what `manager.commit` throws.
 */
export async function commitSession<S>(manager: SessionEngine<S>, session: S, res: ServerResponse): Promise<void> {
  if (res.headersSent) throw new HeadersSentError();
  const headers = await manager.commit(session);
  if (res.headersSent) throw new HeadersSentError('response headers were sent while the session was being committed');
  addHeaders(res, headers);
}

/**
 * Adds the commit's headers to `res`, after any the handler set. `setHeader` where `res` has no
 * such header yet (`appendHeader` would check the value twice, then call it anyway), and
 * repeated names (several Set-Cookie lines) as one list.
 */
function addHeaders(res: ServerResponse, headers: readonly HeaderEntry[]): void {
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    if (res.hasHeader(name)) {
      res.appendHeader(name, value);
      continue;
    }
    let j = i + 1;
    while (j < headers.length && headers[j]![0] === name) j++;
    if (j === i + 1) res.setHeader(name, value);
    else res.setHeader(name, headers.slice(i, j).map((h) => h[1]));
    i = j - 1;
  }
}

/**
 * Commits `session` without waiting when the engine can (`commitSync`: cookie modes on
 * node:crypto, a server-mode session that writes nothing or writes through a store's synchronous
 * forms) and appends its headers to `res`: true. False when the commit needs asynchronous work
 * (call {@link commitSession}) or the engine has no `commitSync`. Throws what the commit throws.
 * Used by the adapters that hold a response (node:http, Express), so the response leaves in the
 * same tick.
 */
export function commitSessionNow<S>(manager: SessionEngine<S>, session: S, res: ServerResponse): boolean {
  const headers = manager.commitSync?.(session) ?? null;
  if (headers === null) return false;
  addHeaders(res, headers);
  return true;
}

function defaultOnError(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
  console.error(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = error instanceof StoreError || error instanceof SessionConflictError || error instanceof SessionLimitError ? error.status : 500;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(status === 503 ? 'Service Unavailable\n' : status === 409 ? 'Conflict\n' : 'Internal Server Error\n');
}

/**
 * A node:http request listener running `handler` with a session from `manager` (any
 * {@link SessionEngine}: tessera's SessionManager or a Flask/Django manager). The transport the
 * manager checks (SR-46) is `socket.encrypted`, or with `trustProxy` the proxy's headers; a
 * session cookie set over plain HTTP fails the commit with InsecureTransportError (500). The handler may use
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
    const session = loadSession(manager, req, options);
    // Why hold the response: node:http sends headers on the first writeHead/write/end, and the
    // commit (which may wait on a store) must add its Set-Cookie headers before that.
    const hold = holdResponse(
      res,
      () => commitSession(manager, session, res),
      (error) => onError(error, req, res),
      canCommitSync ? () => commitSessionNow(manager, session, res) : null,
    );
    const finished = () => {
      // A handler that returned without writing still gets its session committed now.
      if (!hold.started) hold.commit().catch((error: unknown) => onError(error, req, res));
    };
    const failed = (error: unknown) => {
      if (hold.abandon()) onError(error, req, res);
      else console.error(error); // output was already on its way: nothing else can be sent
    };
    // Called in this tick, as node:http calls a listener; a synchronous throw is caught like a rejection.
    let returned: void | Promise<void>;
    try {
      returned = handler(req, res, session);
    } catch (error) {
      failed(error);
      return;
    }
    if (returned instanceof Promise) returned.then(finished, failed);
    else if (typeof (returned as unknown as PromiseLike<void> | undefined)?.then === 'function') Promise.resolve(returned).then(finished, failed);
    else finished();
  };
}
