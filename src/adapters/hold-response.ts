/**
 * Internal: holds a node:http response's output until the session is committed. node:http
 * sends the headers on the first `writeHead`/`write`/`end`/`flushHeaders`, and a commit (which
 * may wait on a store) must add its `Set-Cookie` lines before that; wrapping those four methods
 * is the only way a handler written the usual way still gets its session saved. Used by the
 * node:http entry point and the Express adapter.
 *
 * Where things live, and why: a response's hold is a property of its request (`res.req`, which
 * node:http sets), and on Express the four wrappers sit on Express's response prototype rather
 * than on each response. Express swaps the prototype of every request and response, and on
 * such an object V8 builds a new hidden class for each property added (about 4 µs each,
 * measured on Node 20): one property on the request is all a held Express response costs. A
 * WeakMap instead would add none, but costs far more in garbage collection (measured: about
 * 30 µs per request at 20,000 requests per second).
 * @module
 */
import { ServerResponse, type OutgoingHttpHeaders } from 'node:http';

/** A response whose output is held until {@link ResponseHold.commit} has run. */
export interface ResponseHold {
  /**
   * Runs the commit once and then sends what was held. Later calls return the same promise.
   * Rejects with the commit's error; the held output is then dropped and the response's own
   * methods restored, so an error handler can answer instead.
   */
  commit(): Promise<void>;
  /** Whether the commit has started (a session change after this point would be lost). */
  readonly started: boolean;
  /**
   * Gives up before the commit started (the handler failed): restores the response's methods and
   * drops held output, so an error handler can answer. False when the commit already started.
   */
  abandon(): boolean;
  /** What the caller attached to the hold (see {@link holdResponse}), found again through {@link requestHold}. */
  readonly tag: unknown;
}

const METHODS = ['writeHead', 'write', 'end', 'flushHeaders'] as const;
type Method = (typeof METHODS)[number];
type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
type Wrappers = Record<Method, AnyFn>;
/** The response seen as its method slots. */
type Slots = Record<Method, AnyFn>;

/** Where a hold is kept: on the request (`res.req`), or on the response when it has none. */
const HOLD: unique symbol = Symbol('tessera.hold');
type Holder = { [HOLD]?: HoldState };

/** The object keeping `res`'s hold: its request when node:http gave it one, else `res` itself. */
function holderOf(res: unknown): Holder {
  const req = (res as { req?: unknown }).req;
  return (typeof req === 'object' && req !== null ? req : res) as Holder;
}

/** One record per response (no per-request closures: the wrappers are shared functions). */
interface HoldState extends ResponseHold {
  res: ServerResponse;
  queue: Array<[Method, unknown[]]>;
  released: boolean;
  running: Promise<void> | null;
  runCommit: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Commits at once when that needs no waiting (true), else false; null when never possible. */
  trySync: (() => boolean) | null;
  /**
   * Own mode: an own wrapper of earlier middleware per method (compression), to restore;
   * undefined: the prototype's. Null in prototype mode.
   */
  saved: ReadonlyArray<AnyFn | undefined> | null;
  /**
   * Prototype mode: what releasing calls, the methods the shared prototype had before the
   * wrappers (or the wrappers themselves when `outer` holds the response too); null in own mode.
   */
  originals: Wrappers | null;
  /** The hold this one was nested in (a second session middleware on the same response), unreleased when this one began; else null. */
  outer: HoldState | null;
  tag: unknown;
}

/** Calls the method the response had before the hold (an earlier wrapper, or the prototype's). */
function callReal(h: HoldState, m: Method, args: unknown[]): unknown {
  const fn = h.originals !== null ? h.originals[m] : (h.saved![METHODS.indexOf(m)] ?? (Object.getPrototypeOf(h.res) as Slots)[m]);
  return fn.apply(h.res, args);
}

/**
 * Puts back what was there. Prototype mode: nothing to put back (the shared wrappers pass
 * through once released). Own mode: methods are assigned, never deleted: deleting a property
 * turns every response object into a slow dictionary-mode object. A method wrapped again by
 * later middleware is left alone; our wrapper, which it captured, then passes through.
 */
function restore(h: HoldState, putBack = true): void {
  h.released = true;
  // The outer hold takes over: our wrappers (or the ones saved below) now route to it.
  if (h.outer !== null) {
    const holder = holderOf(h.res);
    if (holder[HOLD] === h) holder[HOLD] = h.outer;
  }
  // Not putting back (the response is ending): released wrappers pass straight through.
  if (h.saved === null || (!putBack && h.outer === null)) return;
  const slots = h.res as unknown as Slots;
  for (let i = 0; i < METHODS.length; i++) {
    const m = METHODS[i]!;
    if (slots[m] !== OWN_WRAPPERS[m]) continue;
    slots[m] = h.saved[i] ?? (Object.getPrototypeOf(h.res) as Slots)[m];
  }
}

