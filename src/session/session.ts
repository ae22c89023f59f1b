/**
 * The Session a handler works with: typed data behind get/set/unset/has/clear, flash values,
 * and the lifecycle calls (regenerate, destroy, persist, bindUser).
 *
 * Reads are async because the first one loads the session (from the cookie, or from the store
 * in server mode); nothing is loaded until a handler asks. Writes are synchronous and are
 * recorded as a log, so a write needs no read and a conflicting commit can be replayed.
 * @module
 */
import { HeadersSentError, SessionDataError, TesseraError } from '../errors.ts';
import { generateToken } from '../crypto/tokens.ts';
import { assertJsonSafe, type JsonLimits } from './json-safety.ts';
import { applyOp, cloneState, type SessionMeta, type SessionOp, type SessionState } from './state.ts';
import type { RequestContext } from './manager.ts';

/** The shape of session data: string keys to JSON-safe values. */
export type SessionData = Record<string, unknown>;

/** What a load produced: the state (a new one when there was no valid session) and whether it is new. */
export interface LoadedBase {
  state: SessionState;
  isNew: boolean;
  /** When the session ends unless activity extends it (idle) — epoch ms. */
  expiresAt: number;
}

/** Options of `regenerate`. */
export interface RegenerateOptions {
  /**
   * Keep the current absolute lifetime instead of starting a new one. Default false: regenerate
   * is the login call, and a new authentication starts a new absolute period (SR-10).
   */
  keepLifetime?: boolean;
}

/**
 * A visitor's session. `Data` types `get`/`set`; `Flash` types `flash`/`getFlash`.
 * Writes throw SessionDataError when a value is not JSON-safe (SR-40). Reads never throw for
 * bad input: a tampered or expired cookie was already turned into a fresh session.
 */
export interface Session<Data extends SessionData = SessionData, Flash extends SessionData = SessionData> {
  /** The value under `key`, or undefined. Loads the session on first use. */
  get<K extends keyof Data & string>(key: K): Promise<Data[K] | undefined>;
  /** Whether `key` holds a value. */
  has(key: keyof Data & string): Promise<boolean>;
  /** The keys that hold values. */
  keys(): Promise<Array<keyof Data & string>>;
  /** A shallow copy of all data. */
  all(): Promise<Partial<Data>>;
  /** Stores `value` under `key`. Throws SessionDataError for values JSON cannot hold. */
  set<K extends keyof Data & string>(key: K, value: Data[K]): void;
  /** Removes `key`. */
  unset(key: keyof Data & string): void;
  /** Removes every key (the session itself stays; see destroy). */
  clear(): void;
  /** Stores a value to be read once by `getFlash` on a later request. */
  flash<K extends keyof Flash & string>(key: K, value: Flash[K]): void;
  /** Reads and removes a flash value; undefined when there is none. */
  getFlash<K extends keyof Flash & string>(key: K): Promise<Flash[K] | undefined>;
  /**
   * Issues a new session id (server mode) or cookie on commit, keeping the data and deleting the
   * old store entry in the same commit. Call it on login and on any privilege change (SR-6).
   */
  regenerate(options?: RegenerateOptions): void;
  /**
   * Ends the session on commit: store entry deleted, clearing cookie sent (SR-15), and
   * `Clear-Site-Data` when the manager's `cookie.clearSiteDataOnDestroy` asks for it (SR-20).
   */
  destroy(): void;
  /**
   * Makes the cookie persistent ("remember me") for `seconds` (default: the session's remaining
   * lifetime; never beyond it), or, with `false`, a browser-session cookie again.
   */
  persist(seconds?: number | false): void;
  /**
   * The session's CSRF secret (32 random bytes, base64url), created on first use and recorded
   * in the session. `regenerate()` drops it, so tokens rotate at login (SR-7). Used by
   * `tessera/csrf`, which hands out masked tokens derived from it; not for display.
   */
  csrfSecret(): Promise<string>;
  /** Binds the session to a user for "active devices" and "log out everywhere"; null unbinds. */
  bindUser(userId: string | null, meta?: SessionMeta): void;
  /** Loads the session if it was not yet (idempotent). After it, `peek`, `peekKeys` and the getters below work synchronously. */
  load(): Promise<void>;
  /** Whether the session has been loaded (by `load` or any async read). */
  readonly loaded: boolean;
  /** Whether the handler changed anything (a write, regenerate, destroy) that commit will save. */
  readonly changed: boolean;
  /** Synchronous `get`, for adapters offering property-style access. Throws SessionNotLoadedError before load. */
  peek<K extends keyof Data & string>(key: K): Data[K] | undefined;
  /** Synchronous `keys`. Throws SessionNotLoadedError before load. */
  peekKeys(): Array<keyof Data & string>;
  /** True when no valid session came with the request. Throws if read before the session was loaded. */
  readonly isNew: boolean;
  /** When the session will end without further activity, epoch ms. Throws if read before load. */
  readonly expiresAt: number;
  /** The bound user id, or null. Throws if read before load. */
  readonly userId: string | null;
}

