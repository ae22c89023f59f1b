/**
 * CSRF protection for session apps: the Origin/Fetch-Metadata check (origin-check.ts) plus a
 * synchronizer token bound to the session (SR-43), masked per render (masked-token.ts),
 * rotated by `session.regenerate()` (SR-7). Works in every session mode: the secret lives in
 * the session, which is in an HttpOnly cookie or a store, out of reach of other sites.
 * @module
 */
import { ConfigError } from '../errors.ts';
import type { Session } from '../session/session.ts';

/** What the protection needs of a session: its CSRF secret. Any tessera Session fits. */
export type CsrfSession = Pick<Session, 'csrfSecret'>;
import { checkOrigin, isUnsafe, normalizeOrigin, type CsrfCheck, type OriginPolicy } from './origin-check.ts';
import { maskToken, matchesMaskedToken } from './masked-token.ts';
import type { CsrfRequest } from './request.ts';
import type { SessionEventHook } from '../session/events.ts';
import { reportCheck } from './report.ts';

/** Origin policy options shared by both protections. */
export interface CsrfOriginOptions {
  /** The application's own origins, e.g. `['https://app.example']`. Required. */
  origins: readonly string[];
  /** Other origins allowed to post to the app (exact match). */
  trustedOrigins?: readonly string[];
  /** Accept `Sec-Fetch-Site: same-site` (sibling subdomains). Default false. */
  allowSameSite?: boolean;
  /** Accept unsafe requests carrying neither Origin nor Referer. Default false. */
  allowMissingOrigin?: boolean;
  /**
   * Told of every rejection (SR-48): a `csrf-rejected` event with the machine-readable reason
   * (`origin-mismatch`, `token-invalid`...), for logging and alerting. The same hook type as the
   * session manager's `onEvent`, so one function can take both. What it throws is swallowed.
   */
  onEvent?: SessionEventHook;
}

/** Options of {@link createCsrfProtection}. */
export interface CsrfOptions extends CsrfOriginOptions {
  /** Form field carrying the token. Default `_csrf`. */
  fieldName?: string;
  /** Request header carrying the token (for fetch). Default `x-csrf-token`. */
  headerName?: string;
}

/** The protection object. */
export interface CsrfProtection {
  readonly fieldName: string;
  readonly headerName: string;
  /** A fresh masked token for the session (creates the session's secret on first use). */
  token(session: CsrfSession): Promise<string>;
  /** `<input type="hidden" name="_csrf" value="...">` for HTML forms. */
  hiddenField(session: CsrfSession): Promise<string>;
  /**
   * Checks an unsafe request: origin first, then the token (`submitted`, else the header).
   * Safe methods (GET, HEAD, OPTIONS, without an unsafe override) always pass. Never throws
   * for request content; rejects only if the session store fails (StoreError). A rejection is
   * reported to `onEvent` as `csrf-rejected` (SR-48).
   */
  verify(request: CsrfRequest, session: CsrfSession, submitted?: string, url?: string): Promise<CsrfCheck>;
  /** The origin check alone (for APIs that authenticate otherwise); a rejection is reported to `onEvent` too. */
  checkOrigin(request: CsrfRequest, url?: string): CsrfCheck;
}

/** Validates origin options into a policy; ConfigError names the option and the fix. */
export function resolveOriginPolicy(options: CsrfOriginOptions): OriginPolicy {
  if (!Array.isArray(options.origins) || options.origins.length === 0) {
    throw new ConfigError('csrf.origins', "list the application's own origins, e.g. ['https://app.example'] (scheme, host and port)");
  }
  const allowed = new Set<string>();
  for (const [i, value] of [...options.origins, ...(options.trustedOrigins ?? [])].entries()) {
    const origin = typeof value === 'string' ? normalizeOrigin(value) : null;
    const url = origin === null ? null : new URL(value);
    if (origin === null || url === null || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
      throw new ConfigError(`csrf.origins[${i}]`, `${String(value)} is not an origin; write scheme://host[:port] with no path, e.g. https://app.example`);
    }
    allowed.add(origin);
  }
  return { allowed, allowSameSite: options.allowSameSite ?? false, allowMissingOrigin: options.allowMissingOrigin ?? false };
}

/** Creates the session-bound CSRF protection. Throws ConfigError for missing or malformed origins. */
export function createCsrfProtection(options: CsrfOptions): CsrfProtection {
  const policy = resolveOriginPolicy(options);
  const fieldName = options.fieldName ?? '_csrf';
  const headerName = (options.headerName ?? 'x-csrf-token').toLowerCase();
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const hook = options.onEvent ?? null;
  const check = async (request: CsrfRequest, session: CsrfSession, submitted: string | undefined, url: string | undefined): Promise<CsrfCheck> => {
    const origin = checkOrigin(request, policy, url);
    if (!origin.ok || !isUnsafe(request, url)) return origin;
    const token = submitted ?? request.header(headerName);
    if (token === undefined || token === '') return { ok: false, reason: 'token-missing' };
    const secret = await session.csrfSecret();
    return matchesMaskedToken(secret, token) ? { ok: true } : { ok: false, reason: 'token-invalid' };
  };
  const protection: CsrfProtection = {
    fieldName,
    headerName,
    async token(session) {
      return maskToken(await session.csrfSecret());
    },
    async hiddenField(session) {
      return `<input type="hidden" name="${escape(fieldName)}" value="${await protection.token(session)}">`;
    },
    async verify(request, session, submitted, url) {
      return reportCheck(hook, await check(request, session, submitted, url));
    },
    checkOrigin: (request, url) => reportCheck(hook, checkOrigin(request, policy, url)),
  };
  return protection;
}
