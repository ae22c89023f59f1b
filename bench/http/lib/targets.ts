/**
 * Targets that compare two contenders of the same run: the median over rounds of the per-round
 * throughput ratio (their cost per request ÷ mine), under both cost measures (wrk's requests/s
 * and the server's CPU time per request).
 * @module
 */
import { median } from '../../lib/rounds.ts';
import type { ContenderResult, TargetVerdict } from '../run.ts';

/**
 * "`mine` ≥ `min`× the throughput of `theirs`": null when either contender was not measured
 * (e.g. left out by `--only`). `label` defaults to `<mine> ≥ <min>x <theirs>`.
 */
export function ratioTarget(results: readonly ContenderResult[], mine: string, theirs: string, min: number, label?: string): TargetVerdict | null {
  const a = results.find((c) => c.name === mine);
  const b = results.find((c) => c.name === theirs);
  if (a === undefined || b === undefined) return null;
  const rounds = Math.min(a.perRound.length, b.perRound.length);
  const ratio = (cost: 'wallUs' | 'cpuUs') => median(Array.from({ length: rounds }, (_, i) => b.perRound[i]![cost] / a.perRound[i]![cost]));
  const verdict = (x: number) => ({ measured: `${x.toFixed(3)}x`, met: x >= min });
  return { label: label ?? `${mine} ≥ ${min}x ${theirs}`, wall: verdict(ratio('wallUs')), cpu: verdict(ratio('cpuUs')) };
}

/** The non-null targets, in order. */
export function present(targets: ReadonlyArray<TargetVerdict | null>): TargetVerdict[] {
  return targets.filter((t): t is TargetVerdict => t !== null);
}
