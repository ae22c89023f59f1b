/**
 * The session object of the Python-compatible managers (Flask cookie, Django db and signed
 * cookies): Python-typed data behind `get/set/unset/clear`, loaded lazily, writes recorded as
 * a log so a conflicting Django store write can be replayed.
 * @module
 */
import type { SessionEngine } from '../../session/engine.ts';
import type { HeaderEntry, RequestContext } from '../../session/manager.ts';
import { SessionNotLoadedError } from '../../session/session.ts';
import { clonePyValue, setEntry, type PyDict, type PyValue } from '../python/values.ts';

/** A Python-compatible session. Reads are async (the first one loads); writes are synchronous. */
export interface InteropSession {
  /** Loads the session (verifies the cookie, reads the store); later calls do nothing. */
  load(): Promise<void>;
  /** Whether the session has been loaded. */
  readonly loaded: boolean;
  /** The value under `key`. Change nested values by setting them again: in-place changes are not recorded (as in Flask). */
  get(key: string): Promise<PyValue | undefined>;
  has(key: string): Promise<boolean>;
  /** Keys in insertion order (as JavaScript orders them: integer-like keys first). */
  keys(): Promise<string[]>;
  /** A copy of the whole session. */
  all(): Promise<PyDict>;
  /** Sets `key`. @throws SessionDataError when the Python side could not store `value` (e.g. bytes in a Django session). */
  set(key: string, value: PyValue): void;
  unset(key: string): void;
  /** Empties the session (Flask: the cookie is deleted at commit). */
  clear(): void;
  /** Ends the session: Flask `session.clear()`; Django `session.flush()` (row deleted, new key if data is set again). */
  destroy(): void;
  /** Synchronous `get` for a loaded session. @throws SessionNotLoadedError before load. */
  peek(key: string): PyValue | undefined;
  /** Synchronous `keys` for a loaded session (what the Express adapter's property view lists). @throws SessionNotLoadedError before load. */
  peekKeys(): string[];
  /** True when no valid session came with the request. @throws SessionNotLoadedError before load. */
  readonly isNew: boolean;
}

/** What an interop manager reports when the browser's cookie gave no session (never the value itself, SR-47). */
export interface InteropInvalidCookieEvent {
  reason: 'malformed' | 'bad-signature' | 'expired' | 'bad-payload' | 'unknown-session' | 'ambiguous';
  cookieName: string;
}

/**
 * A Python-compatible session manager: the same calls as tessera's own, so it is a
 * {@link SessionEngine} and every framework adapter accepts it (`withSession(flaskManager, ...)`).
 */
export interface InteropSessionManager<S extends InteropSession = InteropSession> extends SessionEngine<S> {
  /** The cookie name (`session` for Flask, `sessionid` for Django by default). */
  readonly cookieName: string;
  /**
   * A session for the request's `Cookie` header; nothing is read until the session is, and a
   * bad cookie gives a fresh session then (never a throw). `context` is accepted for the
   * adapters and ignored (the Python formats record no user agent or IP).
   */
  load(cookieHeader: string | null | undefined, context?: RequestContext): S;
  /**
   * Writes what the request changed and returns the headers to append (`Set-Cookie`, `Vary:
   * Cookie`, `Cache-Control: private, no-store` when a cookie is set or cleared). An untouched
   * session gives no headers. Throws StoreError when a store fails.
   */
  commit(session: S): Promise<HeaderEntry[]>;
}

/** One recorded change. */
export type InteropOp = { op: 'set'; key: string; value: PyValue } | { op: 'unset'; key: string } | { op: 'clear' };

/** A loaded base: the data and whether it is a new session. */
export interface InteropBase {
  data: PyDict;
  isNew: boolean;
}

/** The manager's side of a session. */
export interface InteropControl {
  readonly ops: readonly InteropOp[];
  readonly base: InteropBase | null;
  readonly accessed: boolean;
  readonly destroyed: boolean;
  readonly regenerated: boolean;
  /** The base with the log applied. Requires a loaded base. */
  view(): PyDict;
  /** Marks a regenerate (Django `cycle_key`). */
  regenerate(): void;
}

/** Applies `ops` to a copy of `data`. */
export function applyOps(data: PyDict, ops: readonly InteropOp[]): PyDict {
  let out: PyDict = { ...data };
  for (const op of ops) {
    if (op.op === 'set') setEntry(out, op.key, op.value);
    else if (op.op === 'unset') delete out[op.key];
    else out = {};
  }
  return out;
}

/**
 * Creates a session and its control. `loadBase` runs at most once, on the first read;
 * `checkValue` throws SessionDataError for a value the format cannot carry.
 */
export function createInteropSession(
  loadBase: () => InteropBase | Promise<InteropBase>,
  checkValue: (value: PyValue, key: string) => void,
): { session: InteropSession; control: InteropControl } {
  const ops: InteropOp[] = [];
  let base: InteropBase | null = null;
  let loading: Promise<void> | null = null;
  let view: PyDict | null = null;
  let accessed = false;
  let destroyed = false;
  let regenerated = false;

  const load = (): Promise<void> => {
    accessed = true;
    if (base !== null) return Promise.resolve();
    loading ??= Promise.resolve(loadBase()).then((b) => {
      base = b;
    });
    return loading;
  };
  const current = (): PyDict => (view ??= applyOps(base!.data, ops));
  const record = (op: InteropOp) => {
    accessed = true;
    ops.push(op);
    view = null;
  };
  const loaded = <T>(what: string, f: (b: InteropBase) => T): T => {
    if (base === null) throw new SessionNotLoadedError(what);
    return f(base);
  };

  const session: InteropSession = {
    load,
    get loaded() {
      return base !== null;
    },
    async get(key) {
      await load();
      return Object.hasOwn(current(), key) ? current()[key] : undefined;
    },
    async has(key) {
      await load();
      return Object.hasOwn(current(), key);
    },
    async keys() {
      await load();
      return Object.keys(current());
    },
    async all() {
      await load();
      return clonePyValue(current()) as PyDict;
    },
    set(key, value) {
      if (typeof key !== 'string') throw new TypeError('session keys are strings');
      checkValue(value, key);
      record({ op: 'set', key, value: clonePyValue(value) });
    },
    unset(key) {
      record({ op: 'unset', key });
    },
    clear() {
      record({ op: 'clear' });
    },
    destroy() {
      destroyed = true;
      record({ op: 'clear' });
    },
    peek(key) {
      return loaded('peek', () => (Object.hasOwn(current(), key) ? current()[key] : undefined));
    },
    peekKeys() {
      return loaded('peekKeys', () => Object.keys(current()));
    },
    get isNew() {
      return loaded('isNew', (b) => b.isNew);
    },
  };
  const control: InteropControl = {
    get ops() {
      return ops;
    },
    get base() {
      return base;
    },
    get accessed() {
      return accessed;
    },
    get destroyed() {
      return destroyed;
    },
    get regenerated() {
      return regenerated;
    },
    view: current,
    regenerate() {
      regenerated = true;
      accessed = true;
    },
  };
  return { session, control };
}

/** The headers of a commit: the Set-Cookie lines, `Vary: Cookie` when the session was used, and no-store when a cookie is sent (SR-20). */
export function commitHeaders(lines: string[], accessed: boolean): HeaderEntry[] {
  const headers: HeaderEntry[] = lines.map((line) => ['Set-Cookie', line]);
  if (accessed || lines.length > 0) headers.push(['Vary', 'Cookie']);
  if (lines.length > 0) headers.push(['Cache-Control', 'private, no-store']);
  return headers;
}
