/**
 * One fault run against one store: a private server, the demo on it, shoppers whose carts are
 * committed first, then load throughout while the server is SIGKILLed, kept down and restarted
 * on the same port and data; then every shopper's cart is checked. Used by `npm run faults`
 * (reliability/faults.ts) and by the CI-sized test (test/reliability/faults.test.ts).
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from './faults-app.ts';
import { analyzeFaultRun, brokenClaims, type FaultFigures, type FaultLimits, type FaultMarks } from './faults-analysis.ts';
import { startLoad } from './faults-load.ts';
import { mapLimit } from '../../test/cli/support.ts';
import { checkShopper, createShopper } from './faults-shoppers.ts';
import { startFaultTarget, type FaultStoreName } from './faults-stores.ts';

/** Options of {@link runFaultExperiment}; durations in milliseconds. */
export interface FaultRunOptions extends FaultLimits {
  store: FaultStoreName;
  /** Sessions committed before the outage and checked after it. */
  sessions: number;
  /** autocannon connections. */
  connections: number;
  /** Load before the kill. */
  beforeMs: number;
  /** How long the server stays down (from the kill to the restart). */
  downMs: number;
  /** Load after the restarted server answers. */
  afterMs: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** What a run found. */
export interface FaultRunReport {
  store: FaultStoreName;
  /** The server, e.g. `Redis 7.0.15 (AOF, appendfsync always)`. */
  label: string;
  options: FaultRunOptions;
  figures: FaultFigures;
  sessionsLost: number;
  /** Why the first few lost sessions count as lost. */
  lostExamples: string[];
  /** How the app process ended, or null: it never did. */
  appExit: string | null;
  /** Lines the app wrote to stderr (one error log per failed request). */
  appErrorLines: number;
  /** The claims the run broke; empty when all hold. */
  broken: string[];
}

/**
 * Runs `task` up to `attempts` times, a second apart, until it resolves: the store's first
 * operations (connecting, creating the Postgres schema) may outlast a short operation timeout
 * on a busy machine. Setting up only; nothing the claims rest on is retried.
 */
async function withRetries<T>(attempts: number, task: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await task();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(1000);
    }
  }
}

/** Runs the experiment for one store; throws only when it cannot be set up. */
export async function runFaultExperiment(options: FaultRunOptions): Promise<FaultRunReport> {
  const log = options.log ?? (() => {});
  const target = await startFaultTarget(options.store);
  try {
    const app = await startApp(target.storeUrl(options.timeoutMs));
    try {
      log(`${target.label}: demo pid ${app.pid} on ${app.url}, creating ${options.sessions} sessions`);
      const shoppers = await mapLimit(
        Array.from({ length: options.sessions }, (_, i) => i),
        8,
        (i) => withRetries(3, () => createShopper(app.url, i)),
      ).catch((error: unknown) => {
        throw new Error(`creating the sessions failed: ${String(error)}\nthe demo's stderr:\n${app.stderr().slice(-4000)}`);
      });
      const preCheck = (await mapLimit(shoppers, 8, (s) => checkShopper(app.url, s))).filter((r) => r !== null);
      if (preCheck.length > 0) throw new Error(`the sessions did not read back before the outage: ${preCheck[0]}`);

      log(`load: ${options.connections} connections`);
      const load = startLoad({ url: app.url, shoppers, connections: options.connections, hangAfterSeconds: 10 });
      const marks: Partial<FaultMarks> = { loadStartAt: performance.now() };
      await sleep(options.beforeMs);
      marks.killAt = performance.now();
      await target.kill();
      log(`killed ${options.store} (SIGKILL); down for ${options.downMs} ms`);
      await sleep(Math.max(0, options.downMs - (performance.now() - marks.killAt)));
      marks.restartAt = performance.now();
      await target.restart();
      marks.upAt = performance.now();
      log(`restarted: answering after ${Math.round(marks.upAt - marks.restartAt)} ms`);
      await sleep(options.afterMs);
      marks.loadEndAt = performance.now();
      await load.stop();

      const results = await mapLimit(shoppers, 8, (s) => checkShopper(app.url, s));
      const lost = results.filter((r): r is string => r !== null);
      const figures = analyzeFaultRun(load.samples, marks as FaultMarks);
      const appExit = app.exited();
      return {
        store: options.store,
        label: target.label,
        options,
        figures,
        sessionsLost: lost.length,
        lostExamples: lost.slice(0, 3),
        appExit,
        appErrorLines: app.stderr().split('\n').length - 1,
        broken: brokenClaims(figures, options, { appExit, sessions: shoppers.length, sessionsLost: lost.length }),
      };
    } finally {
      await app.stop();
    }
  } finally {
    await target.stop();
  }
}
