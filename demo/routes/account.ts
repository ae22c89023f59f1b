/** The profile page (401 when not logged in): who you are and what this session is. */
import type { RequestContext, Routes } from '../context.ts';
import { notLoggedInBody } from '../views/errors.ts';
import { profileBody } from '../views/profile.ts';
import type { User } from '../users.ts';

/** The logged-in user, or null after answering 401 with a link to the login page. */
export async function requireUser(ctx: RequestContext): Promise<User | null> {
  if (ctx.user !== null) return ctx.user;
  await ctx.render('Please log in', notLoggedInBody(ctx.url.pathname), { status: 401 });
  return null;
}

/** `GET /profile`. */
export const accountRoutes: Routes = {
  'GET /profile': async (ctx) => {
    const user = await requireUser(ctx);
    if (user === null) return;
    const { session, services } = ctx;
    const devices = await services.sessions.listSessions(user.id, { current: session });
    const current = devices.find((d) => d.current) ?? null;
    const body = profileBody({
      user,
      loggedInAt: current?.createdAt ?? null,
      expiresAt: session.expiresAt,
      remembered: (await session.get('remembered')) === true,
      deviceCount: devices.length,
    });
    await ctx.render('Your profile', body);
  },
};
