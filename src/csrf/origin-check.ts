/**
 * The first CSRF defence: unsafe requests must come from the application's own origin or a
 * trusted one, as the browser itself reports through Fetch Metadata, Origin and Referer.
 * @module
 */
import type { CsrfRequest } from './request.ts';

/** Why a request was refused. Stable strings, safe to return to the client (machine-readable). */
export type CsrfRejection =
  | 'cross-site-fetch'
  | 'same-site-fetch'
  | 'origin-null'
  | 'origin-mismatch'
  | 'referer-mismatch'
  | 'origin-missing'
  | 'token-missing'
  | 'token-invalid';

/** Outcome of a check. */
export type CsrfCheck = { ok: true } | { ok: false; reason: CsrfRejection };

/** Resolved origin policy. */
export interface OriginPolicy {
  /** Exact origins (`scheme://host[:port]`, lower-case, default port omitted) accepted. */
  allowed: ReadonlySet<string>;
  /** Accept `Sec-Fetch-Site: same-site` (sibling subdomains). Default false (SR-42). */
  allowSameSite: boolean;
  /** Accept an unsafe request with neither Origin nor Referer. Default false (SR-41). */
  allowMissingOrigin: boolean;
}

/** Methods that never change state and are never blocked (RFC 9110 §9.2.1 safe methods). */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const OK: CsrfCheck = { ok: true };
const reject = (reason: CsrfRejection): CsrfCheck => ({ ok: false, reason });

/**
 * The method the application will act on: a safe method with an override header or `_method`
 * query (X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override) counts as the overriding
 * method, so an override can never turn a checked request into an unchecked one (SR-45).
 */
export function effectiveMethod(request: CsrfRequest, url?: string): string {
  const method = request.method.toUpperCase();
  const override =
    request.header('x-http-method-override') ?? request.header('x-http-method') ?? request.header('x-method-override') ?? (url !== undefined ? new URL(url, 'http://x').searchParams.get('_method') ?? undefined : undefined);
  return override !== undefined && override.trim() !== '' ? override.trim().toUpperCase() : method;
}

/** Whether the request needs CSRF checks: any method other than GET, HEAD, OPTIONS (incl. overrides). */
export function isUnsafe(request: CsrfRequest, url?: string): boolean {
  return !SAFE.has(request.method.toUpperCase()) || !SAFE.has(effectiveMethod(request, url));
}

/** `scheme://host[:port]` of a URL string, lower-case with default ports dropped; null if not a URL. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Checks an unsafe request's provenance (SR-41, SR-42): `Sec-Fetch-Site: cross-site` is refused,
 * `same-site` too unless allowed; then `Origin` must equal an allowed origin exactly (`null`
 * refused; no suffix or substring matching); without Origin, `Referer`'s origin must; without
 * both, refused unless `allowMissingOrigin`. Safe methods always pass. Never throws.
 */
export function checkOrigin(request: CsrfRequest, policy: OriginPolicy, url?: string): CsrfCheck {
  if (!isUnsafe(request, url)) return OK;
  const site = request.header('sec-fetch-site');
  if (site === 'cross-site') return reject('cross-site-fetch');
  if (site === 'same-site' && !policy.allowSameSite) return reject('same-site-fetch');
  const origin = request.header('origin');
  if (origin !== undefined) {
    if (origin === 'null') return reject('origin-null');
    const normalized = normalizeOrigin(origin);
    return normalized !== null && policy.allowed.has(normalized) ? OK : reject('origin-mismatch');
  }
  const referer = request.header('referer');
  if (referer !== undefined) {
    const normalized = normalizeOrigin(referer);
    return normalized !== null && policy.allowed.has(normalized) ? OK : reject('referer-mismatch');
  }
  // Same-origin navigations from old browsers may omit both; refusing is the OWASP default.
  return policy.allowMissingOrigin || site === 'same-origin' ? OK : reject('origin-missing');
}
