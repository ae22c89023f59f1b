/**
 * Cookie paths: the default-path of a request URI and path-matching (RFC 6265bis §5.1.4).
 * @module
 */

/**
 * RFC 6265bis §5.1.4 default-path of a request path: `/` when the path is empty, does not
 * start with `/` or holds a single `/`; otherwise everything before the right-most `/`.
 * `/cookies/resources/set.py` → `/cookies/resources`. Never throws.
 */
export function defaultPath(requestPath: string): string {
  // §5.1.4 step 2: empty or not starting with "/" → "/".
  if (requestPath.charCodeAt(0) !== 0x2f) return '/';
  const lastSlash = requestPath.lastIndexOf('/');
  // §5.1.4 step 3: no more than one "/" → "/".
  if (lastSlash === 0) return '/';
  // §5.1.4 step 4: up to, not including, the right-most "/".
  return requestPath.slice(0, lastSlash);
}

/**
 * RFC 6265bis §5.1.4 path-match: `requestPath` path-matches `cookiePath` when they are
 * identical, or `cookiePath` is a prefix of `requestPath` and either ends with `/` or is
 * followed in `requestPath` by `/`. Octet comparison: no percent-decoding, no case folding.
 */
export function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charCodeAt(cookiePath.length) === 0x2f;
}