/** The manager's side of a session: its log, flags and loaded base. Never given to handlers. */
export interface SessionControl {
  readonly ops: readonly SessionOp[];
  readonly regenerate: RegenerateOptions | null;
  readonly destroyed: boolean;
  /** The loaded base, or null when the handler never read the session. */
  readonly base: LoadedBase | null;
  /** The state with the log applied to `base` (requires a loaded base). */
  view(): SessionState;
  /** Marks the start of the commit: later changes throw HeadersSentError instead of being lost. */
  seal(): void;
  /** The request's Cookie header, as given to the manager's `load`. */
  readonly header: string | null;
  /** What the manager's load produced (its mode's reference, reasons), kept for commit. */
  outcome: unknown;
  /** What the adapter told `load` of the request (user agent, IP, transport: SR-46), or null. */
  readonly context: RequestContext | null;
}

/** Error for reading `isNew`/`expiresAt`/`userId` before the session was loaded. */
export class SessionNotLoadedError extends TesseraError {
  constructor(property: string) {
    super('ERR_TESSERA_CONFIG', `session.${property} was read before the session was loaded; await session.load() (or any read such as get) first`);
  }
}

/** The per-request record behind a session: its log, flags and loaded base. One allocation per request. */
interface Internal extends SessionControl {
  ops: SessionOp[];
  base: LoadedBase | null;
  loading: Promise<unknown> | null;
  /** `base.state` with `ops` applied, or null until needed. */
  current: SessionState | null;
  /** Whether `current` is a private copy (false: it is `base.state` itself, shared until the first write). */
  owned: boolean;
  regenerate: RegenerateOptions | null;
  destroyed: boolean;
  sealed: boolean;
  loadBase: (control: Internal) => Promise<LoadedBase> | LoadedBase;
  owner: object;
  header: string | null;
  outcome: unknown;
  limits: JsonLimits;
  now: () => number;
  context: RequestContext | null;
}

/** Where a session keeps its Internal; module-private, so handlers cannot reach the log. */
const INTERNAL: unique symbol = Symbol('tessera.session');
type SessionObject = { [INTERNAL]: Internal };

const RESOLVED: Promise<unknown> = Promise.resolve();
const ignore = () => {};

/**
 * Starts the load once; resolves when the base is set (rejects as the load does). What it
 * resolves to is internal: never hand it to a handler. The base is set by the first reaction
 * registered on the load's promise, so a reader's `.then` on the same promise runs after it,
 * one turn sooner than chaining on a second promise.
 */
function load(c: Internal): Promise<unknown> {
  if (c.base !== null) return RESOLVED;
  if (c.loading === null) {
    let result: Promise<LoadedBase> | LoadedBase;
    try {
      result = c.loadBase(c);
    } catch (error) {
      result = Promise.reject(error as Error); // a store's synchronous form failed: readers get a rejection, as from any load
    }
    if (result instanceof Promise) {
      result.then((b) => {
        c.base = b;
      }, ignore); // a failed load reaches the readers through `c.loading`
      c.loading = result;
    } else {
      c.base = result;
      c.loading = RESOLVED;
    }
  }
  return c.loading;
}

