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
import { holdResponse, requestHold, type ResponseHold } from './hold-response.ts';
import { commitSessionNow, commitSession as commitToResponse } from './node.ts';
import { exposeOnRequest } from './request-accessor.ts';

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

/** Never a silent loss: a change made after the commit began could not be saved. */
const late = (what: string) => new HeadersSentError(`req.session ${what} came after the response started; change the session before writing the body`);

/**
 * What the adapter keeps per request, as the tag of the response's hold (no property of its own
 * on Express's request: request-accessor.ts says why). It is also the target behind the request's
 * `req.session` proxy, whose session methods it binds (and guards) on first use only.
 */
class Carrier {
  hold!: ResponseHold;
  view!: unknown;
  bound: Record<string, unknown> | null = null;
  constructor(
    readonly session: ExpressViewableSession,
    readonly res: Response,
  ) {}

  /** The method `name` of the session, bound to it; a write refuses once the commit began. */
  method(name: string): unknown {
    const cached = this.bound?.[name];
    if (cached !== undefined) return cached;
    const session = this.session;
    const hold = this.hold;
    const fn = ((session as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!).bind(session);
    const method = READS.has(name)
      ? fn
      : READ_WRITES.has(name)
        ? (...args: unknown[]) => (hold.started ? Promise.reject(late(`.${name}()`)) : fn(...args))
        : (...args: unknown[]) => {
            if (hold.started) throw late(`.${name}()`);
            return fn(...args);
          };
    (this.bound ??= Object.create(null) as Record<string, unknown>)[name] = method;
    return method;
  }

  /** What console.log and util.inspect show: the data, when loaded. */
  [Symbol.for('nodejs.util.inspect.custom')](): unknown {
    const session = this.session;
    return session.loaded ? Object.fromEntries(session.peekKeys().map((k) => [k, session.peek(k)])) : '[session not loaded]';
  }
}

/** The carrier of `req`'s session, or undefined when `tesseraSession` did not run for it. */
function carrierOf(req: object): Carrier | undefined {
  const tag = requestHold(req)?.tag;
  return tag instanceof Carrier ? tag : undefined;
}

/** `req.session`'s getter on Express's request prototype. */
const readSession = (req: object): unknown => carrierOf(req)?.view;

/** The proxy handler of every `req.session` of one middleware (`methods`: its sessions' method names). */
function viewHandler(methods: ReadonlySet<string>): ProxyHandler<Carrier> {
  const isData = (key: string | symbol): key is string => typeof key === 'string' && !methods.has(key);
  return {
    get: (t, key) => (isData(key) ? t.session.peek(key) : typeof key === 'string' ? t.method(key) : undefined),
    set(t, key, value) {
      if (!isData(key)) throw new TypeError(`req.session.${String(key)} is a session method; store this value with req.session.set(key, value)`);
      if (t.hold.started) throw late(`.${key} = ...`);
      t.session.set(key, value as never);
      return true;
    },
    deleteProperty(t, key) {
      if (!isData(key)) return false;
      if (t.hold.started) throw late(`delete .${key}`);
      t.session.unset(key);
      return true;
    },
    has: (t, key) => (isData(key) ? t.session.peekKeys().includes(key) : typeof key === 'string'),
    ownKeys: (t) => t.session.peekKeys(),
    getOwnPropertyDescriptor: (t, key) =>
      isData(key) && t.session.peekKeys().includes(key) ? { value: t.session.peek(key), writable: true, enumerable: true, configurable: true } : undefined,
  };
}

/**
 * What the manager learns of an Express request, read only when the manager asks: the user
 * agent, Express's client IP (`req.ip`, honouring the app's `trust proxy`), and the transport
 * (SR-46: `req.secure`, and on plain HTTP `req.hostname`, both following `trust proxy`).
 * Express computes those through its settings on every read, so an ordinary request that never
 * binds a user or writes over plain HTTP pays for none of them.
 */
class ExpressRequestContext implements RequestContext {
  #secure: boolean | undefined;
  constructor(private readonly req: Request) {}
  get userAgent(): string | undefined {
    return this.req.headers['user-agent'];
  }
  get ip(): string | undefined {
    return this.req.ip;
  }
  get secure(): boolean {
    return (this.#secure ??= this.req.secure);
  }
  get host(): string | undefined {
    return this.secure ? undefined : this.req.hostname || undefined;
  }
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
  let handler: ProxyHandler<Carrier> | null = null; // built from the first session's method names, the same for every session of one manager
  const canCommitSync = typeof manager.commitSync === 'function';
  return (req, res, next) => {
    const session = manager.load(req.headers.cookie, new ExpressRequestContext(req));
    const start = () => {
      const carrier = new Carrier(session, res);
      carrier.hold = holdResponse(
        res,
        () => commitToResponse(manager, session, res),
        (error) => next(error),
        canCommitSync ? () => commitSessionNow(manager, session, res) : null,
        carrier,
      );
      handler ??= viewHandler(new Set(methodNames(session)));
      carrier.view = new Proxy(carrier, handler);
      exposeOnRequest(req, 'session', carrier.view, readSession);
      next();
    };
    if (!eager) return start();
    let loading: Promise<void>;
    try {
      loading = session.load();
    } catch (error) {
      return next(error);
    }
    // A cookie-mode session loads without waiting: go on in this tick.
    if (session.loaded) return start();
    loading.then(start, (error: unknown) => next(error));
  };
}

/**
 * Commits the session now (for a response that streams and wants its headers out early, e.g.
 * server-sent events); the automatic commit is then skipped. Rejects with HeadersSentError
 * when the headers were already sent, with StoreError (carrying `status` 503) when the store
 * fails, with ConfigError when `tesseraSession` did not run for this request.
 */
export async function commitSession(req: Request, res: Response): Promise<void> {
  const carrier = carrierOf(req);
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
  const carrier = carrierOf(req);
  if (carrier === undefined) throw new ConfigError('getSession', 'this request has no tessera session; register app.use(tesseraSession(manager)) before the route');
  return carrier.session as S;
}
