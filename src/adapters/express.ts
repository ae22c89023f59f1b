/**
 * Express (4 and 5) adapter: `app.use(tesseraSession(manager))` gives every request
 * `req.session`, which offers both the method API (`await req.session.get('cart')`,
 * `req.session.regenerate()`) and express-session's property style (`req.session.userId = 1`,
 * `delete req.session.cart`). The session is committed before the response's headers go out.
 *
 * Type `req.session` by augmenting the two interfaces below:
 * ```ts
 * declare module 'tessera/adapters/express' {
 *   interface ExpressSessionData { userId?: number; cart?: string[] }
 *   interface ExpressFlashData { notice: string }
 * }
 * ```
 * @module
 */
import type { Request, RequestHandler, Response } from 'express';
import { ConfigError, HeadersSentError } from '../errors.ts';
import type { RequestContext, SessionManager } from '../session/manager.ts';
import type { Session, SessionData } from '../session/session.ts';
import { holdResponse, type ResponseHold } from './hold-response.ts';
import { commitSession as commitToResponse } from './node.ts';

/** The data `req.session` holds. Augment it (see the module example); unaugmented, any key is allowed. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface ExpressSessionData {}
/** The flash values `req.session.flash`/`getFlash` take. Augment like {@link ExpressSessionData}. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface ExpressFlashData {}
/** An augmentable interface as session data: itself once augmented, any key before. */
export type AsSessionData<T> = keyof T extends never ? SessionData : { [K in keyof T]: T[K] };

const METHODS = ['get', 'has', 'keys', 'all', 'set', 'unset', 'clear', 'flash', 'getFlash', 'regenerate', 'destroy', 'persist', 'csrfSecret', 'bindUser', 'load', 'peek', 'peekKeys'] as const;
/** Session methods; every other property name of `req.session` is a data key. */
export type ExpressSessionMethod = (typeof METHODS)[number];
// Compile-time check that METHODS lists every method of Session (a new one must be added above).
type MethodsOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
const _allMethods: Record<Exclude<MethodsOf<Session>, ExpressSessionMethod>, never> = {};
void _allMethods;
const WRITES = new Set<string>(['set', 'unset', 'clear', 'flash', 'getFlash', 'regenerate', 'destroy', 'persist', 'csrfSecret', 'bindUser']);
const READS = new Set<string>(['get', 'has', 'keys', 'all', 'getFlash', 'csrfSecret', 'load']);

/**
 * `req.session`: the session's methods plus one property per data key. Property reads are
 * synchronous (`peek`) and need the session loaded (the default `eager` does that); property
 * writes and `delete` record `set`/`unset`. `isNew`, `expiresAt` and the bound `userId` are
 * plain data keys here (express-session apps keep their own `userId`); read them from {@link getSession}.
 */
export type ExpressSession<Data extends SessionData = AsSessionData<ExpressSessionData>, Flash extends SessionData = AsSessionData<ExpressFlashData>> =
  Readonly<Pick<Session<Data, Flash>, ExpressSessionMethod>> & Partial<Omit<Data, ExpressSessionMethod>>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types its request through this global namespace
  namespace Express {
    interface Request {
      /** The tessera session (set by `tesseraSession`). */
      session: ExpressSession;
    }
  }
}

/** Options of {@link tesseraSession}. */
export interface ExpressSessionOptions {
  /**
   * Load the session before calling `next()`, so property reads (`req.session.userId`) work
   * synchronously. Default true. It costs one verification (cookie modes) or one store read
   * (server mode) on requests that carry the session cookie, none on those without, and gives
   * every response `Vary: Cookie`. With false, nothing is loaded until an async read or
   * `await req.session.load()`; property reads before that throw SessionNotLoadedError.
   */
  eager?: boolean;
}

const CARRIER = Symbol('tessera.express');
type Carrier = { [CARRIER]?: { session: Session<never, never>; res: Response; hold: ResponseHold } };

