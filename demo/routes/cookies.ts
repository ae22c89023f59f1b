/**
 * The cookie pages: read what the browser sent (with the attributes the demo set), set a cookie
 * with any attributes (the serializer refuses what a browser would drop), delete one; plus the
 * signed visit counter and the sealed note. The Set-Cookie lines the demo sent are remembered
 * in the session (to show their attributes) and shown once after the redirect (a flash).
 */
import { CookieError, parseCookieHeader, parseSetCookie, serializeClearingSetCookie, serializeSetCookie, type SetCookieAttributes } from '../../src/cookie/index.ts';
import type { DemoServices, RequestContext, Routes } from '../context.ts';
import { badFormBody } from '../views/errors.ts';
import { cookiesDeleteBody, cookiesReadBody, cookiesSetBody, type SentCookie } from '../views/cookies.ts';

/** Most Set-Cookie lines remembered per session. */
const MAX_REMEMBERED = 20;

/** The demo's own cookies: a Set-Cookie line like the one it sends (for the attributes), and what each is for. */
function ownCookies(services: DemoServices): Map<string, { line: string; purpose: string }> {
  const { cookies, sessions } = services;
  return new Map([
    // The session manager's defaults; it adds Max-Age for a remembered session.
    [sessions.cookieName, { line: serializeSetCookie(sessions.cookieName, 'token', {}), purpose: 'Your session: a random token naming your session in the store. With "remember me" it also gets a Max-Age.' }],
    [cookies.theme.name, { line: cookies.theme.serialize('system'), purpose: 'Your theme preference; scripts may read it.' }],
    [cookies.visits.name, { line: cookies.visits.serialize('1'), purpose: 'The signed visit counter of the read page.' }],
    [cookies.note.name, { line: cookies.note.serialize(''), purpose: 'The sealed note of the read page.' }],
  ]);
}

/** Every cookie the request carries, with what the demo knows of it. */
async function sentCookies(ctx: RequestContext): Promise<SentCookie[]> {
  const own = ownCookies(ctx.services);
  const remembered = (await ctx.session.get('cookieLines')) ?? {};
  return Object.entries(parseCookieHeader(ctx.req.headers.cookie)).map(([name, value]) => ({
    name,
    value: name === ctx.services.sessions.cookieName ? null : value,
    line: remembered[name] ?? own.get(name)?.line,
    purpose: own.get(name)?.purpose,
  }));
}

/**
 * Sends `line` for the cookie `name` and shows it once on the next page (a flash). A line that
 * sets the cookie is remembered in the session, to show its attributes; a clearing line forgets it.
 */
async function send(ctx: RequestContext, name: string, line: string, kind: 'set' | 'clear'): Promise<void> {
  ctx.res.appendHeader('set-cookie', line);
  const remembered = { ...((await ctx.session.get('cookieLines')) ?? {}) };
  delete remembered[name];
  if (kind === 'set') remembered[name] = line;
  const names = Object.keys(remembered);
  for (const old of names.slice(0, Math.max(0, names.length - MAX_REMEMBERED))) delete remembered[old];
  ctx.session.set('cookieLines', remembered);
  ctx.session.flash('sent', [line]);
}

/** The attributes of the set form. Unchecked boxes are absent from a form, so absence means false. */
function attributesFrom(form: URLSearchParams): SetCookieAttributes {
  const maxAge = form.get('maxAge') ?? '';
  const domain = form.get('domain') ?? '';
  const priority = form.get('priority') ?? '';
  return {
    path: form.get('path') || '/',
    domain: domain === '' ? undefined : domain,
    maxAge: maxAge === '' ? undefined : Number(maxAge),
    sameSite: (form.get('sameSite') || 'Lax') as SetCookieAttributes['sameSite'],
    secure: form.has('secure'),
    httpOnly: form.has('httpOnly'),
    partitioned: form.has('partitioned'),
    priority: priority === '' ? undefined : (priority as SetCookieAttributes['priority']),
  };
}

/** `GET /cookies` (read), `GET|POST /cookies/set`, `GET|POST /cookies/delete`, `POST /cookies/note`. */
export const cookieRoutes: Routes = {
  'GET /cookies': async (ctx) => {
    const { visits, note } = ctx.services.cookies;
    const header = ctx.req.headers.cookie;
    const read = visits.parse(header);
    const count = read.ok && /^\d{1,9}$/.test(read.value) ? Number(read.value) + 1 : 1;
    ctx.res.appendHeader('set-cookie', visits.serialize(String(count)));
    const noteRead = note.parse(header);
    const body = cookiesReadBody({
      cookies: await sentCookies(ctx),
      sent: (await ctx.session.getFlash('sent')) ?? [],
      visits: count,
      note: noteRead.ok ? noteRead.value : null,
      csrfField: await ctx.csrfField(),
    });
    await ctx.render('Cookies', body);
  },

  'GET /cookies/set': async (ctx) => {
    await ctx.render('Set a cookie', cookiesSetBody({ values: null, error: null, csrfField: await ctx.csrfField() }));
  },

  'POST /cookies/set': async (ctx) => {
    const name = ctx.form.get('name') ?? '';
    let line: string;
    try {
      line = serializeSetCookie(name, ctx.form.get('value') ?? '', attributesFrom(ctx.form));
    } catch (error) {
      if (!(error instanceof CookieError)) throw error;
      const body = cookiesSetBody({ values: ctx.form, error: { field: error.field, rule: error.rule }, csrfField: await ctx.csrfField() });
      return ctx.render('Set a cookie', body, { status: 400 });
    }
    await send(ctx, name, line, 'set');
    ctx.redirect('/cookies');
  },

  'GET /cookies/delete': async (ctx) => {
    const body = cookiesDeleteBody({ cookies: await sentCookies(ctx), sent: (await ctx.session.getFlash('sent')) ?? [], csrfField: await ctx.csrfField() });
    await ctx.render('Delete a cookie', body);
  },

  'POST /cookies/delete': async (ctx) => {
    const name = ctx.form.get('name') ?? '';
    const known = ((await ctx.session.get('cookieLines')) ?? {})[name] ?? ownCookies(ctx.services).get(name)?.line;
    const set = known === undefined ? null : parseSetCookie(known);
    let line: string;
    try {
      // Same name, Path and Domain as the cookie was set with, or the browser keeps it (RFC 6265bis §5.7 step 23).
      line = serializeClearingSetCookie(name, { path: set?.path ?? '/', domain: set?.domain, secure: set?.secure ?? true });
    } catch (error) {
      if (!(error instanceof CookieError)) throw error;
      return ctx.render('Cookie not deleted', badFormBody(`This cookie name cannot be deleted from here: ${error.field}: ${error.rule}`), { status: 400 });
    }
    await send(ctx, name, line, 'clear');
    ctx.redirect('/cookies/delete');
  },

  'POST /cookies/note': async (ctx) => {
    const text = (ctx.form.get('note') ?? '').slice(0, 200);
    const line = ctx.services.cookies.note.serialize(text);
    ctx.res.appendHeader('set-cookie', line);
    ctx.session.flash('sent', [line]);
    ctx.redirect('/cookies');
  },
};
