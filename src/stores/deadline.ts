/**
 * Internal: the time bound of a store's operations (`operationTimeoutMs`), kept by one timer per
 * store instead of one per operation. A timer per operation (setTimeout, Promise.race, then
 * clearTimeout) cost about 2–3 µs of every store call in the HTTP benchmark's profile; here an
 * operation costs one Set entry, and the timer runs only while operations are waiting.
 * @module
 */

/** Bounds promises in time; see {@link createDeadline}. */
export interface Deadline {
  /**
   * `work`'s value; or `fail(error)` as the rejection, where `error` is `work`'s rejection or,
   * when `work` has not settled after the timeout, `Error(message)` (checked every eighth of
   * the timeout, so that rejection comes at most 12.5% late; a late outcome of `work` is then
   * ignored).
   */
  within<T>(work: Promise<T>, fail: (error: unknown) => Error): Promise<T>;
}

interface Waiting {
  readonly startedAt: number;
  readonly reject: (error: unknown) => void;
  readonly fail: (error: unknown) => Error;
}

/**
 * A deadline of `timeoutMs` milliseconds (a positive integer) whose rejections carry `message`.
 * `unref`: the timer does not keep the process alive (for a pool that holds the process open
 * by itself); otherwise a waiting operation does, until it settles or times out.
 */
export function createDeadline(timeoutMs: number, message: string, unref = false): Deadline {
  const waiting = new Set<Waiting>();
  const step = Math.max(1, Math.ceil(timeoutMs / 8));
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    timer = setTimeout(sweep, step);
    if (unref) timer.unref();
  };
  const sweep = () => {
    timer = null;
    const now = Date.now();
    for (const w of waiting) {
      if (now - w.startedAt < timeoutMs) continue;
      waiting.delete(w);
      w.reject(w.fail(new Error(message)));
    }
    if (waiting.size > 0) arm();
  };
  const settled = (w: Waiting) => {
    if (!waiting.delete(w)) return false; // it timed out already
    if (waiting.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    return true;
  };
  return {
    within<T>(work: Promise<T>, fail: (error: unknown) => Error) {
      return new Promise<T>((resolve, reject) => {
        const w: Waiting = { startedAt: Date.now(), reject, fail };
        waiting.add(w);
        if (timer === null) arm();
        work.then(
          (value) => void (settled(w) && resolve(value)),
          (error: unknown) => void (settled(w) && reject(fail(error))),
        );
      });
    },
  };
}
