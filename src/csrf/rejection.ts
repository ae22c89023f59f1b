/**
 * The response to a refused request, the same in every framework: 403 with a JSON body naming
 * the machine-readable reason, and no caching.
 * @module
 */
import type { CsrfRejection } from './origin-check.ts';

/** HTTP status of a CSRF rejection. */
export const CSRF_STATUS = 403;

/** Headers of a CSRF rejection. */
export const CSRF_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** The JSON body of a CSRF rejection: `{"error":"csrf","reason":"<reason>"}`. */
export function csrfRejectionBody(reason: CsrfRejection): string {
  return JSON.stringify({ error: 'csrf', reason });
}

/** The submitted token from a parsed body (form or JSON), if the body is an object carrying `field` as a string. */
export function tokenFromBody(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
