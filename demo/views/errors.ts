/**
 * The bodies of the error pages: not logged in (401), a refused form (403, with the CSRF
 * check's reason in words), not found (404), wrong method (405), a form the demo cannot read.
 * @module
 */
import type { CsrfRejection } from '../../src/csrf/index.ts';
import { html, type SafeHtml } from '../html.ts';

/** 401: the page needs a logged-in user. */
export function notLoggedInBody(path: string): SafeHtml {
  return html`<p>This page shows your account, so it needs you to be logged in.</p>
<p><a class="button" href="/login?next=${encodeURIComponent(path)}">Log in</a></p>`;
}

const CSRF_EXPLANATIONS: Readonly<Record<CsrfRejection, string>> = {
  'cross-site-fetch': 'Your browser says the form was sent from another site.',
  'same-site-fetch': 'Your browser says the form was sent from another origin on the same site (another port or subdomain).',
  'origin-null': 'Your browser did not reveal where the form came from (Origin: null), as it does for sandboxed pages and some redirects.',
  'origin-mismatch': 'Your browser says the form came from another origin than this demo.',
  'referer-mismatch': 'Your browser says the form came from a page on another origin than this demo.',
  'origin-missing': 'Your browser did not say where the form came from.',
  'token-missing': 'The form carried no CSRF token.',
  'token-invalid': "The form's CSRF token does not belong to your current session: the page was probably opened before you logged in or out.",
};

/** 403: the CSRF check refused a form. */
export function csrfRefusedBody(reason: CsrfRejection): SafeHtml {
  return html`<p class="error">This form was refused, and nothing was changed. ${CSRF_EXPLANATIONS[reason]}</p>
<p>Every form of this demo carries a secret token tied to your session, and must come from the demo's own pages.
That is what stops another site from making your browser submit a form here (cross-site request forgery).</p>
<p class="muted">Reason code: <code>${reason}</code></p>
<p>If you did send the form from this demo, <a href="/">go back to the home page</a>, reload the page and try again.</p>`;
}

/** 404. */
export function notFoundBody(path: string): SafeHtml {
  return html`<p>There is no page at <code>${path}</code>.</p><p><a href="/">Home page</a></p>`;
}

/** 405. */
export function methodNotAllowedBody(allowed: readonly string[]): SafeHtml {
  return html`<p>This address accepts ${allowed.join(' and ')} only.</p><p><a href="/">Home page</a></p>`;
}

/** 400, 413, 415: a form the demo cannot use. */
export function badFormBody(message: string): SafeHtml {
  return html`<p class="error">${message}</p><p><a href="/">Home page</a></p>`;
}

/** 500 or 503, outside any session (the session may be what failed). */
export function serverErrorBody(status: number): SafeHtml {
  return status === 503
    ? html`<p>The session store is not answering. Try again in a moment.</p>`
    : html`<p>Something went wrong on the server. The details are in the server's log.</p>`;
}
