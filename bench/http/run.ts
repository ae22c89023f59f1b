/**
 * The HTTP benchmark: sessions end to end on loopback, load from wrk in a separate process.
 *
 * Every server is a child process pinned to core 0 (`taskset -c 0 node --import tsx
 * bench/http/servers/<name>.ts PORT`), wrk is pinned to core 1 (as is this harness), 50
 * connections by default. Before measuring, each server gets N sessions through `/login`;
 * wrk's Lua script rotates through their cookies. A warm-up run per contender, then
 * `rounds` rounds in which every contender is measured once, in an order rotated each round;
 * every figure reported is a median over rounds, and every ratio or difference is taken
 * within a round before the median. Then the lost-update experiment.
 *
 * `npx tsx bench/http/run.ts --rounds 3 --duration 5 [--connections 50] [--warmup 2]
 * [--sessions 1000] [--only NAME,NAME] [--compiled] [--nice=-10] [--docs]`; `--docs` writes
 * the HTTP section of docs/benchmarks.md and docs/benchmarks-http.svg; `--compiled` runs the servers compiled
 * by esbuild instead of through tsx (see {@link HttpBenchOptions.compiled}).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../lib/rounds.ts';
import { BARE_NODE, type ContenderDef, type Suite } from './contenders.ts';
import { SUITES } from './suites/index.ts';
import { Agent } from 'node:http';
import { cookieHeaderFrom, createSessions, get } from './lib/client.ts';
import { lostUpdateTrials, type LostUpdateTrial } from './lib/lost-update.ts';
import { ROOT, compileServers, killAll, pinSelf, removeCompiled, startServer, type ServerProcess } from './lib/processes.ts';
import { markdownReport, svgChart, textReport } from './lib/report.ts';
import { waitForQuiet, watchRun, type RunCpu } from './lib/cpu.ts';
import { checkServices, cleanBenchData, storeServerPids } from './lib/services.ts';
import { assertWrk, runWrk, writeScript, type WrkResult } from './lib/wrk.ts';

/** A run in which other processes took more than this share of either core is repeated (bounded); the quietest is kept. */
const NOISY = 0.1;
/** Before a run, wait (bounded) until less than this share of the machine is busy: between runs, our processes are idle. */
const QUIET = 0.15;

/** Options of {@link runHttpBench}. */
export interface HttpBenchOptions {
  /** Which contenders and targets (default the engine suite). */
  suite?: Suite;
  /** Alternating rounds (every contender once per round). At least 3 for a meaningful median. */
  rounds: number;
  /** Seconds of wrk load per contender per round. */
  durationSeconds: number;
  /** wrk connections. */
  connections: number;
  /** Write the HTTP section of docs/benchmarks.md and docs/benchmarks-http.svg. */
  docs: boolean;
  /** Seconds of discarded warm-up load per contender before round 1. Default min(2, durationSeconds). */
  warmupSeconds?: number;
  /** Sessions created per server before measuring. Default 1000. */
  sessions?: number;
  /** Only contenders whose name contains one of these strings (plus the bare frameworks and floors they need). */
  only?: readonly string[];
  /** Trials of the lost-update experiment per server. Default 3. */
  lostUpdateTrials?: number;
  /**
   * Run every server compiled to plain JavaScript by esbuild (keepNames off) instead of through
   * `node --import tsx`, whose keepNames transform adds a `__name()` call to every function
   * created per request (tessera's sources pay it, the peers' JavaScript does not). Default false.
   */
  compiled?: boolean;
  /**
   * Niceness of the servers and wrk (`nice -n`), default -10: a higher priority than other
   * work on a shared machine, which otherwise lands on wrk's core and starves it. 0 runs them at
   * normal priority; a negative value needs root (without it they run at normal priority).
   */
  niceness?: number;
}

/** One wrk run plus the CPU accounting around it. */
export interface MeasuredRun extends WrkResult, RunCpu {
  /** Wall-clock cost per request: 1e6 / rps. */
  wallUs: number;
  /** The server's own CPU time per request, µs (NaN when /proc is not available). */
  cpuUs: number;
}

/**
 * Figures of one contender under one cost measure (µs per request, per round): medians over
 * rounds of per-round values.
 */
