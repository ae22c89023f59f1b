/**
 * Web-standard entry point: fetch-style handlers (Request in, Response out), for Node 18+,
 * Bun, Deno and Workers. The handler gets a lazily loaded session; its headers are appended
 * to the handler's Response after the handler returns. Any {@link SessionEngine} works:
 * tessera's `SessionManager` (the handler gets a `Session<Data, Flash>`) or a Flask/Django
 * manager from `tessera/interop` (a `FlaskSession` / `DjangoSession`).
 * @module
 */
import type { SessionEngine } from '../session/engine.ts';
import type { RequestContext } from '../session/manager.ts';
import { setUrlTransport } from './transport.ts';

/** A fetch-style handler that also receives the request's session (`S`: the engine's session type). */
export type SessionHandler<S> = (request: Request, session: S) => Response | Promise<Response>;

/** Options of {@link withSession}. */
export interface WithSessionOptions {
  /** The client IP to record with `bindUser` (Web Request has none of its own; interop engines ignore it). */
  clientIp?: (request: Request) => string | undefined;
  /**
   * The app runs behind a TLS-terminating proxy that sets `Forwarded: proto=` (RFC 7239) or
   * `X-Forwarded-Proto` (and `host=` / `X-Forwarded-Host`): read the scheme from there (the
   * nearest proxy's, i.e. last, value), so a session cookie can be issued (SR-46). Default false:
   * those headers are ignored and the request URL's scheme tells (`https:` / `http:`), as the
   * runtime built it (@hono/node-server: from the socket's TLS and the Host header). Set it only
   * when every request comes through such a proxy.
   */
  trustProxy?: boolean;
}

/**
 * Wraps `handler` so each request gets a session and the response carries the commit's
 * headers. Errors from the handler and from commit (StoreError, SessionConflictError,
 * CookieTooLargeError, InsecureTransportError) reject the returned promise, for the caller's
 * error handling (a store outage should become 503, an InsecureTransportError 500). The
 * transport (SR-46) is the request URL's scheme, or a trusted proxy's (`trustProxy`).
 */
export function withSession<S>(
  manager: SessionEngine<S>,
  handler: SessionHandler<S>,
  options: WithSessionOptions = {},
): (request: Request) => Promise<Response> {
  const trustProxy = options.trustProxy === true;
  return async (request) => {
    const context: RequestContext = {};
    const userAgent = request.headers.get('user-agent');
    if (userAgent !== null) context.userAgent = userAgent;
    const ip = options.clientIp?.(request);
    if (ip !== undefined) context.ip = ip;
    setUrlTransport(context, request.url, trustProxy ? request.headers : null); // SR-46
    const session = manager.load(request.headers.get('cookie'), context);
    const response = await handler(request, session);
    // Without waiting where nothing has to wait (cookie modes on node:crypto, a server-mode session that writes nothing or writes through a store's synchronous forms).
    const headers = manager.commitSync?.(session) ?? (await manager.commit(session));
    if (headers.length === 0) return response;
    return appendHeaders(response, headers);
  };
}

/**
 * `response` with `headers` appended. A Response whose headers are immutable (from `fetch`,
 * or `Response.redirect`) is copied into a new Response with the same body and status.
 */
export function appendHeaders(response: Response, headers: ReadonlyArray<readonly [string, string]>): Response {
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of headers) copy.headers.append(name, value);
    return copy;
  }
}
