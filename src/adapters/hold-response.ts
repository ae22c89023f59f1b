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
type AnyFn = (...args: unknown[]) => unknown;

/**
 * Wraps `res` so its output waits for `commit`. The first `write`, `end` or `flushHeaders`
 * starts the commit; when that commit fails, `onError` receives the error (an explicit
 * {@link ResponseHold.commit} that started it gets the rejection instead). Never throws.
 */
export function holdResponse(res: ServerResponse, commit: () => Promise<void>, onError: (error: unknown) => void): ResponseHold {
  const target = res as unknown as Record<Method, AnyFn>;
  // Restore what was there: an own wrapper of earlier middleware (compression), or the prototype's method.
  const saved = METHODS.map((m) => [m, Object.hasOwn(res, m), target[m]] as const);
  const real = Object.fromEntries(METHODS.map((m) => [m, target[m].bind(res)])) as Record<Method, AnyFn>;
  const queue: Array<[Method, unknown[]]> = [];
  let released = false;
  let running: Promise<void> | null = null;

  const wrappers = {} as Record<Method, AnyFn>;
  const restore = () => {
    released = true;
    for (const [m, own, fn] of saved) {
      if (target[m] !== wrappers[m]) continue; // wrapped again by later middleware: ours now passes through
      if (own) target[m] = fn;
      else delete (target as Partial<Record<Method, AnyFn>>)[m];
    }
  };
  const run = () =>
    (running ??= Promise.resolve()
      .then(commit)
      .then(
        () => {
          restore();
          for (const [m, args] of queue.splice(0)) real[m](...args);
        },
        (error: unknown) => {
          restore();
          queue.length = 0;
          throw error;
        },
      ));
  const start = () => {
    if (running === null) run().catch(onError);
  };
  const hold = (m: Method, args: unknown[], trigger: boolean) => {
    queue.push([m, args]);
    if (trigger) start();
  };

  // A wrapper captured by later middleware may be called after release: it then passes through.
  wrappers.writeHead = (...args: unknown[]) => {
    if (released) return real.writeHead(...args);
    // Headers given to writeHead go on now, so the commit's Set-Cookie lines add to them rather than being replaced.
    const headers = typeof args[1] === 'object' && args[1] !== null ? args[1] : args[2];
    if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value);
      hold('writeHead', typeof args[1] === 'string' ? [args[0], args[1]] : [args[0]], false);
    } else {
      hold('writeHead', args, false);
    }
    return res;
  };
  wrappers.write = (...args: unknown[]) => {
    if (released) return real.write(...args);
    hold('write', args, true);
    return true;
  };
  wrappers.end = (...args: unknown[]) => {
    if (released) return real.end(...args);
    hold('end', args, true);
    return res;
  };
  wrappers.flushHeaders = (...args: unknown[]) => {
    if (released) return real.flushHeaders(...args);
    hold('flushHeaders', args, true);
    return undefined;
  };
  for (const m of METHODS) target[m] = wrappers[m];

  return {
    commit: run,
    get started() {
      return running !== null;
    },
    abandon() {
      if (running !== null) return false;
      restore();
      queue.length = 0;
      return true;
    },
  };
}
