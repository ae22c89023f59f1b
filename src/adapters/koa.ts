/**
 * Koa (2 and 3) adapter: `app.use(tesseraSession(manager))` puts a lazily loaded session in
 * `ctx.state.session` (Koa's namespace for per-request data passed between middleware; typed
 * through Koa's state generic, so it never clashes with koa-session's `ctx.session`) and
 * commits it after the downstream middleware ran, before Koa writes the response.
 * ```ts
 * const app = new Koa().use(tesseraSession(manager));
 * app.use(async (ctx) => { ctx.state.session.set('userId', '42'); ctx.body = 'ok'; });
 * ```
 * Any {@link SessionEngine} works, e.g. a Django manager of `tessera/interop`: the middleware is
 * then a `Middleware<SessionEngineState<DjangoSession>>` and `ctx.state.session` a `DjangoSession`.
 * @module
 */
import type { Middleware, ParameterizedContext } from 'koa';
import { ConfigError, HeadersSentError, SessionConflictError, SessionLimitError, StoreError } from '../errors.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { HeaderEntry, RequestContext } from '../session/manager.ts';
import type { Session, SessionData } from '../session/session.ts';

/** The state `tesseraSession` adds over an engine with sessions of type `S`: `ctx.state.session`. */
export interface SessionEngineState<S> {
  session: S;
}

/** The state `tesseraSession` adds over tessera's SessionManager: `ctx.state.session`. */
export interface SessionState<Data extends SessionData = SessionData, Flash extends SessionData = SessionData> {
  session: Session<Data, Flash>;
}

const COMMIT = Symbol('tessera.koa');
type Carrier = { [COMMIT]?: () => Promise<HeaderEntry[]> };

/**
 * A StoreError gets `status` 503, a SessionConflictError or SessionLimitError 409 (Koa's error handling reads it);
 * both keep their messages private.
 */
function toHttp(error: unknown): unknown {
  if (error instanceof StoreError || error instanceof SessionConflictError || error instanceof SessionLimitError) Object.assign(error, { expose: false });
  return error;
}

/**
 * What the manager learns of a Koa request, read only when the manager asks: the user agent,
 * Koa's client IP (`ctx.ip`, honouring `app.proxy`) and the transport (SR-46: `ctx.secure`, and
 * on plain HTTP `ctx.host`, both following `app.proxy`).
 */
class KoaRequestContext implements RequestContext {
  #secure: boolean | undefined;
  constructor(private readonly ctx: ParameterizedContext) {}
  get userAgent(): string | undefined {
    return this.ctx.get('user-agent') || undefined;
  }
  get ip(): string | undefined {
    return this.ctx.ip;
  }
  get secure(): boolean {
    return (this.#secure ??= this.ctx.secure);
  }
  get host(): string | undefined {
    return this.secure ? undefined : this.ctx.host || undefined;
  }
}

/**
 * Koa middleware giving each request `ctx.state.session` from `manager` (tessera's
 * SessionManager or any other {@link SessionEngine}). The transport the manager checks (SR-46)
 * is `ctx.secure`, which follows `app.proxy`: behind a TLS-terminating proxy set
 * `app.proxy = true`, or a session cookie set over what Koa sees as plain HTTP fails the commit
 * with InsecureTransportError (500). Errors thrown downstream pass
 * through (a StoreError, e.g. from a session read, gets `status` 503 first) and the session is
 * then not committed. After a successful downstream, the commit's headers are appended to the
 * response; a commit failure is thrown to Koa (StoreError as 503). When the headers were
 * already sent (`ctx.respond = false` and a handler writing `ctx.res` itself), the session is
 * committed anyway and, if its cookie could not be set, a HeadersSentError is thrown: Koa
 * reports it through `app.on('error')`. The middleware itself never throws synchronously.
 */
export function tesseraSession<S>(manager: SessionEngine<S>): Middleware<SessionEngineState<S>> {
  return async (ctx, next) => {
    const session = manager.load(ctx.get('cookie'), new KoaRequestContext(ctx));
    ctx.state.session = session;
    let committed: Promise<HeaderEntry[]> | null = null;
    const commit = () => (committed ??= manager.commit(session));
    (ctx as Carrier)[COMMIT] = commit;
    try {
      await next();
    } catch (error) {
      throw toHttp(error);
    }
    if (committed !== null) return; // committed explicitly by commitSession
    let headers: HeaderEntry[];
    try {
      // Without waiting where nothing has to wait (cookie modes, a server-mode session that writes nothing or writes through a store's synchronous forms).
      headers = manager.commitSync?.(session) ?? (await commit());
    } catch (error) {
      throw toHttp(error);
    }
    if (!ctx.headerSent) {
      for (const [name, value] of headers) ctx.append(name, value);
    } else if (headers.some(([name]) => name === 'Set-Cookie')) {
      throw new HeadersSentError('the response was written around Koa (ctx.respond = false), so the session cookie could not be set; call await commitSession(ctx) before writing to ctx.res');
    }
  };
}

/**
 * Commits the session now and appends its headers, for a handler that writes `ctx.res`
 * itself; the automatic commit is then skipped. Rejects with HeadersSentError when the headers
 * were already sent, with StoreError (carrying `status` 503) when the store fails, with
 * ConfigError when `tesseraSession` did not run for this request.
 */
export async function commitSession(ctx: ParameterizedContext): Promise<void> {
  const commit = (ctx as Carrier)[COMMIT];
  if (commit === undefined) throw new ConfigError('commitSession', 'this request has no tessera session; register app.use(tesseraSession(manager)) before the route');
  if (ctx.headerSent) throw new HeadersSentError();
  let headers: HeaderEntry[];
  try {
    headers = await commit();
  } catch (error) {
    throw toHttp(error);
  }
  if (ctx.headerSent) throw new HeadersSentError('the response was sent while the session was being committed');
  for (const [name, value] of headers) ctx.append(name, value);
}
