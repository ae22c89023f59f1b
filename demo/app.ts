/**
 * The demo as a node:http request listener. Every request gets a session (`withSession` from
 * tessera/adapters/node commits it before the response goes out); every POST is a form whose
 * origin and CSRF token are verified before any route sees it; routes are plain functions
 * keyed by `"METHOD /path"`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StoreError } from '../src/errors.ts';
import { withSession } from '../src/adapters/node.ts';
import { fromNodeRequest } from '../src/csrf/index.ts';
import type { DemoServices, DemoSession, Handler, RequestContext, Routes } from './context.ts';
import { readTheme } from './cookies.ts';
import { raw, type SafeHtml } from './html.ts';
import { FormError, readForm, redirect, sendHtml } from './http.ts';
import { accountRoutes } from './routes/account.ts';
import { authRoutes } from './routes/auth.ts';
import { cartRoutes } from './routes/cart.ts';
import { cookieRoutes } from './routes/cookies.ts';
import { homeRoutes } from './routes/home.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { themeRoutes } from './routes/theme.ts';
import { createStaticFiles } from './static.ts';
import { badFormBody, csrfRefusedBody, methodNotAllowedBody, notFoundBody, serverErrorBody } from './views/errors.ts';
import { layout } from './views/layout.ts';

const ROUTES: Routes = { ...homeRoutes, ...authRoutes, ...accountRoutes, ...sessionRoutes, ...cartRoutes, ...themeRoutes, ...cookieRoutes };

/** The methods some route accepts at `path`, for 405 answers. */
function methodsAt(path: string): string[] {
  return Object.keys(ROUTES)
    .filter((key) => key.endsWith(' ' + path))
    .map((key) => key.split(' ', 1)[0]!);
}

/** Answers a failed request that has no usable session: 503 for a store outage, else 500. */
function onError(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
  console.error(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = error instanceof StoreError ? 503 : 500;
  const title = status === 503 ? 'Service unavailable' : 'Server error';
  sendHtml(res, status, layout({ title, body: serverErrorBody(status), path: '', theme: 'system', user: null, notice: undefined, csrfField: null }));
}

/** Builds the context a route receives. */
function createContext(services: DemoServices, req: IncomingMessage, res: ServerResponse, session: DemoSession, url: URL): RequestContext {
  let field: Promise<SafeHtml> | null = null;
  const userId = session.userId;
  const ctx: RequestContext = {
    req,
    res,
    url,
    session,
    services,
    form: new URLSearchParams(),
    user: userId === null ? null : services.users.byId(userId),
    ip: req.socket.remoteAddress ?? 'unknown',
    theme: readTheme(services.cookies, req.headers.cookie),
    csrfField: () => (field ??= services.csrf.hiddenField(session).then(raw)),
    async render(title, body, options = {}) {
      const status = options.status ?? 200;
      // Only a successful page shows (and so uses up) the flash: an error page never swallows it.
      const notice = status < 300 ? await session.getFlash('notice') : undefined;
      const csrfField = ctx.user === null ? null : await ctx.csrfField();
      const page = layout({ title, body, path: url.pathname, theme: ctx.theme, user: ctx.user, notice, csrfField });
      sendHtml(res, status, page, options.headers);
    },
    redirect: (location) => redirect(res, location),
  };
  return ctx;
}

/**
 * Runs the route for the request, after reading and verifying a posted form: a form from
 * another origin, or without this session's CSRF token, gets 403 and changes nothing.
 */
async function dispatch(ctx: RequestContext): Promise<void> {
  const { req, url, services } = ctx;
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const route: Handler | undefined = ROUTES[`${method} ${url.pathname}`];
  if (route === undefined) {
    const allowed = methodsAt(url.pathname);
    if (allowed.length === 0) return ctx.render('Page not found', notFoundBody(url.pathname), { status: 404 });
    return ctx.render('Method not allowed', methodNotAllowedBody(allowed), { status: 405, headers: { allow: allowed.join(', ') } });
  }
  if (method === 'POST') {
    const request = fromNodeRequest(req);
    // The origin check first: a cross-site post is refused before its body is even read.
    const origin = services.csrf.checkOrigin(request, req.url);
    if (!origin.ok) return ctx.render('Form refused', csrfRefusedBody(origin.reason), { status: 403 });
    try {
      ctx.form = await readForm(req);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return ctx.render('Form not accepted', badFormBody(error.message), { status: error.status });
    }
    const check = await services.csrf.verify(request, ctx.session, ctx.form.get(services.csrf.fieldName) ?? undefined, req.url);
    if (!check.ok) return ctx.render('Form refused', csrfRefusedBody(check.reason), { status: 403 });
  }
  await route(ctx);
}

/** Creates the demo's request listener from its services. */
export function createDemoApp(services: DemoServices): (req: IncomingMessage, res: ServerResponse) => void {
  const staticFiles = createStaticFiles();
  const pages = withSession(
    services.sessions,
    async (req, res, session) => {
      const url = new URL(req.url ?? '/', 'http://demo.invalid'); // only the path and query are used
      await session.load(); // so the context can read session.userId synchronously
      await dispatch(createContext(services, req, res, session, url));
    },
    { onError, trustProxy: services.trustProxy ?? false },
  );
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (!staticFiles(req, res, path)) pages(req, res);
  };
}