export interface Figures {
  /** Requests per second: median of 1e6 / cost. */
  rps: number;
  /** Median cost per request, µs. */
  us: number;
  /** ÷ bare node:http (throughput ratio). */
  ratioToNode: number;
  /** ÷ its own bare framework. */
  ratioToBare: number;
  /** µs added per request over its own bare framework. */
  addedUs: number;
  /** µs added per request over bare node:http. */
  addedUsOverNode: number;
  /** tessera only: ÷ its floor (same handler). */
  ratioToFloor: number | null;
}

/** What one contender measured. */
export interface ContenderResult extends ContenderDef {
  /** From wrk's requests/s (the headline figures). */
  wall: Figures;
  /** From the server's own CPU time per request (robust to other processes on the machine). */
  cpu: Figures;
  p50Us: number;
  p99Us: number;
  /** Socket errors and non-2xx responses over all measured rounds (should be 0). */
  errors: number;
  /** Set-Cookie lines in the sanity-check response of this route. */
  setCookieLines: number;
  /** Median foreign share of the server's core and of wrk's core over the kept runs (0..1). */
  foreignServerCore: number;
  foreignLoadCore: number;
  perRound: MeasuredRun[];
}

/** A target of the issue with its value under both cost measures. */
export interface TargetVerdict {
  label: string;
  wall: { measured: string; met: boolean };
  cpu: { measured: string; met: boolean };
}

/** The lost-update experiment on one server. */
export interface LostUpdateResult {
  name: string;
  trials: LostUpdateTrial[];
}

/** Everything the run measured. */
export interface HttpBenchResult {
  suite: Suite;
  machine: string;
  date: string;
  /** The git revision measured (short hash, and a note when src/ had uncommitted changes). */
  revision: string;
  method: string;
  options: Required<Omit<HttpBenchOptions, 'only' | 'suite'>> & { only: readonly string[] };
  contenders: ContenderResult[];
  targets: TargetVerdict[];
  lostUpdate: LostUpdateResult[];
  /** Runs repeated because other processes took over 10% of a core. */
  noisyRetries: number;
  /** Seconds spent waiting for a quiet machine before runs. */
  waitedSeconds: number;
  elapsedSeconds: number;
}

