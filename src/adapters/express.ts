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
 * Any {@link SessionEngine} works, e.g. a Flask or Django manager from `tessera/interop`; tell
 * the types which one by augmenting {@link ExpressSessionEngine} (`req.session` then offers that
 * session's methods, and its data keys as properties):
 * ```ts
 * declare module 'tessera/adapters/express' {
 *   interface ExpressSessionEngine { session: FlaskSession }
 * }
 * ```
 * @module
 */
import type { Request, RequestHandler, Response } from 'express';
import { ConfigError, HeadersSentError } from '../errors.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { RequestContext } from '../session/manager.ts';
import type { Session, SessionData } from '../session/session.ts';
import { holdResponse, type ResponseHold } from './hold-response.ts';
import { commitSessionNow, commitSession as commitToResponse } from './node.ts';

/** The data `req.session` holds. Augment it (see the module example); unaugmented, any key is allowed. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface ExpressSessionData {}
/** The flash values `req.session.flash`/`getFlash` take. Augment like {@link ExpressSessionData}. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface ExpressFlashData {}
/**
 * The session type of the app's engine, when it is not tessera's `SessionManager`: augment with
 * `session: FlaskSession` (or `DjangoSession`, or your engine's type). Unaugmented, `req.session`
 * is tessera's session.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface ExpressSessionEngine {}
/** An augmentable interface as session data: itself once augmented, any key before. */
export type AsSessionData<T> = keyof T extends never ? SessionData : { [K in keyof T]: T[K] };

/** Session methods; every other property name of `req.session` is a data key. */
export type ExpressSessionMethod = 'get' | 'has' | 'keys' | 'all' | 'set' | 'unset' | 'clear' | 'flash' | 'getFlash' | 'regenerate' | 'destroy' | 'persist' | 'csrfSecret' | 'bindUser' | 'load' | 'peek' | 'peekKeys';
/** The names of `T`'s methods (properties holding functions). */
export type MethodsOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
// Compile-time check that ExpressSessionMethod lists every method of Session (a new one must be added above).
const _allMethods: Record<Exclude<MethodsOf<Session>, ExpressSessionMethod>, never> = {};
void _allMethods;
/** Methods that never change the session: passed through as they are, even after the commit began. */
const READS = new Set<string>(['get', 'has', 'keys', 'all', 'load', 'peek', 'peekKeys']);
/** Asynchronous methods that may record a change (`getFlash` removes the value): they reject after the commit began. */
const READ_WRITES = new Set<string>(['getFlash', 'csrfSecret']);
// Every other method (set, regenerate, an interop session's setPermanent, ...) is a write: it throws after the commit began.

/**
 * `req.session`: the session's methods plus one property per data key. Property reads are
 * synchronous (`peek`) and need the session loaded (the default `eager` does that); property
 * writes and `delete` record `set`/`unset`. `isNew`, `expiresAt` and the bound `userId` are
 * plain data keys here (express-session apps keep their own `userId`); read them from {@link getSession}.
 */
export type ExpressSession<Data extends SessionData = AsSessionData<ExpressSessionData>, Flash extends SessionData = AsSessionData<ExpressFlashData>> =
  Readonly<Pick<Session<Data, Flash>, ExpressSessionMethod>> & Partial<Omit<Data, ExpressSessionMethod>>;

/**
 * `req.session` over another engine's session `S` (a `FlaskSession`, a `DjangoSession`): `S`'s
 * methods plus one property per data key (typed by {@link ExpressSessionData}), with the same
 * rules as {@link ExpressSession}. `S`'s getters (`isNew`, `permanent`, `sessionKey`) are data
 * keys here too: read them from {@link getSession}.
 */
export type ExpressEngineSession<S, Data extends SessionData = AsSessionData<ExpressSessionData>> = Readonly<Pick<S, MethodsOf<S>>> & Partial<Omit<Data, MethodsOf<S>>>;

/** The engine session behind `req.session`: {@link ExpressSessionEngine}'s `session` once augmented, else tessera's. */
export type ExpressEngineSessionType = ExpressSessionEngine extends { session: infer S } ? S : Session<AsSessionData<ExpressSessionData>, AsSessionData<ExpressFlashData>>;

/** The type of `req.session`: {@link ExpressSession}, or {@link ExpressEngineSession} when {@link ExpressSessionEngine} is augmented. */
export type ExpressRequestSession = ExpressSessionEngine extends { session: infer S } ? ExpressEngineSession<S> : ExpressSession;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types its request through this global namespace
  namespace Express {
    interface Request {
      /** The session (set by `tesseraSession`). */
      session: ExpressRequestSession;
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
type Carrier = { [CARRIER]?: { session: unknown; res: Response; hold: ResponseHold } };

/** What the property view needs of a session (tessera's and the interop sessions have it). */
export interface ExpressViewableSession {
  load(): Promise<void>;
  readonly loaded: boolean;
  peek(key: string): unknown;
  peekKeys(): string[];
  set(key: string, value: never): void;
  unset(key: string): void;
}

/** The names of the methods of `session`, own or inherited (found once per middleware, from its first session). */
function methodNames(session: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = session; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      // Descriptors, not reads: a getter (isNew, permanent) is data, and reading it early could throw.
      if (key !== 'constructor' && typeof Object.getOwnPropertyDescriptor(o, key)?.value === 'function') names.add(key);
    }
  }
  return [...names];
}

function view(session: ExpressViewableSession, names: readonly string[], hold: ResponseHold): unknown {
  // Never a silent loss: a change made after the commit began could not be saved.
  const late = (what: string) => new HeadersSentError(`req.session ${what} came after the response started; change the session before writing the body`);
  const guard = (what: string) => {
    if (hold.started) throw late(what);
  };
  const methods: Record<string, unknown> = {};
  for (const name of names) {
    const fn = ((session as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!).bind(session);
    methods[name] = READS.has(name)
      ? fn
      : READ_WRITES.has(name)
        ? (...args: unknown[]) => (hold.started ? Promise.reject(late(`.${name}()`)) : fn(...args))
        : (...args: unknown[]) => (guard(`.${name}()`), fn(...args));
  }
  const isData = (key: string | symbol): key is string => typeof key === 'string' && !Object.hasOwn(methods, key);
  const snapshot = () => (session.loaded ? Object.fromEntries(session.peekKeys().map((k) => [k, session.peek(k)])) : '[session not loaded]');
  const target = { [Symbol.for('nodejs.util.inspect.custom')]: snapshot };
  return new Proxy(target, {
    get: (_, key) => (isData(key) ? session.peek(key) : typeof key === 'string' ? methods[key] : undefined),
    set(_, key, value) {
      if (!isData(key)) throw new TypeError(`req.session.${String(key)} is a session method; store this value with req.session.set(key, value)`);
      guard(`.${key} = ...`);
      session.set(key, value as never);
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
  });
}

/**
 * Express middleware giving each request `req.session` (see {@link ExpressSession}) from
 * `manager`: tessera's SessionManager or any other {@link SessionEngine} whose sessions have
 * `load`, `loaded`, `peek`, `peekKeys`, `set` and `unset` (the Flask and Django managers of
 * `tessera/interop` do). The response's `writeHead`/`write`/`end`/`flushHeaders` are held until
 * the session is committed, so `res.send`, `res.json`, `res.redirect`, streams and
 * `res.flushHeaders()` all carry the session's headers. A failure to load (eager) or commit
 * goes to `next(err)`; a StoreError carries `status` 503, so Express's default handler answers
 * 503. The transport the manager checks (SR-46) is `req.secure`, which follows the app's
 * `trust proxy` setting: behind a TLS-terminating proxy, `app.set('trust proxy', ...)`, or a
 * session cookie set over what Express sees as plain HTTP fails the commit with
 * InsecureTransportError (500). Never throws.
 */
export function tesseraSession<S extends ExpressViewableSession>(manager: SessionEngine<S>, options: ExpressSessionOptions = {}): RequestHandler {
  const eager = options.eager ?? true;
  let names: string[] | null = null; // the sessions' method names, the same for every session of one manager
  const canCommitSync = typeof manager.commitSync === 'function';
  return (req, res, next) => {
    const context: RequestContext = {};
    if (req.headers['user-agent'] !== undefined) context.userAgent = req.headers['user-agent'];
    if (req.ip !== undefined) context.ip = req.ip; // Express's client IP (honours the app's `trust proxy`)
    // SR-46: Express's view of the transport (`req.secure` and `req.hostname` follow `trust proxy`).
    context.secure = req.secure;
    if (!context.secure && req.hostname) context.host = req.hostname;
    const session = manager.load(req.headers.cookie, context);
    const start = () => {
      const hold = holdResponse(
        res,
        () => commitToResponse(manager, session, res),
        (error) => next(error),
        canCommitSync ? () => commitSessionNow(manager, session, res) : null,
      );
      req.session = view(session, (names ??= methodNames(session)), hold) as ExpressRequestSession;
      (req as Carrier)[CARRIER] = { session, res, hold };
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
 * The engine's session behind `req.session`, for `isNew`, `expiresAt` and the bound `userId`
 * (which are data keys on `req.session`), or an interop session's getters (`permanent`,
 * `sessionKey`). `S` defaults to {@link ExpressEngineSessionType}; name it for another engine
 * (`getSession<FlaskSession>(req)`); it is not checked at run time. Throws ConfigError when
 * `tesseraSession` did not run.
 */
export function getSession<S = ExpressEngineSessionType>(req: Request): S {
  const carrier = (req as Carrier)[CARRIER];
  if (carrier === undefined) throw new ConfigError('getSession', 'this request has no tessera session; register app.use(tesseraSession(manager)) before the route');
  return carrier.session as S;
}
