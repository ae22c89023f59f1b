/**
 * Small node:http helpers of the demo: reading a form body within a size limit, sending HTML
 * with the demo's security headers, redirects after a POST, and checking a `next` path.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest form body accepted, in bytes. */
export const MAX_FORM_BYTES = 16 * 1024;

/** Why a form body was not read: the status to answer with. */
export class FormError extends Error {
  constructor(
    readonly status: 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'FormError';
  }
}

/**
 * The URL-encoded form in the request body. Throws FormError (415) for another content type and
 * (413) past `limit` bytes, reading no further.
 */
export async function readForm(req: IncomingMessage, limit = MAX_FORM_BYTES): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new FormError(415, 'forms must be posted as application/x-www-form-urlencoded');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new FormError(413, `the form is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Headers on every page. The CSP allows only the demo's own stylesheet and script (no inline
 * code, so an injected `<script>` would not run) and forms posting back to the demo; pages
 * hold CSRF tokens and personal data, so they are never cached.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Sends a complete HTML page. */
export function sendHtml(res: ServerResponse, status: number, page: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers });
  res.end(page);
}

/** Answers a form post with 303 See Other, so reloading the next page does not post again. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/** `value` when it is a path on this site, else `fallback`: a login link's `next` must not send the user elsewhere. */
export function localPath(value: string | null, fallback = '/'): string {
  if (value === null || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
