/**
 * CSRF middleware for Hono (after `tesseraSession`): form bodies are parsed (Hono caches the
 * parse, so the handler can read them again); the token comes from the field or the header;
 * otherwise 403 with `{"error":"csrf","reason":...}`.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { SessionEnv } from '../adapters/hono.ts';
import type { CsrfProtection } from './protection.ts';
import { isUnsafe } from './origin-check.ts';
import { CSRF_HEADERS, CSRF_STATUS, csrfRejectionBody, tokenFromBody } from './rejection.ts';
import { fromWebRequest } from './request.ts';

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/** Hono middleware enforcing `protection`. */
export function honoCsrf(protection: CsrfProtection): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const request = fromWebRequest(c.req.raw);
    let submitted: string | undefined;
    if (isUnsafe(request, c.req.url) && FORM.test(c.req.header('content-type') ?? '')) {
      submitted = tokenFromBody(await c.req.parseBody(), protection.fieldName);
    }
    const result = await protection.verify(request, c.get('session'), submitted, c.req.url);
    if (!result.ok) return c.body(csrfRejectionBody(result.reason), CSRF_STATUS, CSRF_HEADERS);
    await next();
  };
}
