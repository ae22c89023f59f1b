/**
 * Web-standard entry point: fetch-style handlers (Request in, Response out), for Node 18+,
 * Bun, Deno and Workers. The handler gets a lazily loaded session; its headers are appended
 * to the handler's Response after the handler returns. Any {@link SessionEngine} works:
 * tessera's `SessionManager` (the handler gets a `Session<Data, Flash>`) or a Flask/Django
 * manager from `tessera/interop` (a `FlaskSession` / `DjangoSession`).
 * @module
 */
import type { SessionEngine } from '../session/engine.ts';

/** A fetch-style handler that also receives the request's session (`S`: the engine's session type). */
export type SessionHandler<S> = (request: Request, session: S) => Response | Promise<Response>;

/** Options of {@link withSession}. */
export interface WithSessionOptions {
  /** The client IP to record with `bindUser` (Web Request has none of its own; interop engines ignore it). */
  clientIp?: (request: Request) => string | undefined;
}

/**
 * Wraps `handler` so each request gets a session and the response carries the commit's
 * headers. Errors from the handler and from commit (StoreError, SessionConflictError,
 * CookieTooLargeError) reject the returned promise, for the caller's error handling
 * (a store outage should become 503).
 */
export function withSession<S>(
  manager: SessionEngine<S>,
  handler: SessionHandler<S>,
  options: WithSessionOptions = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    const userAgent = request.headers.get('user-agent') ?? undefined;
    const ip = options.clientIp?.(request);
    const session = manager.load(request.headers.get('cookie'), {
      ...(userAgent !== undefined ? { userAgent } : {}),
      ...(ip !== undefined ? { ip } : {}),
    });
    const response = await handler(request, session);
    const headers = await manager.commit(session);
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
