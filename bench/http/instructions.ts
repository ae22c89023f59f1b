/**
 * Instructions per request of benchmark servers, counted by valgrind's callgrind: a measure
 * that does not move with the machine's load, for changes too small for wall-clock runs to show
 * here (docs/benchmarks.md, "Reading the figures"). Each server (compiled by esbuild, as
 * `run.ts --compiled`) runs under callgrind; a client in this process creates the sessions,
 * sends warm-up requests (so V8 has compiled the hot paths: with 3,000, TurboFan's background
 * compilations still ran during the measured requests, 10–25% of the total and different for
 * each contender; 20,000 leaves about 3%, the same for all), zeroes the counters
 * (`callgrind_control -z`), sends the measured requests, and dumps the counters
 * (`callgrind_control -d`). The figure is the dump's instruction total divided by the measured
 * requests: user-space instructions of every thread of the server (JavaScript, V8's compilers
 * and garbage collector, libuv, OpenSSL), not kernel time. Repeated runs agree within about 1%.
 *
 * `npx tsx bench/http/instructions.ts [--path /rw] [--requests 4000] [--warmup 20000] [--sessions 100] [--keep DIR] SERVER SERVER...`
 * (names in bench/http/servers; `--keep DIR` keeps each dump as `DIR/<server>.callgrind` for
 * `callgrind_annotate`, which names V8's builtins and Node's C++ but not JIT-compiled JavaScript). Needs valgrind (Debian package `valgrind`); about 35 s per server.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { createSessions, get } from './lib/client.ts';
import { commandExists, compileServers, freePort, removeCompiled, ROOT } from './lib/processes.ts';
import { cleanServices } from './lib/services.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: '/rw' },
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '20000' },
    sessions: { type: 'string', default: '100' },
    keep: { type: 'string' },
  },
});
if (positionals.length === 0) {
  console.error('usage: npx tsx bench/http/instructions.ts [--path /rw] [--requests 4000] [--warmup 20000] [--sessions 100] SERVER SERVER... (names in bench/http/servers)');
  process.exit(2);
}
if (!commandExists('valgrind') || !commandExists('callgrind_control', ['-h'])) {
  console.error('valgrind is not installed: apt-get install -y valgrind');
  process.exit(2);
}
const requests = Number(values.requests);
const warmup = Number(values.warmup);

/** Sends `count` requests for `path`, 8 at a time over keep-alive, rotating through `cookies`; throws on a non-200 answer. */
async function drive(port: number, path: string, cookies: readonly string[], count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const reply = await get(port, path, cookies[i % cookies.length]!, agent, 120_000);
      if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${reply.body}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    agent.destroy();
  }
}

/** Runs `callgrind_control <flag> <pid>` (zero or dump), throwing when it fails. */
function control(flag: '-z' | '-d', pid: number): void {
  const result = spawnSync('callgrind_control', [flag, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${flag} ${pid} failed: ${result.stderr}`);
}

/** Starts `<dir>/<name>.mjs` under callgrind; resolves once it listens. */
function startUnderCallgrind(dir: string, name: string, out: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${join(out, 'callgrind.%p')}`, '--smc-check=all-non-file', process.execPath, join(dir, `${name}.mjs`), String(port)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start under valgrind within 300 s`)), 300_000);
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(`listening ${port}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) under valgrind before listening`));
    });
  });
}

/** The instruction total of the dump `callgrind_control -d` wrote in `out` (`callgrind.<pid>.<n>`). */
function dumpedInstructions(out: string, keepAs: string | null): number {
  const dump = readdirSync(out).find((f) => /^callgrind\.\d+\.\d+$/.test(f));
  if (dump === undefined) throw new Error(`callgrind wrote no dump in ${out}`);
  if (keepAs !== null) copyFileSync(join(out, dump), keepAs);
  const text = readFileSync(join(out, dump), 'utf8');
  const line = /^summary:\s+(\d+)/m.exec(text) ?? /^totals:\s+(\d+)/m.exec(text);
  if (line === null) throw new Error('no instruction total in the callgrind dump');
  return Number(line[1]);
}

const dir = await compileServers(positionals);
const results: Array<[string, number]> = [];
try {
  for (const name of positionals) {
    const out = mkdtempSync(join(tmpdir(), 'tessera-callgrind-'));
    const port = await freePort();
    const child = await startUnderCallgrind(dir, name, out, port);
    try {
      const cookies = await createSessions(port, Number(values.sessions), 8, 300_000);
      await drive(port, values.path, cookies, warmup);
      control('-z', child.pid!);
      await drive(port, values.path, cookies, requests);
      control('-d', child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const perRequest = dumpedInstructions(out, values.keep === undefined ? null : join(values.keep, `${name}.callgrind`)) / requests;
      results.push([name, perRequest]);
      console.log(`${name.padEnd(28)} ${values.path}  ${Math.round(perRequest).toLocaleString('en-US').padStart(9)} instructions/request`);
    } finally {
      child.kill('SIGKILL');
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  removeCompiled(dir);
  // The servers were killed (SIGKILL: callgrind must not write a second dump), so they removed nothing of their own.
  await cleanServices(['redis', 'postgres']);
  for (const file of readdirSync(tmpdir())) if (/^tbench-\d+\.db(-wal|-shm)?$/.test(file)) rmSync(join(tmpdir(), file), { force: true });
}
const [baseName, base] = results[0]!;
console.log(`\nratio to ${baseName} (instructions/request; below 1 is fewer):`);
for (const [name, n] of results) console.log(`  ${name.padEnd(28)} ${(n / base).toFixed(3)}`);