function run(h: HoldState): Promise<void> {
  if (h.running === null) {
    h.running = h.runCommit().then(
      () => {
        const queue = h.queue;
        restore(h, !queue.some((call) => call[0] === 'end'));
        h.queue = [];
        for (const [m, args] of queue) callReal(h, m, args);
      },
      (error: unknown) => {
        restore(h);
        h.queue = [];
        throw error;
      },
    );
  }
  return h.running;
}

/**
 * Tries the synchronous commit: on success the held output goes out now, in this tick (true).
 * When it throws, the response is restored and `onError` answers (false, with `released` set).
 */
function commitNow(h: HoldState, ending = false): boolean {
  if (h.trySync === null || h.running !== null) return false;
  let done: boolean;
  try {
    done = h.trySync();
  } catch (error) {
    h.running = Promise.resolve();
    restore(h);
    h.queue = [];
    h.onError(error);
    return false;
  }
  if (!done) return false;
  h.running = RESOLVED;
  restore(h, !ending);
  const queue = h.queue;
  h.queue = [];
  for (const [m, args] of queue) callReal(h, m, args);
  return true;
}

/** The settled commit of a hold committed without waiting (never rejects). */
const RESOLVED: Promise<void> = Promise.resolve();

function hold(h: HoldState, m: Method, args: unknown[], trigger: boolean): void {
  h.queue.push([m, args]);
  if (trigger && h.running === null) run(h).catch(h.onError);
}

/**
 * The wrappers (`this` is the response). A wrapper captured by later middleware passes through
 * once released. `unheld` (prototype mode) serves a response that has no hold (a response of
 * the same app that did not go through the session middleware) or whose hold is in own mode
 * (then the response's own wrappers do the holding, and an earlier middleware's own wrapper
 * that captured this one is how the released output reaches the real method).
 */
function makeWrappers(unheld: Wrappers | null): Wrappers {
  const shared = unheld !== null;
  const pass = (res: unknown, m: Method, args: unknown[]): unknown => {
    if (unheld === null) throw new Error('tessera: a held response lost its hold (please report this)');
    return unheld[m].apply(res, args);
  };
  return {
    writeHead(this: unknown, ...args: unknown[]) {
      const h = holderOf(this)[HOLD];
      if (h === undefined || (shared && h.originals === null)) return pass(this, 'writeHead', args);
      if (h.released) return callReal(h, 'writeHead', args);
      // Headers given to writeHead go on now, so the commit's Set-Cookie lines add to them rather than being replaced.
      const headers = typeof args[1] === 'object' && args[1] !== null ? args[1] : args[2];
      if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
        const given = headers as OutgoingHttpHeaders;
        for (const name in given) {
          const value = Object.hasOwn(given, name) ? given[name] : undefined;
          if (value !== undefined) h.res.setHeader(name, value);
        }
        hold(h, 'writeHead', typeof args[1] === 'string' ? [args[0], args[1]] : [args[0]], false);
      } else {
        hold(h, 'writeHead', args, false);
      }
      return h.res;
    },
    write(this: unknown, ...args: unknown[]) {
      const h = holderOf(this)[HOLD];
      if (h === undefined || (shared && h.originals === null)) return pass(this, 'write', args);
      if (h.released) return callReal(h, 'write', args);
      if (commitNow(h)) return callReal(h, 'write', args);
      if (h.released) return true; // the synchronous commit failed and onError answered
      hold(h, 'write', args, true);
      return true;
    },
    end(this: unknown, ...args: unknown[]) {
      const h = holderOf(this)[HOLD];
      if (h === undefined || (shared && h.originals === null)) return pass(this, 'end', args);
      if (h.released) return callReal(h, 'end', args);
      if (commitNow(h, true)) return callReal(h, 'end', args);
      if (h.released) return h.res; // the synchronous commit failed and onError answered
      hold(h, 'end', args, true);
      return h.res;
    },
    flushHeaders(this: unknown, ...args: unknown[]) {
      const h = holderOf(this)[HOLD];
      if (h === undefined || (shared && h.originals === null)) return pass(this, 'flushHeaders', args);
      if (h.released) return callReal(h, 'flushHeaders', args);
      if (commitNow(h)) return callReal(h, 'flushHeaders', args);
      if (h.released) return undefined; // the synchronous commit failed and onError answered
      hold(h, 'flushHeaders', args, true);
      return undefined;
    },
  };
}

/** Own mode with no earlier own method on the response: the prototype's methods are the real ones. */
const NOTHING_SAVED: ReadonlyArray<AnyFn | undefined> = [undefined, undefined, undefined, undefined];

