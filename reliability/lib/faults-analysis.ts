/**
 * What one fault run's timeline says, and which claims it breaks. Pure: samples and the times of
 * the kill, the restart and the server answering again in, figures and failed claims out.
 *
 * A response succeeded when its status is below 400 (the demo answers a write with 303). Phases
 * go by completion time: `before` the kill, `down` from the kill until the restarted server
 * answers, `after` from then on.
 * @module
 */
import type { Sample } from './faults-load.ts';

/** When things happened, `performance.now()` milliseconds. */
export interface FaultMarks {
  loadStartAt: number;
  killAt: number;
  /** When the restart began. */
  restartAt: number;
  /** When the restarted server first answered. */
  upAt: number;
  loadEndAt: number;
}

/** The bounds the claims hold the run to. */
export interface FaultLimits {
  /** The store's operation timeout. */
  timeoutMs: number;
  /** Slack on top of it for the slowest response while the store is down or recovering. */
  latencyMarginMs: number;
  /** The longest the app may keep failing after the server answers again. */
  recoverWithinMs: number;
}

/** Counts for one phase. */
export interface PhaseCounts {
  total: number;
  ok: number;
  status503: number;
  /** Anything else that is not a success: other statuses, timeouts, broken connections. */
  other: number;
}

/** The figures of one run. */
export interface FaultFigures {
  total: number;
  before: PhaseCounts;
  down: PhaseCounts;
  after: PhaseCounts;
  /** Statuses seen that are neither successes nor 503, with counts (status 0: no answer). */
  otherStatuses: Record<string, number>;
  /** Slowest response that completed while down or recovering (from the kill to the last failure, at least until up). */
  maxLatencyOutageMs: number;
  /** Slowest response before the kill (the load's own latency). */
  maxLatencyBeforeMs: number;
  /** Median latency of the 503s: about the operation timeout when the driver waits for a reconnect, near 0 when it fails at once. */
  medianLatency503Ms: number | null;
  /** From the kill until the restarted server answered. */
  downtimeMs: number;
  /** From the start of the restart until the server answered. */
  restartMs: number;
  /** From the server answering until the first success after it; null if none. */
  firstOkAfterUpMs: number | null;
  /** From the server answering until the last failure (0 when nothing failed after it): the time to recover. */
  recoverMs: number;
  /** Successes in the load after the last failure, and how long that stretch lasted. */
  okAfterRecovery: number;
  quietAfterRecoveryMs: number;
}

const isOk = (s: Sample) => s.status > 0 && s.status < 400;

function count(samples: readonly Sample[]): PhaseCounts {
  const c: PhaseCounts = { total: samples.length, ok: 0, status503: 0, other: 0 };
  for (const s of samples) {
    if (isOk(s)) c.ok++;
    else if (s.status === 503) c.status503++;
    else c.other++;
  }
  return c;
}

const maxLatency = (samples: readonly Sample[]) => samples.reduce((max, s) => Math.max(max, s.latencyMs), 0);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Figures of a run from its samples and marks. */
export function analyzeFaultRun(samples: readonly Sample[], marks: FaultMarks): FaultFigures {
  const before = samples.filter((s) => s.at < marks.killAt);
  const down = samples.filter((s) => s.at >= marks.killAt && s.at < marks.upAt);
  const after = samples.filter((s) => s.at >= marks.upAt);
  const failed = samples.filter((s) => !isOk(s));
  const lastFailureAt = failed.reduce((last, s) => Math.max(last, s.at), -Infinity);
  const recoveredAt = Math.max(marks.upAt, lastFailureAt);
  const firstOkAfterUp = after.find(isOk);
  const otherStatuses: Record<string, number> = {};
  for (const s of failed) if (s.status !== 503) otherStatuses[s.status] = (otherStatuses[s.status] ?? 0) + 1;
  return {
    total: samples.length,
    before: count(before),
    down: count(down),
    after: count(after),
    otherStatuses,
    maxLatencyOutageMs: maxLatency(samples.filter((s) => s.at >= marks.killAt && s.at <= recoveredAt)),
    maxLatencyBeforeMs: maxLatency(before),
    medianLatency503Ms: median(failed.filter((s) => s.status === 503).map((s) => s.latencyMs)),
    downtimeMs: marks.upAt - marks.killAt,
    restartMs: marks.upAt - marks.restartAt,
    firstOkAfterUpMs: firstOkAfterUp === undefined ? null : firstOkAfterUp.at - marks.upAt,
    recoverMs: Math.max(0, lastFailureAt - marks.upAt),
    okAfterRecovery: after.filter((s) => s.at > recoveredAt).length,
    quietAfterRecoveryMs: marks.loadEndAt - recoveredAt,
  };
}

/** The claims a run must hold, each a sentence; returns those it breaks (empty: all hold). */
export function brokenClaims(figures: FaultFigures, limits: FaultLimits, extra: { appExit: string | null; sessions: number; sessionsLost: number }): string[] {
  const broken: string[] = [];
  const f = figures;
  if (extra.appExit !== null) broken.push(`the app process exited (${extra.appExit})`);
  if (f.before.total === 0 || f.before.ok !== f.before.total) broken.push(`before the kill every request succeeds (${f.before.ok} of ${f.before.total})`);
  if (Object.keys(f.otherStatuses).length > 0) broken.push(`every failure is a 503 (also saw ${JSON.stringify(f.otherStatuses)}; 0 = no answer)`);
  if (f.down.status503 === 0) broken.push('requests fail with 503 while the store is down (none did: was it killed?)');
  const bound = limits.timeoutMs + limits.latencyMarginMs;
  if (f.maxLatencyOutageMs > bound) broken.push(`no response takes longer than the timeout + margin (${bound} ms) during the outage (slowest ${Math.round(f.maxLatencyOutageMs)} ms)`);
  if (f.firstOkAfterUpMs === null) broken.push('requests succeed again after the restart (none did)');
  if (f.recoverMs > limits.recoverWithinMs) broken.push(`the app recovers within ${limits.recoverWithinMs} ms of the restart (last failure after ${Math.round(f.recoverMs)} ms)`);
  if (f.okAfterRecovery === 0) broken.push('the load keeps succeeding after recovery (no success after the last failure)');
  if (extra.sessionsLost > 0) broken.push(`every session committed before the outage is intact (${extra.sessionsLost} of ${extra.sessions} lost or changed)`);
  return broken;
}
