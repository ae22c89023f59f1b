/**
 * Internal: the time bound of a store's operations (`operationTimeoutMs`), kept by one timer per
 * store instead of one per operation. A timer per operation (setTimeout, Promise.race, then
 * clearTimeout) cost about 2–3 µs of every store call in the HTTP benchmark's profile; here an
 * operation costs one Set entry, and the timer is armed at most once per check interval, not once
 * per operation (measured: a Redis store `get` with its own setTimeout and clearTimeout ran 9,000
 * more instructions, an `update` 18,000).
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
 * by itself); otherwise a waiting operation does, until it settles or times out, and nothing
 * else does (with no operation waiting, the timer is unref'd).
 */
export function createDeadline(timeoutMs: number, message: string, unref = false): Deadline {
  const waiting = new Set<Waiting>();
  const step = Math.max(1, Math.ceil(timeoutMs / 8));
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the timer keeps the process alive now (only while operations wait, and never with `unref`). */
  let holding = false;
  /**
   * Why the timer is not cleared when the last operation settles: operations one after another
   * (the usual load then commit) would each pay a setTimeout and a clearTimeout. It is unref'd
   * instead, fires at most once more, finds nothing and stops; the next operation arms it again.
   */
  const arm = () => {
    timer = setTimeout(sweep, step);
    if (unref) timer.unref();
    holding = !unref;
  };
  const hold = () => {
    if (timer === null) arm();
    else if (!unref && !holding) {
      timer.ref();
      holding = true;
    }
  };
  const sweep = () => {
    timer = null;
    holding = false;
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
    if (waiting.size === 0 && holding) {
      timer!.unref();
      holding = false;
    }
    return true;
  };
  return {
    within<T>(work: Promise<T>, fail: (error: unknown) => Error) {
      return new Promise<T>((resolve, reject) => {
        const w: Waiting = { startedAt: Date.now(), reject, fail };
        waiting.add(w);
        hold();
        work.then(
          (value) => void (settled(w) && resolve(value)),
          (error: unknown) => void (settled(w) && reject(fail(error))),
        );
      });
    },
  };
}
