/**
 * Every attribute of a Set-Cookie line, present or not, as a small definition list: what the
 * cookie pages show for each cookie the demo set.
 * @module
 */
import { parseSetCookie } from '../../src/cookie/index.ts';
import { html, type SafeHtml } from '../html.ts';
import { duration, time } from './format.ts';

const yes = html`<strong>yes</strong>`;
const no = html`<span class="muted">no</span>`;
const unset = html`<span class="muted">not set</span>`;

/** The attributes of `line`, all eight of them; a note when `line` is undefined or unparsable. */
export function attributeList(line: string | undefined): SafeHtml {
  if (line === undefined) return html`<p class="muted">Not set by this demo: a browser sends only names and values, so its attributes are unknown here.</p>`;
  const c = parseSetCookie(line);
  if (c === null) return html`<p class="muted">Unparsable Set-Cookie line.</p>`;
  const lifetime =
    c.maxAge !== undefined
      ? html`Max-Age=${c.maxAge} (${c.maxAge <= 0 ? 'deletes it' : duration(c.maxAge)})`
      : c.expires !== undefined
        ? html`Expires ${time(c.expires)}`
        : html`<span class="muted">none: a browser-session cookie</span>`;
  return html`<dl class="attrs">
  <dt>Lifetime</dt><dd>${lifetime}</dd>
  <dt>Path</dt><dd>${c.path !== undefined ? html`<code>${c.path}</code>` : unset}</dd>
  <dt>Domain</dt><dd>${c.domain !== undefined ? html`<code>${c.domain}</code>` : html`<span class="muted">none: this host only</span>`}</dd>
  <dt>Secure</dt><dd>${c.secure ? yes : no}</dd>
  <dt>HttpOnly</dt><dd>${c.httpOnly ? yes : no}</dd>
  <dt>SameSite</dt><dd>${c.sameSite ?? unset}</dd>
  <dt>Partitioned</dt><dd>${c.partitioned ? yes : no}</dd>
  <dt>Priority</dt><dd>${c.priority ?? unset}</dd>
</dl>`;
}