function view<D extends SessionData, F extends SessionData>(session: Session<D, F>, hold: ResponseHold): ExpressSession<D, F> {
  // Never a silent loss: a change made after the commit began could not be saved.
  const late = (what: string) => new HeadersSentError(`req.session ${what} came after the response started; change the session before writing the body`);
  const guard = (what: string) => {
    if (hold.started) throw late(what);
  };
  const methods: Record<string, unknown> = {};
  for (const name of METHODS) {
    const fn = (session[name] as (...args: unknown[]) => unknown).bind(session);
    methods[name] = READS.has(name)
      ? (...args: unknown[]) =>
          WRITES.has(name) && hold.started
            ? Promise.reject(late(`.${name}()`))
            : fn(...args)
      : (...args: unknown[]) => (WRITES.has(name) && guard(`.${name}()`), fn(...args));
  }
  const isData = (key: string | symbol): key is string => typeof key === 'string' && !Object.hasOwn(methods, key);
  const snapshot = () => (session.loaded ? Object.fromEntries(session.peekKeys().map((k) => [k, session.peek(k)])) : '[session not loaded]');
  const target = { [Symbol.for('nodejs.util.inspect.custom')]: snapshot };
  return new Proxy(target, {
    get: (_, key) => (isData(key) ? session.peek(key) : typeof key === 'string' ? methods[key] : undefined),
    set(_, key, value) {
      if (!isData(key)) throw new TypeError(`req.session.${String(key)} is a session method; store this value with req.session.set(key, value)`);
      guard(`.${key} = ...`);
      session.set(key, value as D[string]);
      return true;
    },
    deleteProperty(_, key) {
      if (!isData(key)) return false;
      guard(`delete .${key}`);
      session.unset(key);
      return true;
    },
    has: (_, key) => (isData(key) ? session.peekKeys().includes(key) : typeof key === 'string'),
    ownKeys: () => session.peekKeys(),
    getOwnPropertyDescriptor: (_, key) =>
      isData(key) && session.peekKeys().includes(key) ? { value: session.peek(key), writable: true, enumerable: true, configurable: true } : undefined,
  }) as unknown as ExpressSession<D, F>;
}

/**
 * Express middleware giving each request `req.session` (see {@link ExpressSession}). The
 * response's `writeHead`/`write`/`end`/`flushHeaders` are held until the session is committed,
 * so `res.send`, `res.json`, `res.redirect`, streams and `res.flushHeaders()` all carry the
 * session's headers. A failure to load (eager) or commit goes to `next(err)`; a StoreError
 * carries `status` 503, so Express's default handler answers 503. Never throws.
 */
export function tesseraSession<Data extends SessionData = AsSessionData<ExpressSessionData>, Flash extends SessionData = AsSessionData<ExpressFlashData>>(
  manager: SessionManager<Data, Flash>,
  options: ExpressSessionOptions = {},
): RequestHandler {
  const eager = options.eager ?? true;
  return (req, res, next) => {
    const context: RequestContext = {};
    if (req.headers['user-agent'] !== undefined) context.userAgent = req.headers['user-agent'];
    if (req.ip !== undefined) context.ip = req.ip; // Express's client IP (honours the app's `trust proxy`)
    const session = manager.load(req.headers.cookie, context);
    const start = () => {
      const hold = holdResponse(res, () => commitToResponse(manager, session, res), (error) => next(error));
      req.session = view(session, hold) as unknown as ExpressSession;
      (req as Carrier)[CARRIER] = { session: session as unknown as Session<never, never>, res, hold };
      next();
    };
    if (!eager) return start();
    session.load().then(start, (error: unknown) => next(error));
  };
}

/**
 * Commits the session now (for a response that streams and wants its headers out early, e.g.
 * server-sent events); the automatic commit is then skipped. Rejects with HeadersSentError
 * when the headers were already sent, with StoreError (carrying `status` 503) when the store
 * fails, with ConfigError when `tesseraSession` did not run for this request.
 */
export async function commitSession(req: Request, res: Response): Promise<void> {
  const carrier = (req as Carrier)[CARRIER];
  if (carrier === undefined || carrier.res !== res) throw new ConfigError('commitSession', 'this request has no tessera session; register app.use(tesseraSession(manager)) before the route');
  await carrier.hold.commit();
}

/**
 * The engine's Session behind `req.session`, for `isNew`, `expiresAt` and the bound `userId`
 * (which are data keys on `req.session`). Throws ConfigError when `tesseraSession` did not run.
 */
export function getSession<Data extends SessionData = AsSessionData<ExpressSessionData>, Flash extends SessionData = AsSessionData<ExpressFlashData>>(
  req: Request,
): Session<Data, Flash> {
  const carrier = (req as Carrier)[CARRIER];
  if (carrier === undefined) throw new ConfigError('getSession', 'this request has no tessera session; register app.use(tesseraSession(manager)) before the route');
  return carrier.session as unknown as Session<Data, Flash>;
}
