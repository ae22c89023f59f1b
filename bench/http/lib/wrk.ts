/**
 * Runs wrk (the load generator, pinned to its own core) and reads its figures from a Lua
 * `done` hook. The Lua script rotates through a file of Cookie headers (one session each), so
 * a store sees many sessions and concurrent requests rarely hit the same one; requests are
 * formatted once in `init`, which keeps wrk's own cost per request minimal.
 * @module
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, pinned, track } from './processes.ts';

/** Throws with the install command when wrk is not on the PATH. */
export function assertWrk(): void {
  if (!commandExists('wrk', ['--version']) && !commandExists('wrk', ['-v'])) {
    throw new Error('wrk is not installed: the HTTP benchmark needs it as its load generator. Install it with `apt-get install -y wrk` (Debian/Ubuntu).');
  }
  if (!commandExists('taskset', ['-V'])) {
    throw new Error('taskset is not installed (it pins the server and wrk to separate cores): `apt-get install -y util-linux`.');
  }
}

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  durationUs: number;
  rps: number;
  p50Us: number;
  p99Us: number;
  /** connect + read + write + timeout errors, and non-2xx/3xx responses. */
  socketErrors: number;
  badStatus: number;
}

const luaString = (s: string) => JSON.stringify(s); // a JSON string literal of ASCII is a valid Lua string literal

/** Writes the Lua script requesting `path` with the cookies of `cookieFile`, one per line, in turn. */
export function writeScript(dir: string, name: string, cookieFile: string, path: string): string {
  const file = join(dir, `${name}.lua`);
  writeFileSync(
    file,
    `local requests = {}
local i = 0
local n = 0
function init(args)
  for line in io.lines(${luaString(cookieFile)}) do
    if #line > 0 then
      n = n + 1
      requests[n] = wrk.format("GET", ${luaString(path)}, { ["Cookie"] = line })
    end
  end
  -- Why a thread-dependent start: several wrk threads would otherwise walk the sessions in step.
  i = math.random(0, n - 1)
end
function request()
  i = i % n + 1
  return requests[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %.1f %.1f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
`,
  );
  return file;
}

/** Runs wrk pinned to `cpu` (see `pinned`) against 127.0.0.1:`port` and resolves its figures (bounded by a kill timer). */
export function runWrk(options: { port: number; script: string; connections: number; durationSeconds: number; cpu: number; niceness?: number }): Promise<WrkResult> {
  const { port, script, connections, durationSeconds, cpu, niceness = 0 } = options;
  const [command, ...prefix] = pinned(cpu, niceness);
  const args = [...prefix, 'wrk', '-t', '1', '-c', String(connections), '-d', `${durationSeconds}s`, '--timeout', '5s', '-s', script, `http://127.0.0.1:${port}/`];
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (durationSeconds + 20) * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const m = /WRKRESULT (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)/.exec(out);
      if (code !== 0 || m === null) return reject(new Error(`wrk failed (exit ${code}):\n${out}`));
      const requests = Number(m[1]);
      const durationUs = Number(m[2]);
      resolve({
        requests,
        durationUs,
        rps: requests / (durationUs / 1e6),
        socketErrors: Number(m[3]),
        badStatus: Number(m[4]),
        p50Us: Number(m[5]),
        p99Us: Number(m[6]),
      });
    });
  });
}
