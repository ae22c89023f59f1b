/**
 * CSRF middleware for Koa (after `tesseraSession`, and a body parser if forms post the token):
 * the token comes from `ctx.request.body[field]` or the header; otherwise 403 with
 * `{"error":"csrf","reason":...}`.
 * @module
 */
import type { Middleware } from 'koa';
import type { SessionState } from '../adapters/koa.ts';
import type { CsrfProtection } from './protection.ts';
import { CSRF_HEADERS, CSRF_STATUS, csrfRejectionBody, tokenFromBody } from './rejection.ts';
import { fromNodeRequest } from './request.ts';

/** Koa middleware enforcing `protection`. */
export function koaCsrf(protection: CsrfProtection): Middleware<SessionState> {
  return async (ctx, next) => {
    const submitted = tokenFromBody((ctx.request as { body?: unknown }).body, protection.fieldName);
    const result = await protection.verify(fromNodeRequest(ctx.req), ctx.state.session, submitted, ctx.originalUrl);
    if (!result.ok) {
      ctx.status = CSRF_STATUS;
      ctx.set(CSRF_HEADERS);
      ctx.body = csrfRejectionBody(result.reason);
      return;
    }
    await next();
  };
}