/**
 * The session's current state. Read-only requests read the loaded state itself; the first write
 * makes a private copy, so reading never allocates a copy that nothing needs.
 */
function view(c: Internal): SessionState {
  if (c.current === null) {
    if (c.ops.length === 0) {
      c.current = c.base!.state;
      c.owned = false;
    } else {
      c.current = cloneState(c.base!.state);
      c.owned = true;
      for (const op of c.ops) applyOp(c.current, op);
    }
  }
  return c.current;
}

function record(c: Internal, op: SessionOp): void {
  // A change after the commit began would silently never be saved: make it loud instead.
  if (c.sealed) throw new HeadersSentError('the session was changed after it was committed');
  c.ops.push(op);
  if (c.current !== null) {
    if (c.owned) applyOp(c.current, op);
    else c.current = null; // the shared state must not change: copy on next read
  }
}

/** Own properties only: loaded data may be an ordinary object, and `toString` is not a session key (SR-29). */
const own = (record: Record<string, unknown>, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);

function loaded(c: Internal, property: string): LoadedBase {
  if (c.base === null) throw new SessionNotLoadedError(property);
  return c.base;
}

/** A defensive copy, so later mutation of the caller's object cannot change what a replay writes. */
const copy = (value: unknown) => (typeof value === 'object' && value !== null ? structuredClone(value) : value);

/** The methods every session shares (one prototype, no per-request closures). */
const SESSION_METHODS = {
  get(this: SessionObject, key: string) {
    const c = this[INTERNAL];
    return c.base !== null ? Promise.resolve(own(view(c).data, key)) : load(c).then(() => own(view(c).data, key));
  },
  has(this: SessionObject, key: string) {
    const c = this[INTERNAL];
    return load(c).then(() => Object.hasOwn(view(c).data, key));
  },
  keys(this: SessionObject) {
    const c = this[INTERNAL];
    return load(c).then(() => Object.keys(view(c).data));
  },
  all(this: SessionObject) {
    const c = this[INTERNAL];
    return load(c).then(() => ({ ...view(c).data }));
  },
  set(this: SessionObject, key: string, value: unknown) {
    const c = this[INTERNAL];
    assertJsonSafe(value, key, c.limits);
    record(c, { op: 'set', key, value: copy(value) });
  },
  unset(this: SessionObject, key: string) {
    record(this[INTERNAL], { op: 'unset', key });
  },
  clear(this: SessionObject) {
    record(this[INTERNAL], { op: 'clear' });
  },
  flash(this: SessionObject, key: string, value: unknown) {
    const c = this[INTERNAL];
    assertJsonSafe(value, `flash.${key}`, c.limits);
    record(c, { op: 'flash', key, value: copy(value) });
  },
  getFlash(this: SessionObject, key: string) {
    const c = this[INTERNAL];
    return load(c).then(() => {
      const flash = view(c).flash;
      if (!Object.hasOwn(flash, key)) return undefined;
      const value = flash[key];
      record(c, { op: 'take-flash', key });
      return value;
    });
  },
  regenerate(this: SessionObject, options: RegenerateOptions = {}) {
    const c = this[INTERNAL];
    if (c.sealed) throw new HeadersSentError('the session was regenerated after it was committed');
    c.regenerate = { ...options };
    record(c, { op: 'csrf', secret: null }); // SR-7: CSRF tokens rotate with the session id
  },
  csrfSecret(this: SessionObject) {
    const c = this[INTERNAL];
    return load(c).then(() => {
      const existing = view(c).csrfSecret;
      if (existing !== null) return existing;
      const secret = generateToken();
      record(c, { op: 'csrf', secret });
      return secret;
    });
  },
  destroy(this: SessionObject) {
    const c = this[INTERNAL];
    if (c.sealed) throw new HeadersSentError('the session was destroyed after it was committed');
    c.destroyed = true;
  },
  persist(this: SessionObject, seconds?: number | false) {
    const c = this[INTERNAL];
    if (seconds === false) {
      record(c, { op: 'persist', until: null });
      return;
    }
    if (seconds !== undefined && (!Number.isSafeInteger(seconds) || seconds <= 0)) {
      throw new SessionDataError('persist', `seconds must be a positive integer (or false for a browser-session cookie), got ${seconds}`);
    }
    // No argument means "as long as the session lives": the commit caps persistUntil at the session's expiry.
    record(c, { op: 'persist', until: seconds === undefined ? Number.MAX_SAFE_INTEGER : c.now() + seconds * 1000 });
  },
  bindUser(this: SessionObject, userId: string | null, meta?: SessionMeta) {
    const c = this[INTERNAL];
    const recorded = meta ?? c.context;
    // A copy of the meta fields only: the context's transport (secure, host; SR-46) is not stored.
    let kept: SessionMeta | null = null;
    if (userId !== null && recorded !== null) {
      kept = {};
      if (recorded.userAgent !== undefined) kept.userAgent = recorded.userAgent;
      if (recorded.ip !== undefined) kept.ip = recorded.ip;
    }
    record(c, { op: 'bind-user', userId, meta: kept });
  },
  load(this: SessionObject): Promise<void> {
    const c = this[INTERNAL];
    return c.base !== null ? (RESOLVED as Promise<void>) : load(c).then(ignore);
  },
  get loaded() {
    return (this as unknown as SessionObject)[INTERNAL].base !== null;
  },
  get changed() {
    const c = (this as unknown as SessionObject)[INTERNAL];
    return c.ops.length > 0 || c.regenerate !== null || c.destroyed;
  },
  peek(this: SessionObject, key: string) {
    const c = this[INTERNAL];
    loaded(c, 'peek');
    return own(view(c).data, key);
  },
  peekKeys(this: SessionObject) {
    const c = this[INTERNAL];
    loaded(c, 'peekKeys');
    return Object.keys(view(c).data);
  },
  get isNew() {
    return loaded((this as unknown as SessionObject)[INTERNAL], 'isNew').isNew;
  },
  get expiresAt() {
    return loaded((this as unknown as SessionObject)[INTERNAL], 'expiresAt').expiresAt;
  },
  get userId() {
    const c = (this as unknown as SessionObject)[INTERNAL];
    loaded(c, 'userId');
    return view(c).userId;
  },
};

