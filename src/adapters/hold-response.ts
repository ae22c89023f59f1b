/**
 * Internal: holds a node:http response's output until the session is committed. node:http
 * sends the headers on the first `writeHead`/`write`/`end`/`flushHeaders`, and a commit (which
 * may wait on a store) must add its `Set-Cookie` lines before that; wrapping those four methods
 * is the only way a handler written the usual way still gets its session saved. Used by the
 * node:http entry point and the Express adapter.
 * @module
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

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
}

const METHODS = ['writeHead', 'write', 'end', 'flushHeaders'] as const;
type Method = (typeof METHODS)[number];
type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/** Where a held response keeps its hold; the wrappers below are shared by every response. */
const HOLD: unique symbol = Symbol('tessera.hold');
/** The response seen as its method slots plus the hold. */
type Held = { [HOLD]: HoldState } & Record<Method, AnyFn>;

/** One record per response (no per-request closures: the wrappers are shared functions). */
interface HoldState extends ResponseHold {
  res: ServerResponse;
  slots: Held;
  queue: Array<[Method, unknown[]]>;
  released: boolean;
  running: Promise<void> | null;
  runCommit: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Commits at once when that needs no waiting (true), else false; null when never possible. */
  trySync: (() => boolean) | null;
  /** An own wrapper of earlier middleware per method (compression), to restore; undefined: the prototype's. */
  saved: Array<AnyFn | undefined>;
}

/** Calls the method the response had before the hold (an earlier wrapper, or the prototype's). */
function callReal(h: HoldState, m: Method, args: unknown[]): unknown {
  const fn = h.saved[METHODS.indexOf(m)] ?? (Object.getPrototypeOf(h.res) as Record<Method, AnyFn>)[m];
  return fn.apply(h.res, args);
}

/**
 * Puts back what was there. Methods are assigned, never deleted: deleting a property turns every
 * response object into a slow dictionary-mode object. A method wrapped again by later middleware
 * is left alone; our wrapper, which it captured, then passes through.
 */
function restore(h: HoldState): void {
  h.released = true;
  for (let i = 0; i < METHODS.length; i++) {
    const m = METHODS[i]!;
    if (h.slots[m] !== WRAPPERS[m]) continue;
    h.slots[m] = h.saved[i] ?? (Object.getPrototypeOf(h.res) as Record<Method, AnyFn>)[m];
  }
}

function run(h: HoldState): Promise<void> {
  if (h.running === null) {
    h.running = h.runCommit().then(
      () => {
        restore(h);
        const queue = h.queue;
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
function commitNow(h: HoldState): boolean {
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
  h.running = Promise.resolve();
  restore(h);
  const queue = h.queue;
  h.queue = [];
  for (const [m, args] of queue) callReal(h, m, args);
  return true;
}

function hold(h: HoldState, m: Method, args: unknown[], trigger: boolean): void {
  h.queue.push([m, args]);
  if (trigger && h.running === null) run(h).catch(h.onError);
}

/** The shared wrappers (`this` is the response). A wrapper captured by later middleware passes through once released. */
const WRAPPERS: Record<Method, AnyFn> = {
  writeHead(this: unknown, ...args: unknown[]) {
    const h = (this as Held)[HOLD];
    if (h.released) return callReal(h, 'writeHead', args);
    // Headers given to writeHead go on now, so the commit's Set-Cookie lines add to them rather than being replaced.
    const headers = typeof args[1] === 'object' && args[1] !== null ? args[1] : args[2];
    if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (value !== undefined) h.res.setHeader(name, value);
      hold(h, 'writeHead', typeof args[1] === 'string' ? [args[0], args[1]] : [args[0]], false);
    } else {
      hold(h, 'writeHead', args, false);
    }
    return h.res;
  },
  write(this: unknown, ...args: unknown[]) {
    const h = (this as Held)[HOLD];
    if (h.released) return callReal(h, 'write', args);
    if (commitNow(h)) return callReal(h, 'write', args);
    if (h.released) return true; // the synchronous commit failed and onError answered
    hold(h, 'write', args, true);
    return true;
  },
  end(this: unknown, ...args: unknown[]) {
    const h = (this as Held)[HOLD];
    if (h.released) return callReal(h, 'end', args);
    if (commitNow(h)) return callReal(h, 'end', args);
    if (h.released) return h.res; // the synchronous commit failed and onError answered
    hold(h, 'end', args, true);
    return h.res;
  },
  flushHeaders(this: unknown, ...args: unknown[]) {
    const h = (this as Held)[HOLD];
    if (h.released) return callReal(h, 'flushHeaders', args);
    if (commitNow(h)) return callReal(h, 'flushHeaders', args);
    if (h.released) return undefined; // the synchronous commit failed and onError answered
    hold(h, 'flushHeaders', args, true);
    return undefined;
  },
};

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
 * as an unwrapped response would. Never throws.
 */
export function holdResponse(
  res: ServerResponse,
  commit: () => Promise<void>,
  onError: (error: unknown) => void,
  trySync: (() => boolean) | null = null,
): ResponseHold {
  const held = res as unknown as Held;
  const h = Object.create(HOLD_METHODS) as HoldState;
  h.res = res;
  h.slots = held;
  h.queue = [];
  h.released = false;
  h.running = null;
  h.runCommit = commit;
  h.onError = onError;
  h.trySync = trySync;
  h.saved = METHODS.map((m) => (Object.hasOwn(res, m) ? held[m] : undefined));
  held[HOLD] = h;
  for (const m of METHODS) held[m] = WRAPPERS[m];
  return h;
}
