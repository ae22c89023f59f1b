/**
 * Round-robin micro-benchmark harness on top of mitata's `measure`: every contender of a
 * comparison is measured once per round, in an order that rotates each round, and the
 * figures reported are medians over rounds (this machine is shared and noisy: a lone
 * number means little, a ratio from the same run means more).
 */
import { measure } from 'mitata';

/** One implementation of the job being compared. `fn` does one complete operation. */
export interface Contender {
  name: string;
  fn: () => unknown;
}

/** A target on the ratio of two contenders' median times: `time(subject) / time(reference) <= maxRatio`. */
export interface RatioTarget {
  subject: string;
  reference: string;
  /** Largest acceptable `time(subject) / time(reference)`; 0.5 means "at least 2x faster". */
  maxRatio: number;
  /** How the target is phrased in the issue, e.g. "at least 2x faster than cookie". */
  label: string;
}

/** A job, its contenders and the targets checked on them. */
export interface Comparison {
  title: string;
  /** Which contender ratios are expressed against (usually the bare floor or the peer). */
  baseline: string;
  contenders: Contender[];
  targets: RatioTarget[];
}

/** Median figures of one contender. Times are nanoseconds per operation. */
export interface ContenderResult {
  name: string;
  /** Median over rounds of each round's median sample time. */
  medianNs: number;
  /** Median over rounds of each round's p99 sample time. */
  p99Ns: number;
  /** Median over rounds of `time / time(baseline)` in the same round. */
  ratioToBaseline: number;
}

/** Outcome of a target: the measured median ratio over rounds and whether it holds. */
export interface TargetResult extends RatioTarget {
  ratio: number;
  met: boolean;
}

/** Everything measured for one comparison. */
export interface ComparisonResult {
  title: string;
  baseline: string;
  rounds: number;
  contenders: ContenderResult[];
  targets: TargetResult[];
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `rounds` rounds of the comparison. Each round measures every contender for about
 * `cpuMs` milliseconds of samples, rotating the order so no contender always goes first.
 */
export async function runComparison(c: Comparison, rounds: number, cpuMs: number): Promise<ComparisonResult> {
  const times = new Map<string, number[]>(c.contenders.map((x) => [x.name, []]));
  const p99s = new Map<string, number[]>(c.contenders.map((x) => [x.name, []]));
  const ratioRounds: Array<Map<string, number>> = [];
  for (const x of c.contenders) x.fn(); // warm every code path before the first round
  for (let r = 0; r < rounds; r++) {
    const order = c.contenders.map((_, i) => c.contenders[(i + r) % c.contenders.length]!);
    const roundTimes = new Map<string, number>();
    for (const x of order) {
      const stats = await measure(x.fn, { min_cpu_time: cpuMs * 1e6 });
      roundTimes.set(x.name, stats.p50);
      times.get(x.name)!.push(stats.p50);
      p99s.get(x.name)!.push(stats.p99);
    }
    ratioRounds.push(roundTimes);
  }
  const ratioOf = (a: string, b: string) => median(ratioRounds.map((m) => m.get(a)! / m.get(b)!));
  return {
    title: c.title,
    baseline: c.baseline,
    rounds,
    contenders: c.contenders.map((x) => ({
      name: x.name,
      medianNs: median(times.get(x.name)!),
      p99Ns: median(p99s.get(x.name)!),
      ratioToBaseline: ratioOf(x.name, c.baseline),
    })),
    targets: c.targets.map((t) => {
      const ratio = ratioOf(t.subject, t.reference);
      return { ...t, ratio, met: ratio <= t.maxRatio };
    }),
  };
}