/** The contenders to run: those matching `only`, plus the bare frameworks and floors they are compared with. */
function selectContenders(suite: Suite, only: readonly string[]): ContenderDef[] {
  if (only.length === 0) return [...suite.contenders];
  const wanted = new Set<string>([BARE_NODE]);
  for (const c of suite.contenders) {
    if (!only.some((o) => c.name.includes(o))) continue;
    wanted.add(c.name).add(c.bare);
    if (c.floor !== undefined) wanted.add(c.floor);
  }
  return suite.contenders.filter((c) => wanted.has(c.name));
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the HTTP benchmark, prints its table, verdicts and lost-update results, and returns them. */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const started = Date.now();
  const suite = options.suite ?? SUITES.engine;
  const rounds = Math.max(1, Math.floor(options.rounds));
  const durationSeconds = Math.max(1, Math.floor(options.durationSeconds));
  const connections = Math.max(1, Math.floor(options.connections));
  const warmupSeconds = Math.max(0, Math.floor(options.warmupSeconds ?? Math.min(2, durationSeconds)));
  const sessionCount = Math.max(1, Math.floor(options.sessions ?? 1000));
  const trials = Math.max(0, Math.floor(options.lostUpdateTrials ?? 3));
  const only = options.only ?? [];
  const compiled = options.compiled ?? false;
  const niceness = Math.trunc(options.niceness ?? -10);
  assertWrk();
  if (cpus().length < 2) throw new Error('the HTTP benchmark needs 2 cores: the server on core 0, wrk on core 1');

  const contenders = selectContenders(suite, only);
  const serverNames = new Set(contenders.map((c) => c.server));
  const lostUpdateServers = suite.servers.filter((s) => s.lostUpdate !== undefined && (only.length === 0 || serverNames.has(s.name.replace('-deferred', ''))));
  for (const s of lostUpdateServers) serverNames.add(s.name);

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  const date = new Date().toISOString().slice(0, 10);
  const revision = gitRevision();
  const method =
    `wrk 4 (1 thread, ${connections} connections, pinned to core 1) against one node:http/Express/Fastify server process at a time (pinned to core 0), loopback; ` +
    (niceness !== 0 ? `servers and wrk at \`nice -n ${niceness}\` (above other work on the machine); ` : '') +
    (compiled
      ? 'every server compiled to plain JavaScript by esbuild (tessera bundled from src/, npm packages as installed; no keepNames) and run with `node`; '
      : 'every server run as `node --import tsx bench/http/servers/<name>.ts` (tessera from its TypeScript sources; tsx adds a `__name()` call to every function created at run time); ') +
    `${sessionCount} sessions per server created through /login beforehand, rotated by wrk's Lua script; ` +
    `${warmupSeconds} s warm-up per contender, then ${rounds} alternating rounds of ${durationSeconds} s per contender (order rotated each round); medians over rounds, ratios and added µs computed per round, then the median. ` +
    "Besides wrk's requests/s, each run records the server's own CPU time (all threads, from /proc schedstat) and how much of each core other processes took; a run where they took over 10% of either core is repeated (at most twice) and the quietest kept, and each run waits (at most 15 s) for a moment when under 15% of the machine is busy.";
  const estimate = contenders.length * (warmupSeconds + rounds * (durationSeconds + 0.4)) + 30;
  await checkServices(suite);
  console.log(`tessera HTTP benchmark, ${suite.id} suite: ${machine}; ${date}; tessera at ${revision}`);
  console.log(`${contenders.length} contenders, ${rounds} rounds × ${durationSeconds} s, ${connections} connections, ${warmupSeconds} s warm-up; about ${Math.ceil(estimate / 60)} min`);

  const dir = mkdtempSync(join(tmpdir(), 'tessera-http-bench-'));
  let compiledDir: string | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping servers and wrk`);
    killAll();
    rmSync(dir, { recursive: true, force: true });
    if (compiledDir !== null) removeCompiled(compiledDir);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAll);
  pinSelf(1);

  try {
    await cleanBenchData(suite);
    // Start every server up front (all on core 0; only the one under load is busy).
    compiledDir = compiled ? await compileServers([...serverNames]) : null;
    console.log(`starting ${serverNames.size} servers${compiled ? ' (compiled by esbuild)' : ' (through tsx)'} ...`);
    const servers = new Map<string, ServerProcess>();
    for (const s of await Promise.all([...serverNames].map((name) => startServer(name, { cpu: 0, niceness, timeoutMs: 60_000, compiledDir })))) servers.set(s.name, s);
    const portOf = (name: string) => servers.get(name)!.port;

    // Sessions: N per measured server, written one Cookie header per line for wrk.
    const cookieFiles = new Map<string, string>();
    for (const name of new Set(contenders.map((c) => c.server))) {
      const cookies = await createSessions(portOf(name), sessionCount);
      const file = join(dir, `${name}.cookies`);
      writeFileSync(file, cookies.join('\n') + '\n');
      cookieFiles.set(name, file);
    }
    console.log(`created ${sessionCount} sessions on each of ${cookieFiles.size} servers`);

    // Sanity: every route answers 200 with the expected body for a fresh session.
    const setCookieLines = new Map<string, number>();
    const agent = new Agent({ keepAlive: false });
    for (const c of contenders) {
      const login = await get(portOf(c.server), '/login', null, agent);
      const reply = await get(portOf(c.server), c.path, cookieHeaderFrom(login.setCookies), agent);
      const expected = c.handler === 'rw' ? '1' : '0';
      if (reply.status !== 200 || reply.body !== expected) {
        throw new Error(`sanity check failed: ${c.name} (${c.server} ${c.path}) answered ${reply.status} "${reply.body.slice(0, 200)}", expected 200 "${expected}"`);
      }
      setCookieLines.set(c.name, reply.setCookies.length);
    }
    console.log('sanity checks passed');

    const scripts = new Map(contenders.map((c, i) => [c.name, writeScript(dir, `c${i}`, cookieFiles.get(c.server)!, c.path)]));
    const once = async (c: ContenderDef, seconds: number): Promise<MeasuredRun> => {
      const watch = watchRun(servers.get(c.server)!.child.pid!, 0, 1, suite.services === undefined ? [] : storeServerPids());
      const w = await runWrk({ port: portOf(c.server), script: scripts.get(c.name)!, connections, durationSeconds: seconds, cpu: 1, niceness });
      const cpu = watch.stop();
      return { ...w, ...cpu, wallUs: 1e6 / w.rps, cpuUs: cpu.serverCpuSeconds > 0 ? (cpu.serverCpuSeconds * 1e6) / w.requests : NaN };
    };
    const noise = (w: MeasuredRun) => Math.max(w.foreignServerCore, w.foreignLoadCore);
    // Both bounded: each run is repeated at most twice, all repeats together at most a third more
    // runs; waiting for a quiet machine before a run at most 15 s, all waits at most 10 minutes.
    let retryBudget = Math.ceil((contenders.length * rounds) / 3);
    let waitBudgetMs = 10 * 60_000;
    let noisyRetries = 0;
    const quietOnce = async (c: ContenderDef, seconds: number) => {
      if (waitBudgetMs > 0) waitBudgetMs -= await waitForQuiet(QUIET, Math.min(15_000, waitBudgetMs));
      return once(c, seconds);
    };
    /** One measurement, repeated (bounded) when other processes took a share of either core; the quietest is kept. */
    const measure = async (c: ContenderDef, seconds: number, retry: boolean): Promise<MeasuredRun> => {
      let best = await quietOnce(c, seconds);
      for (let attempt = 0; retry && attempt < 2 && noise(best) > NOISY && retryBudget > 0; attempt++) {
        retryBudget--;
        noisyRetries++;
        const again = await quietOnce(c, seconds);
        if (noise(again) < noise(best)) best = again;
      }
      return best;
    };

    if (warmupSeconds > 0) {
      process.stdout.write('warm-up:');
      for (const c of contenders) {
        await measure(c, warmupSeconds, false);
        process.stdout.write('.');
      }
      process.stdout.write(' done\n');
    }

    const perRound: Array<Map<string, MeasuredRun>> = [];
    for (let r = 0; r < rounds; r++) {
      const offset = Math.floor((r * contenders.length) / rounds);
      const order = contenders.map((_, i) => contenders[(i + offset) % contenders.length]!);
      const results = new Map<string, MeasuredRun>();
      for (const [i, c] of order.entries()) {
        const w = await measure(c, durationSeconds, true);
        results.set(c.name, w);
        const bad = w.socketErrors + w.badStatus > 0 ? `  (${w.socketErrors} socket errors, ${w.badStatus} non-2xx)` : '';
        const busy = noise(w) > 0.02 ? `  (others took ${(w.foreignServerCore * 100).toFixed(0)}% / ${(w.foreignLoadCore * 100).toFixed(0)}% of cores 0 / 1)` : '';
        console.log(
          `round ${r + 1}/${rounds} [${String(i + 1).padStart(2)}/${order.length}] ${c.name.padEnd(36)} ${fmtInt(w.rps).padStart(7)} req/s  p99 ${(w.p99Us / 1000).toFixed(2).padStart(6)} ms  server CPU ${w.cpuUs.toFixed(1).padStart(6)} µs/req${bad}${busy}`,
        );
      }
      perRound.push(results);
    }

    const lostUpdate: LostUpdateResult[] = [];
    if (trials > 0) {
      for (const s of lostUpdateServers) {
        lostUpdate.push({ name: s.lostUpdate!, trials: await lostUpdateTrials(portOf(s.name), trials) });
      }
    }

    const byName = new Map(contenders.map((c) => [c.name, c]));
    const perRoundOf = (name: string, f: (w: MeasuredRun, m: Map<string, MeasuredRun>) => number) => median(perRound.map((m) => f(m.get(name)!, m)));
    /** Figures of `c` under the cost measure `cost` (µs per request of a run). */
    const figures = (c: ContenderDef, cost: (w: MeasuredRun) => number): Figures => {
      const of = (m: Map<string, MeasuredRun>, name: string) => cost(m.get(name)!);
      const relative = (to: string | undefined, f: (mine: number, theirs: number) => number) =>
        to !== undefined && byName.has(to) ? perRoundOf(c.name, (w, m) => f(cost(w), of(m, to))) : NaN;
      const floor = relative(c.floor, (mine, theirs) => theirs / mine);
      return {
        rps: perRoundOf(c.name, (w) => 1e6 / cost(w)),
        us: perRoundOf(c.name, cost),
        ratioToNode: relative(BARE_NODE, (mine, theirs) => theirs / mine),
        ratioToBare: relative(c.bare, (mine, theirs) => theirs / mine),
        addedUs: relative(c.bare, (mine, theirs) => mine - theirs),
        addedUsOverNode: relative(BARE_NODE, (mine, theirs) => mine - theirs),
        ratioToFloor: Number.isNaN(floor) ? null : floor,
      };
    };
    const results: ContenderResult[] = contenders.map((c) => ({
      ...c,
      wall: figures(c, (w) => w.wallUs),
      cpu: figures(c, (w) => w.cpuUs),
      p50Us: perRoundOf(c.name, (w) => w.p50Us),
      p99Us: perRoundOf(c.name, (w) => w.p99Us),
      errors: perRound.reduce((n, m) => n + m.get(c.name)!.socketErrors + m.get(c.name)!.badStatus, 0),
      setCookieLines: setCookieLines.get(c.name) ?? 0,
      foreignServerCore: perRoundOf(c.name, (w) => w.foreignServerCore),
      foreignLoadCore: perRoundOf(c.name, (w) => w.foreignLoadCore),
      perRound: perRound.map((m) => m.get(c.name)!),
    }));

    const result: HttpBenchResult = {
      suite,
      machine,
      date,
      revision,
      method,
      options: { rounds, durationSeconds, connections, docs: options.docs, warmupSeconds, sessions: sessionCount, lostUpdateTrials: trials, only, compiled, niceness },
      contenders: results,
      targets: suite.verdicts(results),
      lostUpdate,
      noisyRetries,
      waitedSeconds: (10 * 60_000 - waitBudgetMs) / 1000,
      elapsedSeconds: (Date.now() - started) / 1000,
    };
    console.log(textReport(result));
    if (options.docs) {
      const docs = join(ROOT, 'docs');
      // The HTTP section of docs/benchmarks.md, between its markers (the issue wants the table there).
      const file = join(docs, 'benchmarks.md');
      const text = readFileSync(file, 'utf8');
      const start = `<!-- ${suite.docs.marker}:start -->`;
      const end = `<!-- ${suite.docs.marker}:end -->`;
      if (!text.includes(start) || !text.includes(end)) throw new Error(`${file} has no ${start} ... ${end} section`);
      writeFileSync(file, text.slice(0, text.indexOf(start) + start.length) + '\n' + markdownReport(result) + '\n' + text.slice(text.indexOf(end)));
      writeFileSync(join(docs, suite.docs.svg), svgChart(result));
      console.log(`wrote the ${suite.id} section of docs/benchmarks.md and docs/${suite.docs.svg}`);
    }
    return result;
  } finally {
    killAll();
    if (suite.services !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the servers close their connections
      await cleanBenchData(suite);
    }
    if (compiledDir !== null) removeCompiled(compiledDir);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `git rev-parse --short HEAD`, noting uncommitted changes under src/ (the servers load src/ as it is on disk). */
function gitRevision(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 5000 });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown revision';
  const dirty = git('status', '--porcelain', '--', 'src').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' with uncommitted changes in src/' : ''}`;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string' },
      sessions: { type: 'string', default: '1000' },
      only: { type: 'string' },
      suite: { type: 'string', default: 'engine' },
      'lost-update-trials': { type: 'string', default: '3' },
      docs: { type: 'boolean', default: false },
      compiled: { type: 'boolean', default: false },
      nice: { type: 'string', default: '-10' },
    },
  });
  try {
    const suites = values.suite === 'all' ? Object.values(SUITES) : [SUITES[values.suite as keyof typeof SUITES]];
    if (suites.some((x) => x === undefined)) throw new Error(`--suite ${values.suite}: expected one of ${Object.keys(SUITES).join(', ')} or all`);
    for (const suite of suites) await runHttpBench({
      suite: suite!,
      rounds: Number(values.rounds),
      durationSeconds: Number(values.duration),
      connections: Number(values.connections),
      docs: values.docs,
      sessions: Number(values.sessions),
      lostUpdateTrials: Number(values['lost-update-trials']),
      compiled: values.compiled,
      niceness: Number(values.nice),
      ...(values.warmup !== undefined ? { warmupSeconds: Number(values.warmup) } : {}),
      ...(values.only !== undefined ? { only: values.only.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
