/**
 * The page frame: language, viewport, the stylesheet, a skip link, the navigation (with a
 * CSRF-protected logout button when logged in), the page's one `h1`, the flash message.
 * @module
 */
import type { Theme } from '../cookies.ts';
import { html, type SafeHtml } from '../html.ts';
import type { User } from '../users.ts';

/** What the frame shows around a page's body. */
export interface LayoutInput {
  title: string;
  body: SafeHtml;
  /** The request path, to mark the current navigation link. */
  path: string;
  theme: Theme;
  user: User | null;
  /** A one-time message from the previous request. */
  notice: string | undefined;
  /** The CSRF field for the logout button (only needed when logged in). */
  csrfField: SafeHtml | null;
}

const LINKS: ReadonlyArray<[href: string, label: string, who: 'all' | 'user']> = [
  ['/', 'Home', 'all'],
  ['/cart', 'Cart', 'all'],
  ['/theme', 'Theme', 'all'],
  ['/cookies', 'Cookies', 'all'],
  ['/profile', 'Profile', 'user'],
  ['/sessions', 'Active sessions', 'user'],
];

function navLink(href: string, label: string, path: string): SafeHtml {
  const current = href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
  return html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

/** A complete HTML document. */
export function layout(input: LayoutInput): string {
  const { user } = input;
  const links = LINKS.filter(([, , who]) => who === 'all' || user !== null).map(([href, label]) => navLink(href, label, input.path));
  const account =
    user === null
      ? navLink('/login', 'Log in', input.path)
      : html`<li><form method="post" action="/logout" class="inline">${input.csrfField}<button type="submit" class="link">Log out</button></form></li>`;
  return html`<!doctype html>
<html lang="en" data-theme="${input.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · tessera demo</title>
<link rel="stylesheet" href="/style.css">
<script src="/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <p class="brand"><a href="/">tessera <span>demo</span></a></p>
  <nav aria-label="Main">
    <ul>${links}${account}</ul>
  </nav>
</header>
<main id="main" tabindex="-1">
<h1>${input.title}</h1>
${input.notice !== undefined ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.body}
</main>
<footer class="site-footer">
  <p>${user === null ? 'Not logged in.' : html`Logged in as <strong>${user.displayName}</strong>.`} This demo runs on tessera: sessions and cookies for TypeScript.</p>
</footer>
</body>
</html>
`.html;
}
