/**
 * Hono 4 adapter: `app.use(tesseraSession(manager))` gives every request a lazily loaded
 * session in the context's typed variables (`c.get('session')`) and appends the commit's
 * headers to the response after the handler returned.
 * ```ts
 * const app = new Hono<SessionEnv<{ userId?: string }>>();
 * app.use(tesseraSession(manager));
 * app.post('/login', async (c) => { c.get('session').regenerate(); ...; return c.text('ok'); });
 * ```
 * Any {@link SessionEngine} works, e.g. a Flask manager of `tessera/interop`: type the app with
 * `new Hono<SessionEngineEnv<FlaskSession>>()` and `c.get('session')` is a `FlaskSession`.
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
// Hono's own HTTP error: its error handler (default or `app.onError`) answers with its status.
// A runtime import, unlike the other adapters' type-only ones: only Hono users load this file.
import { HTTPException } from 'hono/http-exception';
import { SessionConflictError, SessionLimitError, StoreError } from '../errors.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { HeaderEntry, RequestContext } from '../session/manager.ts';
import { setUrlTransport } from './transport.ts';
import type { Session, SessionData } from '../session/session.ts';

/** The Hono environment `tesseraSession` provides over an engine with sessions of type `S`: `c.get('session')`. */
export interface SessionEngineEnv<S> {
  Variables: { session: S };
}

/** The Hono environment `tesseraSession` provides over tessera's SessionManager: `c.get('session')`. */
export interface SessionEnv<Data extends SessionData = SessionData, Flash extends SessionData = SessionData> {
  Variables: { session: Session<Data, Flash> };
}

/** Options of {@link tesseraSession}. */
export interface HonoSessionOptions {
  /** The client IP that `bindUser` records (Hono's is runtime-specific, e.g. `getConnInfo`). */
  clientIp?: (c: Context) => string | undefined;
  /**
   * The app runs behind a TLS-terminating proxy that sets `Forwarded: proto=` (RFC 7239) or
   * `X-Forwarded-Proto` (and `host=` / `X-Forwarded-Host`): read the scheme from there (the
   * nearest proxy's, i.e. last, value), so a session cookie can be issued (SR-46). Default false:
   * the request URL's scheme tells, as the runtime built it (@hono/node-server: `https` only on
   * a TLS socket, host from the Host header; never from proxy headers). Set it only when every
   * request comes through such a proxy.
   */
  trustProxy?: boolean;
}

/**
 * A StoreError as Hono's 503 HTTPException, a SessionConflictError or SessionLimitError as a 409 one (the error kept
 * as `cause`); others unchanged.
 */
function toHttp(error: unknown): unknown {
  if (error instanceof StoreError) return new HTTPException(503, { message: 'Service Unavailable', cause: error });
  if (error instanceof SessionConflictError || error instanceof SessionLimitError) return new HTTPException(409, { message: 'Conflict', cause: error });
  return error;
}

/**
 * Hono middleware giving each request `c.get('session')` from `manager` (tessera's
 * SessionManager or any other {@link SessionEngine}). The transport the manager checks (SR-46)
 * is the request URL's scheme, or with `trustProxy` the proxy's headers; a session cookie set
 * over plain HTTP fails the commit with InsecureTransportError (Hono's 500). When the handler failed, its
 * session is not committed; a StoreError from it (a session read) is re-thrown as a 503
 * HTTPException. Otherwise the commit's headers are appended with `c.header` (which copies a
 * response whose headers are immutable); a commit failure is thrown to Hono's error handler,
 * a StoreError as a 503 HTTPException. A streamed body is sent after this commit: session
 * changes made inside a stream callback are not saved.
 */
export function tesseraSession<S>(manager: SessionEngine<S>, options: HonoSessionOptions = {}): MiddlewareHandler<SessionEngineEnv<S>> {
  return async (c, next) => {
    const context: RequestContext = {};
    const ua = c.req.header('user-agent');
    if (ua !== undefined) context.userAgent = ua;
    const ip = options.clientIp?.(c);
    if (ip !== undefined) context.ip = ip;
    setUrlTransport(context, c.req.url, options.trustProxy === true ? c.req.raw.headers : null); // SR-46
    const session = manager.load(c.req.header('cookie'), context);
    c.set('session', session);
    await next();
    // Hono turned a handler's error into a response already; only a store outage needs its status.
    if (c.error !== undefined) {
      if (c.error instanceof StoreError) throw toHttp(c.error);
      return;
    }
    let headers: HeaderEntry[];
    try {
      // Without waiting where nothing has to wait (cookie modes, a server-mode session that writes nothing or writes through a store's synchronous forms).
      headers = manager.commitSync?.(session) ?? (await manager.commit(session));
    } catch (error) {
      throw toHttp(error);
    }
    for (const [name, value] of headers) c.header(name, value, { append: true });
  };
}