/** The wrappers set as own properties of one response (own mode). */
const OWN_WRAPPERS = makeWrappers(null);
/** Prototype mode: the wrappers installed on a shared prototype, and the methods they replaced, by prototype. */
type Installed = { wrappers: Wrappers; originals: Wrappers };
const INSTALLED = new WeakMap<object, Installed>();
/** The last response prototype seen and what it resolved to (an app's responses all share one). */
let lastPrototype: object | null = null;
let lastInstalled: Installed | null = null;

/**
 * Prototype mode, where it is safe: the wrappers installed (once) on the response's shared
 * prototype, or null for own mode. Only for a response whose prototype was swapped (Express's
 * `app.response`), on the topmost swapped-in prototype (the one just above
 * ServerResponse.prototype: a mounted sub-app's prototype inherits from it), never on Node's
 * own prototype, and only when the four methods then resolve to the wrappers (no own wrapper of
 * earlier middleware, no override on a prototype in between).
 */
function sharedWrappers(res: ServerResponse): Installed | null {
  const first = Object.getPrototypeOf(res) as object | null;
  if (first === ServerResponse.prototype || first === null) return null;
  // Own wrappers of earlier middleware (compression) must keep being called: own mode then.
  for (const m of METHODS) if (Object.hasOwn(res, m)) return null;
  if (first === lastPrototype) return lastInstalled;
  let proto = first;
  for (;;) {
    const up = Object.getPrototypeOf(proto) as object | null;
    if (up === null) return null;
    if (up === ServerResponse.prototype) break;
    proto = up;
  }
  let installed = INSTALLED.get(proto);
  if (installed === undefined) {
    const base = proto as Slots;
    const originals = { writeHead: base.writeHead, write: base.write, end: base.end, flushHeaders: base.flushHeaders };
    const wrappers = makeWrappers(originals);
    for (const m of METHODS) Object.defineProperty(proto, m, { value: wrappers[m], writable: true, configurable: true, enumerable: false });
    installed = { wrappers, originals };
    INSTALLED.set(proto, installed);
  }
  // A prototype in between with its own method would hide the wrapper: own mode then.
  const slots = res as unknown as Slots;
  const result = METHODS.every((m) => slots[m] === installed.wrappers[m]) ? installed : null;
  lastPrototype = first;
  lastInstalled = result;
  return result;
}

const HOLD_METHODS = {
  commit(this: HoldState) {
    return run(this);
  },
  get started() {
    return (this as unknown as HoldState).running !== null;
  },
  abandon(this: HoldState) {
    if (this.running !== null) return false;
    restore(this);
    this.queue = [];
    return true;
  },
};

/**
 * Wraps `res` so its output waits for `commit`. The first `write`, `end` or `flushHeaders`
 * starts the commit; when that commit fails, `onError` receives the error (an explicit
 * {@link ResponseHold.commit} that started it gets the rejection instead). `trySync`, when
 * given, is tried first: if it commits without waiting, the output goes out in the same tick,
 * as an unwrapped response would. `tag` is kept on the hold for the caller ({@link requestHold}).
 * Never throws.
 */
export function holdResponse(
  res: ServerResponse,
  commit: () => Promise<void>,
  onError: (error: unknown) => void,
  trySync: (() => boolean) | null = null,
  tag: unknown = null,
): ResponseHold {
  const h = Object.create(HOLD_METHODS) as HoldState;
  h.res = res;
  h.queue = [];
  h.released = false;
  h.running = null;
  h.runCommit = commit;
  h.onError = onError;
  h.trySync = trySync;
  h.tag = tag;
  const holder = holderOf(res);
  const outer = holder[HOLD];
  h.outer = outer !== undefined && !outer.released ? outer : null;
  const shared = sharedWrappers(res);
  h.originals = shared === null ? null : h.outer !== null ? shared.wrappers : shared.originals;
  holder[HOLD] = h;
  if (shared !== null) {
    h.saved = null;
  } else {
    const slots = res as unknown as Slots;
    // A released hold's wrappers left in place (it did not put them back) pass through: not worth saving.
    const saves = (m: Method) => Object.hasOwn(res, m) && (slots[m] !== OWN_WRAPPERS[m] || h.outer !== null);
    h.saved = METHODS.some(saves) ? METHODS.map((m) => (saves(m) ? slots[m] : undefined)) : NOTHING_SAVED;
    for (const m of METHODS) slots[m] = OWN_WRAPPERS[m];
  }
  return h;
}

/**
 * The hold of the response to `req` (the latest unreleased one when session middleware nests),
 * or undefined when none was made.
 */
export function requestHold(req: object): ResponseHold | undefined {
  return (req as Holder)[HOLD];
}
