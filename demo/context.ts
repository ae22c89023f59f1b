/**
 * The types every route shares: the session's data, the services the app is built from, and
 * the per-request context a route handler receives.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CsrfProtection } from '../src/csrf/index.ts';
import type { Session, SessionManager } from '../src/session/index.ts';
import type { DemoCookies, Theme } from './cookies.ts';
import type { SafeHtml } from './html.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { User, UserDirectory } from './users.ts';

/** What the demo keeps in a session. The logged-in user is not here: `session.bindUser` records it. */
export type DemoData = {
  /** Shopping cart: product id to quantity. */
  cart?: Record<string, number>;
  /** Whether the user ticked "remember me" at login (shown on the profile page). */
  remembered?: boolean;
  /** The Set-Cookie line the cookie page last sent per cookie name, to show its attributes (at most 20). */
  cookieLines?: Record<string, string>;
};

/** Values shown once, on the page after a redirect. */
export type DemoFlash = {
  /** A sentence for the user ("You are logged in."). */
  notice?: string;
  /** Set-Cookie lines the cookie page just sent. */
  sent?: string[];
};

/** The demo's session type. */
export type DemoSession = Session<DemoData, DemoFlash>;
/** The demo's session manager type. */
export type DemoSessions = SessionManager<DemoData, DemoFlash>;

/** Everything the app is built from; made once in server.ts (or by a test). */
export interface DemoServices {
  sessions: DemoSessions;
  csrf: CsrfProtection;
  users: UserDirectory;
  throttle: LoginThrottle;
  cookies: DemoCookies;
  /** Which store holds the sessions, for the home page (password already hidden). */
  storeLabel: string;
  /**
   * Read the transport from the proxy's `Forwarded` / `X-Forwarded-Proto` (SR-46): true when
   * PUBLIC_ORIGIN is an https: origin, i.e. the demo sits behind a TLS-terminating proxy.
   */
  trustProxy?: boolean;
}

/** Options of {@link RequestContext.render}. */
export interface RenderOptions {
  status?: number;
  headers?: Record<string, string>;
}

/** What a route handler receives. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  session: DemoSession;
  services: DemoServices;
  /** The posted form (CSRF already verified); empty for GET. */
  form: URLSearchParams;
  /** The logged-in user, or null. */
  user: User | null;
  /** The client's address (the socket's; no proxy header is trusted). */
  ip: string;
  theme: Theme;
  /** The hidden CSRF field for this page's forms. */
  csrfField(): Promise<SafeHtml>;
  /** Sends a page: `body` inside the layout (navigation, flash message, theme). */
  render(title: string, body: SafeHtml, options?: RenderOptions): Promise<void>;
  /** 303 to `location`. */
  redirect(location: string): void;
}

/** A route handler. */
export type Handler = (ctx: RequestContext) => Promise<void>;
/** Routes keyed by `"METHOD /path"`. */
export type Routes = Readonly<Record<string, Handler>>;
