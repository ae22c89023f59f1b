/**
 * What the three hand-written floors share: the cookie they read and write (same name and
 * attributes as tessera's default session cookie, so the response bytes match), a scan for
 * one cookie in the header, and the response headers tessera sends (`Vary: Cookie` always,
 * `Cache-Control: private, no-store` with a Set-Cookie).
 * @module
 */
import type { ServerResponse } from 'node:http';

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

/** Headers of a response that read the session; with `cookie`, also sets it. */
export function sessionHeaders(res: ServerResponse, cookie: string | null): void {
  res.setHeader('vary', 'Cookie');
  if (cookie !== null) {
    res.setHeader('set-cookie', `${COOKIE_NAME}=${cookie}${COOKIE_ATTRIBUTES}`);
    res.setHeader('cache-control', 'private, no-store');
  }
}
