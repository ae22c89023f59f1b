/**
 * CSRF middleware for Express (after `tesseraSession` and a body parser such as
 * `express.urlencoded()`): unsafe requests must pass the origin check and carry the session's
 * token in the form field or the header; otherwise 403 with `{"error":"csrf","reason":...}`.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { getSession } from '../adapters/express.ts';
import type { CsrfProtection } from './protection.ts';
import { CSRF_HEADERS, CSRF_STATUS, csrfRejectionBody, tokenFromBody } from './rejection.ts';
import { fromNodeRequest } from './request.ts';

/** Express middleware enforcing `protection`. Store failures go to `next(err)` (503). */
export function expressCsrf(protection: CsrfProtection): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const submitted = tokenFromBody(req.body, protection.fieldName);
    protection.verify(fromNodeRequest(req), getSession(req), submitted, req.originalUrl).then((result) => {
      if (result.ok) return next();
      res.status(CSRF_STATUS).set(CSRF_HEADERS).send(csrfRejectionBody(result.reason));
    }, next);
  };
}
