/** The profile page's body. */
import { html, type SafeHtml } from '../html.ts';
import type { User } from '../users.ts';
import { time } from './format.ts';

/** What the profile page shows. */
export interface ProfileInput {
  user: User;
  /** When this session logged in (epoch ms), if known. */
  loggedInAt: number | null;
  /** When the session ends without further activity (epoch ms). */
  expiresAt: number;
  remembered: boolean;
  /** How many sessions the user has, this one included. */
  deviceCount: number;
}

/** The profile page. */
export function profileBody(input: ProfileInput): SafeHtml {
  const { user } = input;
  return html`<dl class="facts">
  <dt>Name</dt><dd>${user.displayName}</dd>
  <dt>Username</dt><dd><code>${user.username}</code></dd>
  <dt>User id</dt><dd><code>${user.id}</code> (what <code>session.bindUser()</code> recorded)</dd>
</dl>
<section aria-labelledby="this-session">
<h2 id="this-session">This session</h2>
<dl class="facts">
  ${input.loggedInAt !== null ? html`<dt>Logged in</dt><dd>${time(input.loggedInAt)}</dd>` : ''}
  <dt>Ends</dt><dd>${time(input.expiresAt)}, unless you come back before: activity moves the idle deadline on, up to the session's absolute limit.</dd>
  <dt>Cookie</dt><dd>${
    input.remembered
      ? html`<strong>Remembered</strong>: the cookie has a Max-Age, so it survives closing the browser.`
      : html`<strong>Browser session</strong>: the cookie has no expiry date, so the browser forgets it when it closes.`
  }</dd>
</dl>
<p>You are logged in on ${input.deviceCount === 1 ? 'this device only' : `${input.deviceCount} devices`}. <a href="/sessions">See your active sessions</a>.</p>
</section>`;
}
