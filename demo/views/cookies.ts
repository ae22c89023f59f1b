/** The cookie pages' bodies: read (what the browser sent), set (a form for every attribute), delete. */
import { html, type SafeHtml } from '../html.ts';
import { attributeList } from './cookie-attributes.ts';

/** A cookie the browser sent, with what the demo knows of it. */
export interface SentCookie {
  name: string;
  /** The value to show, or null when it is hidden (the session token). */
  value: string | null;
  /** The Set-Cookie line the demo last sent for this name, if any. */
  line: string | undefined;
  /** What the cookie is for, when the demo itself uses it. */
  purpose: string | undefined;
}

const PAGES: ReadonlyArray<[string, string]> = [
  ['/cookies', 'Read'],
  ['/cookies/set', 'Set'],
  ['/cookies/delete', 'Delete'],
];

/** Links between the three cookie pages. */
function subnav(current: string): SafeHtml {
  return html`<nav aria-label="Cookie pages" class="subnav"><ul>${PAGES.map(
    ([href, label]) => html`<li><a href="${href}"${href === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

/** The Set-Cookie lines of the previous response. */
function sentSection(lines: readonly string[]): SafeHtml {
  if (lines.length === 0) return html``;
  return html`<section aria-labelledby="sent"><h2 id="sent">Sent on the last response</h2>${lines.map((l) => html`<pre><code>Set-Cookie: ${l}</code></pre>`)}</section>`;
}

function shorten(value: string): string {
  return value.length > 60 ? value.slice(0, 57) + '...' : value;
}

function cookieCard(cookie: SentCookie, action: SafeHtml | null): SafeHtml {
  return html`<li class="cookie">
  <h3><code>${cookie.name}</code></h3>
  ${cookie.purpose !== undefined ? html`<p>${cookie.purpose}</p>` : ''}
  <p class="value">Value: ${cookie.value === null ? html`<span class="muted">hidden (an HttpOnly session token is never put in a page)</span>` : html`<code>${cookie.value === '' ? '(empty)' : shorten(cookie.value)}</code>`}</p>
  ${attributeList(cookie.line)}
  ${action}
</li>`;
}

/** What the read page shows. */
export interface CookiesReadInput {
  cookies: readonly SentCookie[];
  sent: readonly string[];
  visits: number;
  note: string | null;
  csrfField: SafeHtml;
}

/** The read page: every cookie the browser sent, the signed counter, the sealed note. */
export function cookiesReadBody(input: CookiesReadInput): SafeHtml {
  return html`${subnav('/cookies')}
${sentSection(input.sent)}
<p>Visit number <strong>${input.visits}</strong> of this page, counted in the signed cookie <code>__Host-visits</code>: you can read it, but change it and it starts again at 1.</p>
<section aria-labelledby="browser-sent">
<h2 id="browser-sent">Cookies your browser sent</h2>
${input.cookies.length === 0 ? html`<p>None yet. <a href="/cookies/set">Set one</a>.</p>` : html`<ul class="cookies">${input.cookies.map((c) => cookieCard(c, null))}</ul>`}
<p>What this page's script sees in <code>document.cookie</code> (no HttpOnly cookie is there):</p>
<pre><output data-document-cookie aria-live="polite">(scripts are off)</output></pre>
</section>
<section aria-labelledby="note">
<h2 id="note">A sealed note</h2>
<p>${input.note !== null ? html`Your note: <strong>${input.note}</strong>.` : 'No note yet.'} It lives in <code>__Host-note</code>, encrypted with AES-256-GCM: the cookie's value reveals nothing.</p>
<form method="post" action="/cookies/note" class="row">
  ${input.csrfField}
  <div class="field"><label for="note-text">Note</label><input id="note-text" name="note" maxlength="200"></div>
  <button type="submit">Save note</button>
</form>
</section>`;
}

/** What the set page shows: the last values tried, and why the serializer refused them. */
export interface CookiesSetInput {
  /** The refused form's values, or null for the defaults. */
  values: URLSearchParams | null;
  error: { field: string; rule: string } | null;
  csrfField: SafeHtml;
}

/** The set page: a form with every attribute. */
export function cookiesSetBody({ values, error, csrfField }: CookiesSetInput): SafeHtml {
  const v = (name: string, fallback: string) => (values === null ? fallback : (values.get(name) ?? ''));
  const checked = (name: string, fallback: boolean) => ((values === null ? fallback : values.has(name)) ? html` checked` : '');
  const selected = (name: string, option: string, fallback: string) => (v(name, fallback) === option ? html` selected` : '');
  const options = (name: string, list: readonly string[], fallback: string) =>
    list.map((o) => html`<option value="${o}"${selected(name, o, fallback)}>${o === '' ? '(none)' : o}</option>`);
  return html`${subnav('/cookies/set')}
${error !== null ? html`<p class="error" role="alert">The serializer refused this cookie. <strong>${error.field}</strong>: ${error.rule}</p>` : ''}
<form method="post" action="/cookies/set" class="grid">
  ${csrfField}
  <div class="field"><label for="c-name">Name</label><input id="c-name" name="name" required value="${v('name', 'flavour')}"></div>
  <div class="field"><label for="c-value">Value</label><input id="c-value" name="value" value="${v('value', 'mint')}"></div>
  <div class="field"><label for="c-max-age">Max-Age in seconds (empty: a browser-session cookie)</label><input id="c-max-age" name="maxAge" inputmode="numeric" value="${v('maxAge', '3600')}"></div>
  <div class="field"><label for="c-path">Path</label><input id="c-path" name="path" value="${v('path', '/')}"></div>
  <div class="field"><label for="c-domain">Domain (empty: this host only)</label><input id="c-domain" name="domain" value="${v('domain', '')}"></div>
  <div class="field"><label for="c-same-site">SameSite</label><select id="c-same-site" name="sameSite">${options('sameSite', ['Lax', 'Strict', 'None'], 'Lax')}</select></div>
  <div class="field"><label for="c-priority">Priority</label><select id="c-priority" name="priority">${options('priority', ['', 'Low', 'Medium', 'High'], '')}</select></div>
  <div class="field check"><input type="checkbox" id="c-secure" name="secure"${checked('secure', true)}><label for="c-secure">Secure</label></div>
  <div class="field check"><input type="checkbox" id="c-http-only" name="httpOnly"${checked('httpOnly', true)}><label for="c-http-only">HttpOnly</label></div>
  <div class="field check"><input type="checkbox" id="c-partitioned" name="partitioned"${checked('partitioned', false)}><label for="c-partitioned">Partitioned</label></div>
  <div class="actions"><button type="submit">Set cookie</button></div>
</form>
<p class="hint">Try a name starting with <code>__Host-</code> with a Domain, <code>SameSite=None</code> without Secure, or a Max-Age over 400 days: the serializer refuses or caps them before a browser would drop them.</p>`;
}

/** What the delete page shows. */
export interface CookiesDeleteInput {
  cookies: readonly SentCookie[];
  sent: readonly string[];
  csrfField: SafeHtml;
}

/** The delete page: each cookie with a button sending its clearing line. */
export function cookiesDeleteBody({ cookies, sent, csrfField }: CookiesDeleteInput): SafeHtml {
  const button = (c: SentCookie) =>
    html`<form method="post" action="/cookies/delete">${csrfField}<input type="hidden" name="name" value="${c.name}"><button type="submit" class="secondary">Delete<span class="visually-hidden"> ${c.name}</span></button></form>`;
  return html`${subnav('/cookies/delete')}
${sentSection(sent)}
<p>To delete a cookie, a server sends it again with the same name, Path and Domain, an empty value and <code>Max-Age=0</code>. Deleting the session cookie logs you out in this browser.</p>
<section aria-labelledby="browser-sent">
<h2 id="browser-sent">Cookies your browser sent</h2>
${cookies.length === 0 ? html`<p>None.</p>` : html`<ul class="cookies">${cookies.map((c) => cookieCard(c, button(c)))}</ul>`}
</section>`;
}
