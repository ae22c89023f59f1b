/**
 * Logging in and out. Login asks the throttle, then checks the password, then starts an
 * authenticated session: a new session id (`regenerate`), bound to the user (`bindUser`, so it
 * shows on "active sessions"), persistent only with "remember me" (`persist`).
 */
import type { RequestContext, Routes } from '../context.ts';
import { localPath } from '../http.ts';
import { DEMO_ACCOUNTS } from '../users.ts';
import { loginBody, type LoginInput } from '../views/login.ts';

/** Longest username and password read from the form (bounds the throttle's keys and scrypt's input). */
const MAX_USERNAME = 64;
const MAX_PASSWORD = 1024;

async function showLogin(ctx: RequestContext, input: Omit<LoginInput, 'csrfField' | 'accounts' | 'user'>, status = 200, headers: Record<string, string> = {}) {
  const body = loginBody({ ...input, accounts: DEMO_ACCOUNTS, user: ctx.user, csrfField: await ctx.csrfField() });
  await ctx.render('Log in', body, { status, headers });
}

/** `GET /login`, `POST /login`, `POST /logout`. */
export const authRoutes: Routes = {
  'GET /login': (ctx) => showLogin(ctx, { username: '', remember: false, next: localPath(ctx.url.searchParams.get('next')), error: null }),

  'POST /login': async (ctx) => {
    const { form, services, session, ip } = ctx;
    const username = (form.get('username') ?? '').trim().slice(0, MAX_USERNAME);
    const password = (form.get('password') ?? '').slice(0, MAX_PASSWORD);
    const remember = form.get('remember') === 'on';
    const next = localPath(form.get('next'));
    const again = { username, remember, next };

    const decision = services.throttle.attempt(username, ip);
    if (!decision.allowed) {
      const error = `Too many wrong passwords for this username. Wait ${decision.retryAfterSeconds} second${decision.retryAfterSeconds === 1 ? '' : 's'} and try again.`;
      return showLogin(ctx, { ...again, error }, 429, { 'retry-after': String(decision.retryAfterSeconds) });
    }
    const user = await services.users.verify(username, password);
    if (user === null) {
      return showLogin(ctx, { ...again, error: 'Wrong username or password.' }, 401);
    }
    services.throttle.succeed(username, ip);

    // A new session id at login: an id someone planted or saw before login is worthless after it.
    // The data (the cart) moves to the new id; the CSRF secret is renewed.
    session.regenerate();
    session.bindUser(user.id); // records the browser and address for "active sessions"
    if (remember) session.persist(); // a cookie with Max-Age: it outlives the browser, up to the session's end
    else session.persist(false); // a browser-session cookie: no expiry, forgotten when the browser closes
    session.set('remembered', remember);
    session.flash('notice', `Welcome, ${user.displayName}. You are logged in${remember ? ' and will stay logged in on this device' : ''}.`);
    ctx.redirect(next);
  },

  'POST /logout': async (ctx) => {
    const { session } = ctx;
    // `session.destroy()` is the plain logout: store entry deleted, cookie cleared. This demo wants
    // to say "you are logged out" on the next page, which needs a session to carry the message,
    // so it starts over instead: `regenerate()` deletes the old store entry (the old cookie is
    // now worthless, as with destroy) and the new, anonymous session keeps nothing but the flash.
    session.regenerate();
    session.clear();
    session.bindUser(null);
    session.persist(false);
    session.flash('notice', 'You are logged out. Your cart was emptied.');
    ctx.redirect('/');
  },
};