/** The control's methods, shared the same way. */
const CONTROL_METHODS = {
  view(this: Internal) {
    return view(this);
  },
  seal(this: Internal) {
    this.sealed = true;
  },
};

/** How the manager makes a session. */
export interface SessionSetup {
  /** Identifies the manager, so `controlOf` refuses sessions another manager made. */
  owner: object;
  /** The request's Cookie header. */
  header: string | null;
  /** Loads the base on the first read; gets the control (with `header`; it may set `outcome`). Called at most once. */
  loadBase: (control: SessionControl) => Promise<LoadedBase> | LoadedBase;
  limits: JsonLimits;
  /** The manager's clock (for persist). */
  now: () => number;
  /** What `bindUser` records when given no meta (the adapter's user agent and IP), and the transport (SR-46). */
  context: RequestContext | null;
}

/**
 * Creates a session. Its methods live on one shared prototype and its state in one record, so
 * a request allocates two small objects, not dozens of closures.
 */
export function createSession<Data extends SessionData, Flash extends SessionData>(setup: SessionSetup): Session<Data, Flash> {
  const control: Internal = Object.create(CONTROL_METHODS) as Internal;
  control.ops = [];
  control.base = null;
  control.loading = null;
  control.current = null;
  control.owned = false;
  control.regenerate = null;
  control.destroyed = false;
  control.sealed = false;
  control.loadBase = setup.loadBase;
  control.owner = setup.owner;
  control.header = setup.header;
  control.outcome = null;
  control.limits = setup.limits;
  control.now = setup.now;
  control.context = setup.context;
  const session = Object.create(SESSION_METHODS) as SessionObject;
  session[INTERNAL] = control;
  return session as unknown as Session<Data, Flash>;
}

/** The control of a session made with `owner`, or undefined for anything else. */
export function controlOf(session: unknown, owner: object): SessionControl | undefined {
  const control = typeof session === 'object' && session !== null ? (session as Partial<SessionObject>)[INTERNAL] : undefined;
  return control !== undefined && control.owner === owner ? control : undefined;
}
