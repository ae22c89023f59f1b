/**
 * RFC 6265bis §5.8 "Retrieval Model": which stored cookies go with a request, in which
 * order, and how they are serialized into a Cookie header value.
 * @module
 */

import { byCreation, type CookieStore, type StoreEntry } from './cookie-store.ts';
import { matchingDomains } from './domain-match.ts';
import { pathMatch } from './path-match.ts';
import type { RequestTarget } from './request-target.ts';
import type { CookieRequestContext, StoredCookie } from './types.ts';

/** "Safe" methods (RFC 9110 §9.2.1), the only ones Lax cookies accompany cross-site. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * §5.8.3 step 1, SameSite condition: in a cross-site context a Strict cookie never goes,
 * a Lax one (or a Default one under Lax-by-default) only with a top-level navigation by
 * a safe method, a None one always.
 */
function sameSiteAllows(cookie: StoredCookie, context: CookieRequestContext, defaultSameSite: 'Lax' | 'None'): boolean {
  if (context.sameSiteContext !== 'cross-site') return true;
  const enforcement = cookie.sameSite === 'Default' ? defaultSameSite : cookie.sameSite;
  if (enforcement === 'None') return true;
  if (enforcement === 'Strict') return false;
  const method = (context.method ?? 'GET').toUpperCase();
  return context.topLevelNavigation === true && SAFE_METHODS.has(method);
}

/**
 * RFC 6265bis §5.8.3 steps 1-3: the live cookies for a request to `target`, sorted longer path first, then earlier creation; their last-access time
 * is set to `now`. Never throws.
 */
export function selectCookies(
  store: CookieStore,
  target: RequestTarget,
  context: CookieRequestContext,
  defaultSameSite: 'Lax' | 'None',
  now: number,
): StoreEntry[] {
  const api = context.api ?? 'http';
  const selected: StoreEntry[] = [];
  // The store is indexed by domain field; only domains the host domain-matches (§5.1.3)
  // can hold cookies for it.
  for (const domain of matchingDomains(target.host)) {
    for (const cookie of store.entriesFor(domain, now)) {
      // Host-only cookies go to their exact host only.
      if (cookie.hostOnly && cookie.domain !== target.host) continue;
      if (!pathMatch(target.path, cookie.path)) continue;
      // Secure cookies only over secure connections.
      if (cookie.secure && !target.secure) continue;
      // HttpOnly cookies are invisible to non-HTTP APIs (scripts).
      if (cookie.httpOnly && api !== 'http') continue;
      if (!sameSiteAllows(cookie, context, defaultSameSite)) continue;
      selected.push(cookie);
    }
  }
  // §5.8.3 step 2: longer paths first; equal lengths by earlier creation time.
  selected.sort((a, b) => b.path.length - a.path.length || byCreation(a, b));
  // §5.8.3 step 3: update last-access-time.
  for (const cookie of selected) {
    cookie.lastAccessedAt = now;
    cookie.tick = store.nextCounter();
  }
  return selected;
}

/**
 * RFC 6265bis §5.8.3 step 4: serializes a cookie-list into a Cookie header value,
 * `name=value` (just `value` for a nameless cookie) joined by `"; "`; `''` for none.
 * Never throws.
 */
export function serializeCookieList(cookies: readonly Pick<StoredCookie, 'name' | 'value'>[]): string {
  return cookies.map((cookie) => (cookie.name === '' ? cookie.value : `${cookie.name}=${cookie.value}`)).join('; ');
}
