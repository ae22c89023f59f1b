/**
 * How much of the server's core went to something else during a measurement. This machine
 * is shared: a test suite or a build running on core 0 steals time from the server and makes
 * the figure meaningless, so each run records the foreign share of core 0 (CPU time spent
 * there by other processes, plus hypervisor steal), read from /proc (Linux only; 0 elsewhere).
 * @module
 */
import { readFileSync } from 'node:fs';

interface CoreSample {
  /** user + nice + system jiffies (interrupt and softirq time is the loopback traffic itself). */
  busy: number;
  steal: number;
  total: number;
}

function coreSample(core: number): CoreSample | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
    if (line === undefined) return null;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: v[0]! + v[1]! + v[2]!, steal: v[7] ?? 0, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, all threads
  } catch {
    return null;
  }
}

/** Starts watching `core` and the process `pid` that should own it; `stop()` gives the foreign share (0..1). */
export function watchCore(core: number, pid: number): { stop: () => number } {
  const c0 = coreSample(core);
  const p0 = processTicks(pid);
  return {
    stop() {
      const c1 = coreSample(core);
      const p1 = processTicks(pid);
      if (c0 === null || c1 === null || p0 === null || p1 === null || c1.total <= c0.total) return 0;
      const foreign = Math.max(0, c1.busy - c0.busy - (p1 - p0)) + (c1.steal - c0.steal);
      return Math.min(1, foreign / (c1.total - c0.total));
    },
  };
}
