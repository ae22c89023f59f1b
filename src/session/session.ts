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
  /** Ends the session on commit: store entry deleted, clearing cookie sent (SR-15). */
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
}

/** Error for reading `isNew`/`expiresAt`/`userId` before the session was loaded. */
export class SessionNotLoadedError extends TesseraError {
  constructor(property: string) {
    super('ERR_TESSERA_CONFIG', `session.${property} was read before the session was loaded; await session.load() (or any read such as get) first`);
  }
}

/**
 * Creates a session and its control. `loadBase` is called at most once, on the first read.
 * `now` is the manager's clock (for persist); `context` is what `bindUser` records when it is
 * given no meta (the adapter's user agent and IP).
 */
export function createSession<Data extends SessionData, Flash extends SessionData>(
  loadBase: () => Promise<LoadedBase> | LoadedBase,
  limits: JsonLimits,
  now: () => number,
  context: SessionMeta | null = null,
): { session: Session<Data, Flash>; control: SessionControl } {
  const ops: SessionOp[] = [];
  let base: LoadedBase | null = null;
  let loading: Promise<void> | null = null;
  let view: SessionState | null = null; // cache of base + ops, dropped on every write
  let regenerateOptions: RegenerateOptions | null = null;
  let destroyed = false;

  const load = (): Promise<void> => {
    if (base !== null) return Promise.resolve();
    if (loading === null) {
      const result = loadBase();
      loading =
        result instanceof Promise
          ? result.then((b) => {
              base = b;
            })
          : ((base = result), Promise.resolve());
    }
    return loading;
  };
  const current = (): SessionState => {
    if (view === null) {
      view = cloneState(base!.state);
      for (const op of ops) applyOp(view, op);
    }
    return view;
  };
  let sealed = false;
  const record = (op: SessionOp) => {
    // A change after the commit began would silently never be saved: make it loud instead.
    if (sealed) throw new HeadersSentError('the session was changed after it was committed');
    ops.push(op);
    if (view !== null) applyOp(view, op);
  };
  const loaded = <T>(property: string, f: (b: LoadedBase) => T): T => {
    if (base === null) throw new SessionNotLoadedError(property);
    return f(base);
  };

  const session: Session<Data, Flash> = {
    async get(key) {
      await load();
      return current().data[key] as Data[typeof key] | undefined;
    },
    async has(key) {
      await load();
      return key in current().data;
    },
    async keys() {
      await load();
      return Object.keys(current().data) as Array<keyof Data & string>;
    },
    async all() {
      await load();
      return { ...current().data } as Partial<Data>;
    },
    set(key, value) {
      assertJsonSafe(value, key, limits);
      // A copy, so later mutation of the caller's object cannot change what a replay writes.
      record({ op: 'set', key, value: typeof value === 'object' && value !== null ? structuredClone(value) : value });
    },
    unset(key) {
      record({ op: 'unset', key });
    },
    clear() {
      record({ op: 'clear' });
    },
    flash(key, value) {
      assertJsonSafe(value, `flash.${key}`, limits);
      record({ op: 'flash', key, value: typeof value === 'object' && value !== null ? structuredClone(value) : value });
    },
    async getFlash(key) {
      await load();
      const flash = current().flash;
      if (!(key in flash)) return undefined;
      const value = flash[key] as Flash[typeof key];
      record({ op: 'take-flash', key });
      return value;
    },
    regenerate(options = {}) {
      if (sealed) throw new HeadersSentError('the session was regenerated after it was committed');
      regenerateOptions = { ...options };
      record({ op: 'csrf', secret: null }); // SR-7: CSRF tokens rotate with the session id
    },
    async csrfSecret() {
      await load();
      const existing = current().csrfSecret;
      if (existing !== null) return existing;
      const secret = generateToken();
      record({ op: 'csrf', secret });
      return secret;
    },
    destroy() {
      if (sealed) throw new HeadersSentError('the session was destroyed after it was committed');
      destroyed = true;
    },
    persist(seconds) {
      if (seconds === false) {
        record({ op: 'persist', until: null });
        return;
      }
      if (seconds !== undefined && (!Number.isSafeInteger(seconds) || seconds <= 0)) {
        throw new SessionDataError('persist', `seconds must be a positive integer (or false for a browser-session cookie), got ${seconds}`);
      }
      // No argument means "as long as the session lives": the commit caps persistUntil at the session's expiry.
      record({ op: 'persist', until: seconds === undefined ? Number.MAX_SAFE_INTEGER : now() + seconds * 1000 });
    },
    bindUser(userId, meta) {
      const recorded = meta ?? context;
      record({ op: 'bind-user', userId, meta: userId === null || recorded === null ? null : { ...recorded } });
    },
    load,
    get loaded() {
      return base !== null;
    },
    get changed() {
      return ops.length > 0 || regenerateOptions !== null || destroyed;
    },
    peek(key) {
      return loaded('peek', () => current().data[key] as Data[typeof key] | undefined);
    },
    peekKeys() {
      return loaded('peekKeys', () => Object.keys(current().data) as Array<keyof Data & string>);
    },
    get isNew() {
      return loaded('isNew', (b) => b.isNew);
    },
    get expiresAt() {
      return loaded('expiresAt', (b) => b.expiresAt);
    },
    get userId() {
      return loaded('userId', () => current().userId);
    },
  };

  const control: SessionControl = {
    get ops() {
      return ops;
    },
    get regenerate() {
      return regenerateOptions;
    },
    get destroyed() {
      return destroyed;
    },
    get base() {
      return base;
    },
    view: current,
    seal() {
      sealed = true;
    },
  };
  return { session, control };
}
