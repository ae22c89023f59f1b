/** The theme page's body: the choice, the cookie that keeps it, and what page scripts can see. */
import { THEMES, type Theme } from '../cookies.ts';
import { html, type SafeHtml } from '../html.ts';

/** What the theme page shows. */
export interface ThemeInput {
  theme: Theme;
  /** The Set-Cookie line that keeps this choice. */
  line: string;
  csrfField: SafeHtml;
}

const LABELS: Readonly<Record<Theme, string>> = { system: 'Same as my device', light: 'Light', dark: 'Dark' };

/** The theme page. */
export function themeBody({ theme, line, csrfField }: ThemeInput): SafeHtml {
  return html`<form method="post" action="/theme" class="stack narrow">
  ${csrfField}
  <fieldset>
    <legend>Colour scheme</legend>
    ${THEMES.map(
      (t) => html`<div class="field check"><input type="radio" id="theme-${t}" name="theme" value="${t}"${t === theme ? html` checked` : ''}><label for="theme-${t}">${LABELS[t]}</label></div>`,
    )}
  </fieldset>
  <button type="submit">Save theme</button>
</form>
<section aria-labelledby="kept">
<h2 id="kept">Where it is kept</h2>
<p>In a plain cookie made with <code>createCookie('theme', { httpOnly: false })</code>: not in the session, because it is not secret and works without logging in.</p>
<pre><code>Set-Cookie: ${line}</code></pre>
<p>Without <code>HttpOnly</code>, the page's scripts can read it. The session cookie is <code>HttpOnly</code>: scripts never see it, so a script injected into a page could not steal your session.</p>
<p>What this page's script sees in <code>document.cookie</code>:</p>
<pre><output data-document-cookie aria-live="polite">(scripts are off)</output></pre>
</section>`;
}
