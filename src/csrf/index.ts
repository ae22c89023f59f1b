/**
 * `tessera/csrf`: cross-site request forgery protection. An Origin / Fetch Metadata check on
 * every unsafe request, plus a token: a synchronizer token bound to the session
 * (`createCsrfProtection`), or a signed double-submit cookie for apps without sessions
 * (`createDoubleSubmitCsrf`). GET, HEAD and OPTIONS are never blocked.
 * @module
 */
export { createCsrfProtection, resolveOriginPolicy } from './protection.ts';
export type { CsrfOptions, CsrfOriginOptions, CsrfProtection, CsrfSession } from './protection.ts';
export { createDoubleSubmitCsrf } from './double-submit.ts';
export type { DoubleSubmitCsrf, DoubleSubmitOptions } from './double-submit.ts';
export { checkOrigin, effectiveMethod, isUnsafe, normalizeOrigin } from './origin-check.ts';
export type { CsrfCheck, CsrfRejection, OriginPolicy } from './origin-check.ts';
export { maskToken, matchesMaskedToken, MASKED_TOKEN_LENGTH } from './masked-token.ts';
export { fromNodeRequest, fromWebRequest } from './request.ts';
export type { CsrfRequest } from './request.ts';
