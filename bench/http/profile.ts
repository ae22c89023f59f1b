/**
 * Where one HTTP contender spends its time: runs its server under `node --cpu-prof`
 * (pinned to core 0), loads it with wrk (core 1) as the benchmark does, stops it so the
 * profile is written, and prints the functions with the most self time.
 *
 * `npx tsx bench/http/profile.ts --server tessera-signed --path /rw [--duration 10] [--top 30] [--compiled]`
 * (`--compiled`: the server compiled by esbuild without keepNames, as in `run.ts --compiled`).
 * @module
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createSessions } from './lib/client.ts';
import { ROOT, compileServers, killAll, pinSelf, removeCompiled, startServer } from './lib/processes.ts';
import { assertWrk, runWrk, writeScript } from './lib/wrk.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name + file:line), largest first, as [label, microseconds]. */
export function selfTimes(profile: Profile): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const file = frame.url.startsWith('file://') ? relative(ROOT, new URL(frame.url).pathname) : frame.url;
    const label = `${frame.functionName || '(anonymous)'}  ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    totals.set(label, (totals.get(label) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'tessera-signed' },
    path: { type: 'string', default: '/rw' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    sessions: { type: 'string', default: '1000' },
    top: { type: 'string', default: '30' },
    compiled: { type: 'boolean', default: false },
  },
});

assertWrk();
pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'tessera-http-profile-'));
let compiledDir: string | null = null;
process.once('SIGINT', () => {
  killAll();
  if (compiledDir !== null) removeCompiled(compiledDir);
  rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});
try {
  compiledDir = values.compiled ? await compileServers([values.server]) : null;
  const server = await startServer(values.server, { cpu: 0, niceness: -10, timeoutMs: 60_000, nodeArgs: ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir], compiledDir });
  const cookies = await createSessions(server.port, Number(values.sessions));
  const cookieFile = join(dir, 'cookies');
  writeFileSync(cookieFile, cookies.join('\n') + '\n');
  const script = writeScript(dir, 'profile', cookieFile, values.path);
  const w = await runWrk({ port: server.port, script, connections: Number(values.connections), durationSeconds: Number(values.duration), cpu: 1, niceness: -10 });
  console.log(`${values.server} ${values.path}: ${Math.round(w.rps)} req/s under the profiler (${w.socketErrors + w.badStatus} errors)`);
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.stdin!.end(); // the server exits normally, so the profile is written
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no .cpuprofile was written');
  const times = selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
  const total = times.reduce((n, [, t]) => n + t, 0);
  console.log(`top ${values.top} functions by self time (${(total / 1e6).toFixed(1)} s sampled, idle included):`);
  for (const [label, t] of times.slice(0, Number(values.top))) {
    console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${label}`);
  }
} finally {
  killAll();
  if (compiledDir !== null) removeCompiled(compiledDir);
  rmSync(dir, { recursive: true, force: true });
}
