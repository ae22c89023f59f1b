/**
 * The view of a request that CSRF checks need: the method and a header reader. Built from a
 * Web `Request`, a node:http `IncomingMessage`, or any framework's request by the adapters.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Method and headers of a request, framework-neutral. Header names are lower-case. */
export interface CsrfRequest {
  method: string;
  header(name: string): string | undefined;
}

/** A CsrfRequest over a Web Request. */
export function fromWebRequest(request: Request): CsrfRequest {
  return { method: request.method, header: (name) => request.headers.get(name) ?? undefined };
}

/** A CsrfRequest over node:http's method and headers (IncomingMessage, Express, Koa, Fastify raw). */
export function fromNodeRequest(req: { method?: string | undefined; headers: IncomingHttpHeaders }): CsrfRequest {
  return {
    method: req.method ?? 'GET',
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
