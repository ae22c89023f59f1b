/** The home page's body. */
import { html, type SafeHtml } from '../html.ts';
import type { User } from '../users.ts';

/** What the home page shows. */
export interface HomeInput {
  user: User | null;
  /** e.g. "SQLite (sqlite:./data/sessions.db)". */
  storeLabel: string;
  cookieName: string;
}

/** The home page. */
export function homeBody({ user, storeLabel, cookieName }: HomeInput): SafeHtml {
  const greeting =
    user === null
      ? html`<p class="lead">You are not logged in. <a href="/login">Log in</a> with one of the demo accounts to see your profile and the devices you are logged in on.</p>`
      : html`<p class="lead">You are logged in as <strong>${user.username}</strong>. See <a href="/profile">your profile</a> or <a href="/sessions">where else you are logged in</a>.</p>`;
  return html`${greeting}
<section aria-labelledby="try">
<h2 id="try">Things to try</h2>
<ul class="cards">
  <li><a href="/login">Log in</a> with and without <em>remember me</em>, then close and reopen the browser: only the remembered session is still there.</li>
  <li>Log in from a second browser, then open <a href="/sessions">active sessions</a> and log the other one out.</li>
  <li>Fill the <a href="/cart">cart</a> before logging in: the session id changes at login, the cart stays.</li>
  <li>Pick a <a href="/theme">theme</a>: a plain cookie that the page's script can read, unlike the session cookie.</li>
  <li>Set, read and delete your own cookies on the <a href="/cookies">cookie pages</a>, with every attribute shown.</li>
</ul>
</section>
<section aria-labelledby="how">
<h2 id="how">How this demo keeps your session</h2>
<dl class="facts">
  <dt>Store</dt><dd>${storeLabel}</dd>
  <dt>Session cookie</dt><dd><code>${cookieName}</code>: a random 256-bit token, <code>HttpOnly</code>, <code>Secure</code>, <code>SameSite=Lax</code>. The store keeps only the token's SHA-256, so a copy of the store opens no session.</dd>
  <dt>Forms</dt><dd>Every form carries a CSRF token tied to your session, and must come from this site.</dd>
  <dt>Passwords</dt><dd>Hashed with scrypt when the demo starts; repeated wrong passwords slow further tries down.</dd>
</dl>
</section>
<section aria-labelledby="localhost">
<h2 id="localhost">Secure cookies on http://localhost</h2>
<p>The session cookie keeps tessera's secure defaults: the <code>__Host-</code> prefix and the <code>Secure</code> attribute, which normally need HTTPS.
Browsers treat <code>http://localhost</code> as a secure context, and Chromium and Firefox accept <code>Secure</code> cookies there, so the demo needs no weaker development settings.
On any other host name, serve it over HTTPS (and set <code>PUBLIC_ORIGIN</code>): over plain HTTP the browser would drop these cookies.</p>
</section>`;
}
