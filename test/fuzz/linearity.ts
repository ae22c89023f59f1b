/**
 * A timing check that stays far from noise: how much longer a function takes on an input
 * 8 times larger. Each size is timed per call over at least 5 ms, the sizes are sampled
 * alternately, and the fastest samples are compared: load on a shared machine only ever adds
 * time, so the minimum is the stable figure. Linear code gives about 8 (a little more when the
 * larger input falls out of the CPU caches), quadratic code 64 or more; the callers assert 40.
 * @module
 */

/** Upper bound on the time ratio for an 8× larger input that the fuzz tests accept as linear. */
export const LINEAR_RATIO_BOUND = 40;

/** Milliseconds per call of `fn(input)`, calling it until at least `minMs` have passed. */
function perCall(fn: (input: string) => unknown, input: string, minMs: number): number {
  let calls = 0;
  const t0 = performance.now();
  let elapsed: number;
  do {
    fn(input);
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return elapsed / calls;
}


/** `unit` repeated until the result is at least `length` code units long. */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / Math.max(1, unit.length)));
}

/**
 * Fastest time per call on `large` over fastest time per call on `small` (5 alternating
 * samples each, after a warm-up so the JIT has settled).
 */
export function growthRatio(fn: (input: string) => unknown, small: string, large: string): number {
  perCall(fn, small, 2);
  perCall(fn, large, 2);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 5; i++) {
    a.push(perCall(fn, small, 5));
    b.push(perCall(fn, large, 5));
  }
  return Math.min(...b) / Math.min(...a);
}
