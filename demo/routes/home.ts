/** The home page: a greeting, what to try, and how the demo keeps its session. */
import type { Routes } from '../context.ts';
import { homeBody } from '../views/home.ts';

/** `GET /`. */
export const homeRoutes: Routes = {
  'GET /': async (ctx) => {
    await ctx.render(ctx.user === null ? 'Welcome' : `Hello, ${ctx.user.displayName}`, homeBody({ user: ctx.user, storeLabel: ctx.services.storeLabel, cookieName: ctx.services.sessions.cookieName }));
  },
};
