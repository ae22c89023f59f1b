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
 * [--sessions 1000] [--only NAME,NAME] [--docs]`; `--docs` writes docs/benchmarks-http.md and
 * docs/benchmarks-http.svg.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../lib/rounds.ts';
import { BARE_NODE, CONTENDERS, SERVERS, isDefaultTessera, type ContenderDef } from './contenders.ts';
import { Agent } from 'node:http';
import { cookieHeaderFrom, createSessions, get } from './lib/client.ts';
import { lostUpdateTrials, type LostUpdateTrial } from './lib/lost-update.ts';
import { ROOT, killAll, pinSelf, startServer, type ServerProcess } from './lib/processes.ts';
import { markdownReport, svgChart, textReport } from './lib/report.ts';
import { watchCore } from './lib/cpu.ts';
import { assertWrk, runWrk, writeScript, type WrkResult } from './lib/wrk.ts';

/** One wrk run plus the share of the server's core other processes took meanwhile. */
export interface MeasuredRun extends WrkResult {
  /** Foreign CPU on core 0 during the run, 0..1 (other processes and hypervisor steal). */
  foreign: number;
}

/** A run with more foreign CPU than this on the server's core is repeated once; the quieter run is kept. */
const NOISY = 0.1;

/** Options of {@link runHttpBench}. */
export interface HttpBenchOptions {
  /** Alternating rounds (every contender once per round). At least 3 for a meaningful median. */
  rounds: number;
  /** Seconds of wrk load per contender per round. */
  durationSeconds: number;
  /** wrk connections. */
  connections: number;
  /** Write docs/benchmarks-http.md and docs/benchmarks-http.svg. */
  docs: boolean;
  /** Seconds of discarded warm-up load per contender before round 1. Default min(2, durationSeconds). */
  warmupSeconds?: number;
  /** Sessions created per server before measuring. Default 1000. */
  sessions?: number;
  /** Only contenders whose name contains one of these strings (plus the bare frameworks and floors they need). */
  only?: readonly string[];
  /** Trials of the lost-update experiment per server. Default 3. */
  lostUpdateTrials?: number;
}

/** What one contender measured (medians over rounds; ratios and differences taken per round). */
export interface ContenderResult extends ContenderDef {
  /** Requests per second. */
  rps: number;
  p50Us: number;
  p99Us: number;
  /** rps / rps(bare node:http). */
  ratioToNode: number;
  /** rps / rps(own bare framework). */
  ratioToBare: number;
  /** 1e6/rps − 1e6/rps(own bare framework): microseconds added per request. */
  addedUs: number;
  /** 1e6/rps − 1e6/rps(bare node:http). */
  addedUsOverNode: number;
  /** tessera only: rps / rps(its floor, same handler). */
  ratioToFloor: number | null;
  /** Socket errors and non-2xx responses over all measured rounds (should be 0). */
  errors: number;
  /** Set-Cookie lines in the sanity-check response of this route. */
  setCookieLines: number;
  /** Median foreign share of the server's core over the kept runs (0..1). */
  foreign: number;
  perRound: MeasuredRun[];
}

/** A target of the issue with its measured value. */
export interface TargetVerdict {
  label: string;
  measured: string;
  met: boolean;
}

/** The lost-update experiment on one server. */
export interface LostUpdateResult {
  name: string;
  trials: LostUpdateTrial[];
}

/** Everything the run measured. */
export interface HttpBenchResult {
  machine: string;
  date: string;
  method: string;
  options: Required<Omit<HttpBenchOptions, 'only'>> & { only: readonly string[] };
  contenders: ContenderResult[];
  targets: TargetVerdict[];
  lostUpdate: LostUpdateResult[];
  /** Runs repeated because another process took over 10% of the server's core. */
  noisyRetries: number;
  elapsedSeconds: number;
}

/** The contenders to run: those matching `only`, plus the bare frameworks and floors they are compared with. */
function selectContenders(only: readonly string[]): ContenderDef[] {
  if (only.length === 0) return [...CONTENDERS];
  const wanted = new Set<string>([BARE_NODE]);
  for (const c of CONTENDERS) {
    if (!only.some((o) => c.name.includes(o))) continue;
    wanted.add(c.name).add(c.bare);
    if (c.floor !== undefined) wanted.add(c.floor);
  }
  return CONTENDERS.filter((c) => wanted.has(c.name));
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the HTTP benchmark, prints its table, verdicts and lost-update results, and returns them. */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const started = Date.now();
  const rounds = Math.max(1, Math.floor(options.rounds));
  const durationSeconds = Math.max(1, Math.floor(options.durationSeconds));
  const connections = Math.max(1, Math.floor(options.connections));
  const warmupSeconds = Math.max(0, Math.floor(options.warmupSeconds ?? Math.min(2, durationSeconds)));
  const sessionCount = Math.max(1, Math.floor(options.sessions ?? 1000));
  const trials = Math.max(0, Math.floor(options.lostUpdateTrials ?? 3));
  const only = options.only ?? [];
  assertWrk();
  if (cpus().length < 2) throw new Error('the HTTP benchmark needs 2 cores: the server on core 0, wrk on core 1');

  const contenders = selectContenders(only);
  const serverNames = new Set(contenders.map((c) => c.server));
  const lostUpdateServers = SERVERS.filter((s) => s.lostUpdate !== undefined && (only.length === 0 || serverNames.has(s.name.replace('-deferred', ''))));
  for (const s of lostUpdateServers) serverNames.add(s.name);

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  const date = new Date().toISOString().slice(0, 10);
  const method =
    `wrk 4 (1 thread, ${connections} connections, pinned to core 1) against one node:http/Express/Fastify server process at a time (pinned to core 0), loopback; ` +
    `${sessionCount} sessions per server created through /login beforehand, rotated by wrk's Lua script; ` +
    `${warmupSeconds} s warm-up per contender, then ${rounds} alternating rounds of ${durationSeconds} s per contender (order rotated each round); medians over rounds, ratios and added µs computed per round, then the median.`;
  const estimate = contenders.length * (warmupSeconds + rounds * (durationSeconds + 0.4)) + 30;
  console.log(`tessera HTTP benchmark: ${machine}; ${date}`);
  console.log(`${contenders.length} contenders, ${rounds} rounds × ${durationSeconds} s, ${connections} connections, ${warmupSeconds} s warm-up; about ${Math.ceil(estimate / 60)} min`);

  const dir = mkdtempSync(join(tmpdir(), 'tessera-http-bench-'));
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping servers and wrk`);
    killAll();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAll);
  pinSelf(1);

  try {
    // Start every server up front (all on core 0; only the one under load is busy).
    console.log(`starting ${serverNames.size} servers ...`);
    const servers = new Map<string, ServerProcess>();
    for (const s of await Promise.all([...serverNames].map((name) => startServer(name, 0, 60_000)))) servers.set(s.name, s);
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
      const watch = watchCore(0, servers.get(c.server)!.child.pid!);
      const w = await runWrk({ port: portOf(c.server), script: scripts.get(c.name)!, connections, durationSeconds: seconds, cpu: 1 });
      return { ...w, foreign: watch.stop() };
    };
    let noisyRetries = 0;
    /** One measurement; repeated once (bounded) when something else used the server's core. */
    const measure = async (c: ContenderDef, seconds: number): Promise<MeasuredRun> => {
      const first = await once(c, seconds);
      if (first.foreign <= NOISY) return first;
      noisyRetries++;
      const second = await once(c, seconds);
      return second.foreign < first.foreign ? second : first;
    };

    if (warmupSeconds > 0) {
      process.stdout.write('warm-up:');
      for (const c of contenders) {
        await measure(c, warmupSeconds);
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
        const w = await measure(c, durationSeconds);
        results.set(c.name, w);
        const bad = w.socketErrors + w.badStatus > 0 ? `  (${w.socketErrors} socket errors, ${w.badStatus} non-2xx)` : '';
        const noise = w.foreign > 0.02 ? `  (other processes took ${(w.foreign * 100).toFixed(0)}% of core 0)` : '';
        console.log(`round ${r + 1}/${rounds} [${String(i + 1).padStart(2)}/${order.length}] ${c.name.padEnd(38)} ${fmtInt(w.rps).padStart(7)} req/s  p99 ${(w.p99Us / 1000).toFixed(2)} ms${bad}${noise}`);
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
    const hasNode = byName.has(BARE_NODE);
    const results: ContenderResult[] = contenders.map((c) => {
      const rps = (m: Map<string, MeasuredRun>, name: string) => m.get(name)!.rps;
      return {
        ...c,
        rps: perRoundOf(c.name, (w) => w.rps),
        p50Us: perRoundOf(c.name, (w) => w.p50Us),
        p99Us: perRoundOf(c.name, (w) => w.p99Us),
        ratioToNode: hasNode ? perRoundOf(c.name, (w, m) => w.rps / rps(m, BARE_NODE)) : NaN,
        ratioToBare: perRoundOf(c.name, (w, m) => w.rps / rps(m, c.bare)),
        addedUs: perRoundOf(c.name, (w, m) => 1e6 / w.rps - 1e6 / rps(m, c.bare)),
        addedUsOverNode: hasNode ? perRoundOf(c.name, (w, m) => 1e6 / w.rps - 1e6 / rps(m, BARE_NODE)) : NaN,
        ratioToFloor: c.floor !== undefined && byName.has(c.floor) ? perRoundOf(c.name, (w, m) => w.rps / rps(m, c.floor!)) : null,
        errors: perRound.reduce((n, m) => n + m.get(c.name)!.socketErrors + m.get(c.name)!.badStatus, 0),
        setCookieLines: setCookieLines.get(c.name) ?? 0,
        foreign: perRoundOf(c.name, (w) => w.foreign),
        perRound: perRound.map((m) => m.get(c.name)!),
      };
    });

    const result: HttpBenchResult = {
      machine,
      date,
      method,
      options: { rounds, durationSeconds, connections, docs: options.docs, warmupSeconds, sessions: sessionCount, lostUpdateTrials: trials, only },
      contenders: results,
      targets: verdicts(results),
      lostUpdate,
      noisyRetries,
      elapsedSeconds: (Date.now() - started) / 1000,
    };
    console.log(textReport(result));
    if (options.docs) {
      const docs = join(ROOT, 'docs');
      writeFileSync(join(docs, 'benchmarks-http.md'), markdownReport(result));
      writeFileSync(join(docs, 'benchmarks-http.svg'), svgChart(result));
      console.log('wrote docs/benchmarks-http.md and docs/benchmarks-http.svg');
    }
    return result;
  } finally {
    killAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The targets: every tessera configuration ≥ 0.95x its floor; read-only requests
 * > 1.0x their floor; tessera's added µs over bare node:http below every peer's added µs over
 * its own bare framework, for the same kind of session and handler.
 */
export function verdicts(results: readonly ContenderResult[]): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const tessera = results.filter(isDefaultTessera);
  for (const t of tessera) {
    if (t.ratioToFloor === null) continue;
    out.push({ label: `${t.name} ≥ 0.95x ${t.floor}`, measured: `${t.ratioToFloor.toFixed(2)}x`, met: t.ratioToFloor >= 0.95 });
  }
  for (const t of tessera) {
    if (t.ratioToFloor === null || t.handler !== 'ro') continue;
    out.push({ label: `${t.name} > 1.0x ${t.floor} (read-only beats the floor)`, measured: `${t.ratioToFloor.toFixed(2)}x`, met: t.ratioToFloor > 1.0 });
  }
  for (const t of tessera) {
    for (const p of results.filter((x) => x.role === 'peer' && x.kind === t.kind && x.handler === t.handler)) {
      out.push({
        label: `${t.name}: added µs over ${t.bare} < ${p.name}'s over ${p.bare}`,
        measured: `${t.addedUs.toFixed(1)} µs vs ${p.addedUs.toFixed(1)} µs`,
        met: t.addedUs < p.addedUs,
      });
    }
  }
  return out;
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
      'lost-update-trials': { type: 'string', default: '3' },
      docs: { type: 'boolean', default: false },
    },
  });
  try {
    await runHttpBench({
      rounds: Number(values.rounds),
      durationSeconds: Number(values.duration),
      connections: Number(values.connections),
      docs: values.docs,
      sessions: Number(values.sessions),
      lostUpdateTrials: Number(values['lost-update-trials']),
      ...(values.warmup !== undefined ? { warmupSeconds: Number(values.warmup) } : {}),
      ...(values.only !== undefined ? { only: values.only.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
