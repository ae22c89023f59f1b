/**
 * What the hand-written floors share: the cookie they read and write (same name and
 * attributes as tessera's default session cookie, so the response bytes match), a scan for
 * one cookie in the header, and the response headers tessera sends (`Vary: Cookie` always,
 * `Cache-Control: private, no-store` with a Set-Cookie).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const COOKIE_NAME = '__Host-session';
export const COOKIE_ATTRIBUTES = '; Path=/; Secure; HttpOnly; SameSite=Lax';
/** Seven days, tessera's default absolute lifetime. */
export const LIFETIME_MS = 7 * 86_400_000;

/** The value of the first `name=` pair of a Cookie header, or null (scan, no parse). */
export function findCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  let at = header.startsWith(name + '=') ? 0 : header.indexOf('; ' + name + '=');
  if (at < 0) return null;
  if (at > 0) at += 2;
  const start = at + name.length + 1;
  const end = header.indexOf(';', start);
  return header.slice(start, end < 0 ? header.length : end);
}

/** The Set-Cookie line that sets the session cookie to `cookie`. */
export function setCookieLine(cookie: string): string {
  return `${COOKIE_NAME}=${cookie}${COOKIE_ATTRIBUTES}`;
}

/** Headers of a response that read the session; with `cookie`, also sets it. */
export function sessionHeaders(res: ServerResponse, cookie: string | null): void {
  res.setHeader('vary', 'Cookie');
  if (cookie !== null) {
    res.setHeader('set-cookie', setCookieLine(cookie));
    res.setHeader('cache-control', 'private, no-store');
  }
}

/** HMAC-SHA-256 of a session id under `secret` (the `.mac` half of an `id.mac` cookie). */
export function idMac(secret: Buffer, id: string): Buffer {
  return createHmac('sha256', secret).update(id).digest();
}

/** The id of a request's `id.mac` session cookie when its MAC verifies (constant time), else null. */
export function verifiedId(req: IncomingMessage, secret: Buffer): string | null {
  const token = findCookie(req.headers.cookie, COOKIE_NAME);
  const dot = token === null ? -1 : token.indexOf('.');
  if (token === null || dot < 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = idMac(secret, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
