/**
 * "Active sessions": the logged-in user's sessions, one per browser ("device"), listed with
 * `listSessions`; each other one can be ended (`revokeSession`), or all of them at once
 * (`revokeSessions` with `except`). An ended session's browser is logged out on its next request.
 */
import type { Routes } from '../context.ts';
import { lastActiveAt } from '../sessions.ts';
import { describeUserAgent } from '../user-agent.ts';
import { sessionsBody } from '../views/sessions.ts';
import { requireUser } from './account.ts';

/** `GET /sessions`, `POST /sessions/revoke` (one device), `POST /sessions/revoke-others`. */
export const sessionRoutes: Routes = {
  'GET /sessions': async (ctx) => {
    const user = await requireUser(ctx);
    if (user === null) return;
    const sessions = await ctx.services.sessions.listSessions(user.id, { current: ctx.session });
    const devices = sessions
      .map((s) => ({ ...s, browser: describeUserAgent(s.userAgent), lastActiveAt: lastActiveAt(s) }))
      .sort((x, y) => Number(y.current) - Number(x.current) || y.lastActiveAt - x.lastActiveAt); // this device first
    await ctx.render('Active sessions', sessionsBody({ devices, csrfField: await ctx.csrfField() }));
  },

  'POST /sessions/revoke': async (ctx) => {
    const user = await requireUser(ctx);
    if (user === null) return;
    // revokeSession checks that the handle is one of this user's sessions: a forged handle ends nothing.
    const ended = await ctx.services.sessions.revokeSession(user.id, ctx.form.get('handle') ?? '');
    ctx.session.flash('notice', ended ? 'That device is logged out.' : 'That session had already ended.');
    ctx.redirect('/sessions');
  },

  'POST /sessions/revoke-others': async (ctx) => {
    const user = await requireUser(ctx);
    if (user === null) return;
    const count = await ctx.services.sessions.revokeSessions(user.id, { except: ctx.session });
    ctx.session.flash('notice', count === 0 ? 'You were not logged in anywhere else.' : `Logged out of ${count} other device${count === 1 ? '' : 's'}.`);
    ctx.redirect('/sessions');
  },
};
