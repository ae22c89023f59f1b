/** The login page's body: the form (with its error), the demo accounts. */
import { html, type SafeHtml } from '../html.ts';
import type { DemoAccount, User } from '../users.ts';

/** What the login page shows. */
export interface LoginInput {
  username: string;
  remember: boolean;
  /** Where to go after logging in (a local path). */
  next: string;
  /** Why the last try failed, or null. */
  error: string | null;
  accounts: readonly DemoAccount[];
  /** The user already logged in, if any. */
  user: User | null;
  csrfField: SafeHtml;
}

/** The login page. */
export function loginBody(input: LoginInput): SafeHtml {
  const invalid = input.error !== null;
  return html`${input.user !== null ? html`<p class="notice">You are already logged in as <strong>${input.user.username}</strong>. Logging in again switches user.</p>` : ''}
<form method="post" action="/login" class="stack narrow">
  ${input.csrfField}
  <input type="hidden" name="next" value="${input.next}">
  ${invalid ? html`<p class="error" role="alert" id="login-error">${input.error}</p>` : ''}
  <div class="field">
    <label for="username">Username</label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" value="${input.username}"${invalid ? html` aria-invalid="true" aria-describedby="login-error"` : ''}>
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${invalid ? html` aria-invalid="true" aria-describedby="login-error"` : ''}>
  </div>
  <div class="field check">
    <input id="remember" name="remember" type="checkbox"${input.remember ? html` checked` : ''} aria-describedby="remember-hint">
    <label for="remember">Remember me on this device</label>
  </div>
  <p class="hint" id="remember-hint">Without it, the session cookie has no expiry date and the browser forgets it when it closes. With it, the cookie carries a Max-Age and outlives the browser, up to the session's longest life.</p>
  <button type="submit">Log in</button>
</form>
<section aria-labelledby="accounts">
<h2 id="accounts">Demo accounts</h2>
<p>These passwords are printed here for the demo; the server keeps only their scrypt hashes. After three wrong passwords for one username, each further try has to wait, twice as long each time.</p>
<table>
  <caption class="visually-hidden">Demo usernames and passwords</caption>
  <thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Name</th></tr></thead>
  <tbody>${input.accounts.map((a) => html`<tr><td><code>${a.username}</code></td><td><code>${a.password}</code></td><td>${a.displayName}</td></tr>`)}</tbody>
</table>
</section>`;
}
