/**
 * How the fuzz properties run. One set of properties, two sizes:
 *
 * - **CI-sized** (default, inside `npm test`): each property runs the `ciRuns` it declares.
 * - **Long** (`npm run fuzz`, which sets `FUZZ_LONG=1`): each property runs until its share of
 *   the file's time budget is spent (`FUZZ_FILE_SECONDS`), or `FUZZ_SCALE` × its CI size if set.
 *
 * Environment: `FUZZ_SCALE` (multiplies every property's CI case count, either mode; expensive
 * properties declare small counts, so they stay proportionate), `FUZZ_SEED` (replay a failure:
 * the failure message prints the seed and path), `FUZZ_REPORT` (a file each property appends
 * `{"file","name","runs","ms"}` to, one JSON line, so the runner can total the cases).
 * @module
 */
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';

const env = process.env;

/** True under `npm run fuzz`. */
export const LONG = env.FUZZ_LONG === '1';

const positive = (name: string): number | null => {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
};

const SCALE = positive('FUZZ_SCALE');
const SEED = positive('FUZZ_SEED');
/** Long mode: seconds each fuzz file may take, shared among its properties (default 60). */
export const FILE_SECONDS = positive('FUZZ_FILE_SECONDS') ?? 60;
const deadline = performance.now() + FILE_SECONDS * 1000;
let registered = 0;
let started = 0;

/** Milliseconds the next property may run in long mode: an equal share of what is left. */
function share(): number {
  const remaining = Math.max(1, registered - started + 1);
  return Math.max(200, (deadline - performance.now()) / remaining);
}

/** fast-check parameters for a property that declares `ciRuns` cases for the CI-sized run. */
function parameters<Ts>(ciRuns: number): fc.Parameters<Ts> {
  const seed = SEED === null ? {} : { seed: SEED };
  if (SCALE !== null) return { numRuns: Math.max(1, Math.round(ciRuns * SCALE)), ...seed };
  if (!LONG) return { numRuns: ciRuns, ...seed };
  return { numRuns: 2 ** 31 - 1, interruptAfterTimeLimit: share(), markInterruptAsFailure: false, ...seed };
}

/** Appends one line (cases run by one property) to the `FUZZ_REPORT` file, if any. */
export function report(file: string, name: string, runs: number, ms: number): void {
  if (env.FUZZ_REPORT) appendFileSync(env.FUZZ_REPORT, `${JSON.stringify({ file, name, runs, ms: Math.round(ms) })}\n`);
}

/**
 * Registers a node:test test that checks `property()` with fast-check: `ciRuns` cases in the
 * CI-sized run, a time share of the file's budget in the long run (see the module comment).
 * A failure throws fast-check's report (counterexample, seed, path) with the property's error
 * as `cause`. `file` is the test file's `import.meta.url`, for the report.
 */
export function fuzzTest<Ts>(file: string, name: string, ciRuns: number, property: () => fc.IRawProperty<Ts>): void {
  registered++;
  test(name, async () => {
    started++;
    const t0 = performance.now();
    const details = await fc.check(property(), parameters<Ts>(ciRuns));
    report(basename(new URL(file).pathname), name, details.numRuns, performance.now() - t0);
    if (!details.failed) return;
    const message = fc.defaultReportMessage(details) ?? `property failed: ${name}`;
    // Counterexamples can be megabytes (the size properties): keep the seed and path, cut the middle.
    const shown = message.length > 4000 ? `${message.slice(0, 2000)}\n… (${message.length - 3000} characters cut) …\n${message.slice(-1000)}` : message;
    throw new Error(shown, { cause: details.errorInstance });
  });
}
