/**
 * Signed double-submit cookie, for stateless apps without a session (SR-43): the cookie holds a
 * random value signed with the keyring (so a sibling subdomain cannot plant a valid one), the
 * page gets that value masked; an unsafe request must carry both and they must match. Naive
 * double-submit (cookie equals field, unsigned) is not offered.
 * @module
 */
import { generateToken, sign, verify, type Keyring } from '../crypto/index.ts';
import { getCookies } from '../cookie/get-cookie.ts';
import { createSetCookieSerializer } from '../cookie/serialize-set-cookie.ts';
import { checkOrigin, isUnsafe, type CsrfCheck } from './origin-check.ts';
import { maskToken, matchesMaskedToken } from './masked-token.ts';
import { resolveOriginPolicy, type CsrfOriginOptions } from './protection.ts';
import type { CsrfRequest } from './request.ts';
import { reportCheck } from './report.ts';

/** Options of {@link createDoubleSubmitCsrf}. */
export interface DoubleSubmitOptions extends CsrfOriginOptions {
  keys: Keyring<'sync'>;
  /** Default `__Host-csrf`. */
  cookieName?: string;
  /** Default `x-csrf-token`. */
  headerName?: string;
  /** Cookie lifetime in seconds; default none (browser-session cookie). */
  maxAgeSeconds?: number;
  /** `secure: false` only for plain-HTTP development. Default true. */
  secure?: boolean;
}

/** The double-submit protection. */
export interface DoubleSubmitCsrf {
  readonly cookieName: string;
  readonly headerName: string;
  /** A masked token for the page, and the Set-Cookie line to send when the request had no valid cookie (else null). */
  issue(cookieHeader: string | null | undefined): { token: string; setCookie: string | null };
  /**
   * Origin check, then: cookie authentic and `submitted` (else the header) a masking of its value.
   * Never throws. A rejection is reported to `onEvent` as `csrf-rejected` (SR-48).
   */
  verify(request: CsrfRequest, cookieHeader: string | null | undefined, submitted?: string, url?: string): CsrfCheck;
}

/** Creates a signed double-submit protection. Throws ConfigError for bad origins or cookie attributes. */
export function createDoubleSubmitCsrf(options: DoubleSubmitOptions): DoubleSubmitCsrf {
  const policy = resolveOriginPolicy(options);
  const cookieName = options.cookieName ?? '__Host-csrf';
  const headerName = (options.headerName ?? 'x-csrf-token').toLowerCase();
  const write = createSetCookieSerializer({
    secure: options.secure ?? true,
    httpOnly: true,
    sameSite: 'Strict',
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  });
  write(cookieName, 'x'); // validates name and prefix rules at start-up
  const current = (cookieHeader: string | null | undefined): string | null => {
    // Exactly one authentic value (SR-30): an injected second cookie disables rather than confuses.
    const good = getCookies(cookieHeader, cookieName, { decode: false })
      .slice(0, 4)
      .map((v) => verify(options.keys, v, { purpose: cookieName }))
      .filter((r) => r.ok);
    return good.length === 1 ? good[0]!.value : null;
  };
  const hook = options.onEvent ?? null;
  const check = (request: CsrfRequest, cookieHeader: string | null | undefined, submitted: string | undefined, url: string | undefined): CsrfCheck => {
    const origin = checkOrigin(request, policy, url);
    if (!origin.ok || !isUnsafe(request, url)) return origin;
    const token = submitted ?? request.header(headerName);
    if (token === undefined || token === '') return { ok: false, reason: 'token-missing' };
    const value = current(cookieHeader);
    return value !== null && matchesMaskedToken(value, token) ? { ok: true } : { ok: false, reason: 'token-invalid' };
  };
  return {
    cookieName,
    headerName,
    issue(cookieHeader) {
      const existing = current(cookieHeader);
      if (existing !== null) return { token: maskToken(existing), setCookie: null };
      const value = generateToken();
      return { token: maskToken(value), setCookie: write(cookieName, sign(options.keys, value, { purpose: cookieName })) };
    },
    verify(request, cookieHeader, submitted, url) {
      return reportCheck(hook, check(request, cookieHeader, submitted, url));
    },
  };
}
