/**
 * CSRF for Fastify (after the `tesseraSession` plugin): a preHandler hook; the token comes from
 * the parsed body's field (forms need @fastify/formbody) or the header; otherwise 403 with
 * `{"error":"csrf","reason":...}`.
 * @module
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { CsrfProtection } from './protection.ts';
import { CSRF_HEADERS, CSRF_STATUS, csrfRejectionBody, tokenFromBody } from './rejection.ts';
import { fromNodeRequest } from './request.ts';

/** A preHandler hook enforcing `protection` (add with `app.addHook('preHandler', fastifyCsrf(p))` or per route). */
export function fastifyCsrf(protection: CsrfProtection): preHandlerAsyncHookHandler {
  return async function csrfPreHandler(request: FastifyRequest, reply: FastifyReply) {
    const submitted = tokenFromBody(request.body, protection.fieldName);
    const result = await protection.verify(fromNodeRequest(request.raw), request.session, submitted, request.url);
    if (!result.ok) await reply.code(CSRF_STATUS).headers(CSRF_HEADERS).send(csrfRejectionBody(result.reason));
  };
}
