/**
 * A paired A/B comparison of benchmark servers, for deciding a change on a noisy machine: the
 * servers (names in bench/http/servers) run side by side, each pinned to core 0 with wrk on
 * core 1, and are measured in alternating rounds (the order rotated each round); what counts is
 * each server's requests per second divided by the first server's in the same round, whose
 * median over rounds is printed with its range. Absolute figures drift here by 10-30% between
 * runs (docs/benchmarks.md); ratios taken within a round drift far less. Compare a change by
 * copying the server under another name that imports the other version.
 *
 * `npx tsx bench/http/compare.ts [--path /rw] [--rounds 10] [--duration 2] [--sessions 1000] SERVER SERVER...`
 * (servers compiled by esbuild, as `run.ts --compiled`). Leaves no Redis keys or Postgres
 * schemas behind (tbench:* / tbench_*).
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../lib/rounds.ts';
import { createSessions } from './lib/client.ts';
import { watchRun } from './lib/cpu.ts';
import { compileServers, killAll, pinSelf, removeCompiled, startServer, type ServerProcess } from './lib/processes.ts';
import { cleanServices, storeServerPids } from './lib/services.ts';
import { assertWrk, runWrk, writeScript } from './lib/wrk.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: '/rw' },
    rounds: { type: 'string', default: '10' },
    duration: { type: 'string', default: '2' },
    sessions: { type: 'string', default: '1000' },
  },
});
if (positionals.length < 2) {
  console.error('usage: npx tsx bench/http/compare.ts [--path /rw] [--rounds 10] [--duration 2] SERVER SERVER... (names in bench/http/servers)');
  process.exit(2);
}
const rounds = Number(values.rounds);
const duration = Number(values.duration);

/** One server's measurements, one entry per round. */
interface Series {
  server: ServerProcess;
  script: string;
  rps: number[];
  cpuUs: number[];
}

assertWrk();
pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'tessera-compare-'));
let compiledDir: string | null = null;
try {
  compiledDir = await compileServers(positionals);
  const series: Series[] = [];
  for (const name of positionals) {
    const server = await startServer(name, { cpu: 0, niceness: -10, timeoutMs: 60_000, compiledDir });
    const cookieFile = join(dir, `${name}.cookies`);
    writeFileSync(cookieFile, (await createSessions(server.port, Number(values.sessions))).join('\n') + '\n');
    series.push({ server, script: writeScript(dir, name, cookieFile, values.path), rps: [], cpuUs: [] });
  }
  const load = (s: Series, seconds: number) => runWrk({ port: s.server.port, script: s.script, connections: 50, durationSeconds: seconds, cpu: 1, niceness: -10 });
  for (const s of series) await load(s, 2); // warm-up
  const helpers = storeServerPids();
  for (let round = 0; round < rounds; round++) {
    const order = [...series.slice(round % series.length), ...series.slice(0, round % series.length)];
    for (const s of order) {
      const watch = watchRun(s.server.child.pid!, 0, 1, helpers);
      const w = await load(s, duration);
      const cpu = watch.stop();
      s.rps.push(w.rps);
      s.cpuUs.push((cpu.serverCpuSeconds * 1e6) / Math.max(1, w.requests));
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const first = series[0]!;
  console.log(`${values.path}, ${rounds} alternating rounds × ${duration} s, 50 connections; ratio: req/s ÷ ${first.server.name}'s in the same round`);
  for (const s of series) {
    const ratios = s.rps.map((r, i) => r / first.rps[i]!);
    console.log(
      `${s.server.name.padEnd(36)} ${Math.round(median(s.rps)).toLocaleString('en-US').padStart(8)} req/s  ${median(s.cpuUs).toFixed(1).padStart(6)} server CPU µs/req  ` +
        `ratio ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  }
} finally {
  killAll();
  if (compiledDir !== null) removeCompiled(compiledDir);
  rmSync(dir, { recursive: true, force: true });
  await cleanServices(['redis', 'postgres']);
}
