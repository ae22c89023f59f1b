/** The active sessions page's body: one card per device, with its "log out" button. */
import type { SessionSummary } from '../../src/session/index.ts';
import { html, type SafeHtml } from '../html.ts';
import { time } from './format.ts';

/** A session as the page shows it. */
export type Device = SessionSummary & { browser: string; lastActiveAt: number };

/** What the page shows. */
export interface SessionsInput {
  /** This device first, then the most recently active. */
  devices: readonly Device[];
  csrfField: SafeHtml;
}

function deviceCard(device: Device, index: number, csrfField: SafeHtml): SafeHtml {
  const id = `device-${index}`;
  return html`<li class="device${device.current ? ' current' : ''}">
  <h2 id="${id}">${device.browser}${device.current ? html` <span class="badge">this device</span>` : ''}</h2>
  <dl class="facts">
    <dt>Logged in</dt><dd>${time(device.createdAt)}</dd>
    <dt>Last active</dt><dd>${time(device.lastActiveAt)}</dd>
    <dt>Address</dt><dd>${device.ip ?? 'unknown'}</dd>
    <dt>Ends</dt><dd>${time(device.expiresAt)}</dd>
  </dl>
  ${
    device.current
      ? html`<p class="hint">To end this one, use <em>Log out</em> at the top of the page.</p>`
      : html`<form method="post" action="/sessions/revoke">
    ${csrfField}<input type="hidden" name="handle" value="${device.handle}">
    <button type="submit" class="secondary" aria-describedby="${id}">Log out this device</button>
  </form>`
  }
</li>`;
}

/** The active sessions page. */
export function sessionsBody({ devices, csrfField }: SessionsInput): SafeHtml {
  const others = devices.filter((d) => !d.current).length;
  return html`<p>Each browser you log in with has its own session. Log one out here, and that browser is logged out on its next request.</p>
<ul class="devices">${devices.map((d, i) => deviceCard(d, i, csrfField))}</ul>
${
  others > 0
    ? html`<form method="post" action="/sessions/revoke-others">${csrfField}<button type="submit">Log out everywhere else</button></form>`
    : html`<p class="muted">You are not logged in anywhere else.</p>`
}`;
}
