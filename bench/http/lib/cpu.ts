/**
 * CPU accounting around one measurement, from /proc (Linux; on other systems every figure is 0).
 *
 * This machine is shared: a test suite or a build running meanwhile takes time from the
 * server's core (requests/s drops) or from wrk's core (wrk cannot keep the server busy). Two
 * things are recorded per run:
 * - the **foreign share** of each core: CPU time other processes (or the hypervisor, as steal)
 *   took there while the server (core 0) and wrk plus this harness (core 1) ran;
 * - the **server's own CPU time** (all its threads, nanoseconds from schedstat), which gives
 *   a cost per request that other processes barely disturb: a saturated server alone on its
 *   core spends 1e6/rps µs per request, and under interference its CPU time still counts
 *   only its own work.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';

/** user + nice + system, and steal, and all columns, of one core in clock ticks. */
function coreTicks(core: number): { busy: number; steal: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
    if (line === undefined) return null;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // Interrupt and softirq time is left out: on loopback it is the benchmark's own traffic.
    return { busy: v[0]! + v[1]! + v[2]!, steal: v[7] ?? 0, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** utime + stime of `pid` (all threads), plus its reaped children's with `children`, in clock ticks. */
function processTicks(pid: number | 'self', children = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return f[11]! + f[12]! + (children ? f[13]! + f[14]! : 0);
  } catch {
    return null;
  }
}

/** Nanoseconds on CPU of every thread of `pid` (schedstat), or null. */
function processCpuNs(pid: number): number | null {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // a thread that ended between readdir and read
      }
    }
    return ns;
  } catch {
    return null;
  }
}

/** What {@link watchRun} measured. */
export interface RunCpu {
  /** Foreign share of the server's core (0..1). */
  foreignServerCore: number;
  /** Foreign share of the load generator's core (0..1): neither wrk nor this harness. */
  foreignLoadCore: number;
  /** The server's CPU time during the run, in seconds (0 when unknown). */
  serverCpuSeconds: number;
}

/**
 * Starts accounting: the server `serverPid` on `serverCore`, wrk (a child of this process,
 * reaped before `stop` is called) and this harness on `loadCore`. `helperPids` (a store server
 * the contender talks to, on either core) count as the run's own work: their CPU time is taken
 * off the server core's foreign share first, the rest off the load core's.
 */
export function watchRun(serverPid: number, serverCore: number, loadCore: number, helperPids: readonly number[] = []): { stop: () => RunCpu } {
  const helperTicks = () => helperPids.reduce((n, pid) => n + (processTicks(pid) ?? 0), 0);
  const s0 = coreTicks(serverCore);
  const l0 = coreTicks(loadCore);
  const p0 = processTicks(serverPid);
  const h0 = processTicks('self', true);
  const n0 = processCpuNs(serverPid);
  const x0 = helperTicks();
  return {
    stop() {
      const s1 = coreTicks(serverCore);
      const l1 = coreTicks(loadCore);
      const p1 = processTicks(serverPid);
      const h1 = processTicks('self', true);
      const n1 = processCpuNs(serverPid);
      const helpers = Math.max(0, helperTicks() - x0);
      const share = (a: typeof s0, b: typeof s0, own: number | null) =>
        a === null || b === null || own === null || b.total <= a.total ? 0 : Math.min(1, (Math.max(0, b.busy - a.busy - own) + (b.steal - a.steal)) / (b.total - a.total));
      const serverOwn = p0 === null || p1 === null || s0 === null || s1 === null ? null : p1 - p0 + Math.min(helpers, Math.max(0, s1.busy - s0.busy - (p1 - p0)));
      const serverHelpers = serverOwn === null || p0 === null || p1 === null ? 0 : serverOwn - (p1 - p0);
      return {
        foreignServerCore: share(s0, s1, serverOwn),
        foreignLoadCore: share(l0, l1, h0 === null || h1 === null ? null : h1 - h0 + (helpers - serverHelpers)),
        serverCpuSeconds: n0 === null || n1 === null ? 0 : (n1 - n0) / 1e9,
      };
    },
  };
}

/** Share (0..1) of all cores busy (user + nice + system + steal) over `ms` milliseconds. */
export async function machineBusy(ms: number): Promise<number> {
  const sample = () => {
    try {
      const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      return { busy: v[0]! + v[1]! + v[2]! + (v[7] ?? 0), total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = sample();
  return a === null || b === null || b.total <= a.total ? 0 : (b.busy - a.busy) / (b.total - a.total);
}

/**
 * Waits until the machine is quiet (under `threshold` of all cores busy over a 300 ms window;
 * between runs the benchmark's own processes are idle, so what is busy is someone else), for at
 * most `maxMs`. Resolves how long it waited.
 */
export async function waitForQuiet(threshold: number, maxMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    if ((await machineBusy(300)) < threshold) break;
  }
  return Date.now() - start;
}
