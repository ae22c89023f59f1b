/**
 * The theme preference, kept in a plain cookie rather than the session: it is not secret, it
 * must work without logging in, and the page's script may read it (`httpOnly: false`).
 */
import type { Routes } from '../context.ts';
import { THEMES, type Theme } from '../cookies.ts';
import { badFormBody } from '../views/errors.ts';
import { themeBody } from '../views/theme.ts';

/** `GET /theme`, `POST /theme`. */
export const themeRoutes: Routes = {
  'GET /theme': async (ctx) => {
    await ctx.render('Theme', themeBody({ theme: ctx.theme, line: ctx.services.cookies.theme.serialize(ctx.theme), csrfField: await ctx.csrfField() }));
  },

  'POST /theme': async (ctx) => {
    const choice = ctx.form.get('theme');
    if (!(THEMES as readonly (string | null)[]).includes(choice)) return ctx.render('Unknown theme', badFormBody(`Pick one of ${THEMES.join(', ')}.`), { status: 400 });
    ctx.res.appendHeader('set-cookie', ctx.services.cookies.theme.serialize(choice as Theme));
    ctx.session.flash('notice', `Theme set to ${choice}.`);
    ctx.redirect('/theme');
  },
};
