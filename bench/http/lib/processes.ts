/**
 * Child processes of the HTTP benchmark: servers (`taskset -c 0 node --import tsx
 * bench/http/servers/<name>.ts PORT`) and load generators. Every child is tracked so one call
 * (also from the SIGINT/SIGTERM/exit handlers) ends them all; every wait is bounded in time.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root (children run there so `--import tsx` resolves). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const children = new Set<ChildProcess>();

/** Tracks `child` until it exits, so {@link killAll} can end it. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Ends every child still running (SIGTERM, then SIGKILL for servers that linger). */
export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  const stubborn = [...children];
  if (stubborn.length === 0) return;
  setTimeout(() => {
    for (const child of stubborn) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 2000).unref();
}

/** Whether `cmd` can be run (spawnSync fails with ENOENT when it is not installed). */
export function commandExists(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
  return r.error === undefined;
}

/** Pins this process (all its threads) to `cpu`, so the harness stays off the server's core. */
export function pinSelf(cpu: number): void {
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore', timeout: 5000 });
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Where {@link compileServers} puts its output (one fresh directory per run, so runs side by
 * side do not delete each other's files): inside node_modules, so the bundles' bare imports
 * (express, fastify, ...) resolve to the project's packages, and nothing lands in git.
 */
export const COMPILED_ROOT = join(ROOT, 'node_modules', '.cache', 'tessera-http-bench');

/**
 * Compiles `bench/http/servers/<name>.ts` for each name into one plain ESM file each
 * (tessera's sources bundled in, npm packages left external). Why: tsx transpiles with
 * esbuild's `keepNames`, which wraps every function created at run time in a `__name()` call
 * (an `Object.defineProperty`); a published package, compiled by tsc, has no such call, and
 * the peers are plain JavaScript. Returns the directory holding `<name>.mjs`.
 */
export async function compileServers(names: readonly string[]): Promise<string> {
  mkdirSync(COMPILED_ROOT, { recursive: true });
  const dir = mkdtempSync(join(COMPILED_ROOT, 'run-'));
  await build({
    absWorkingDir: ROOT,
    entryPoints: names.map((n) => `bench/http/servers/${n}.ts`),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    keepNames: false,
    logLevel: 'error',
  });
  return dir;
}

/** Removes a directory made by {@link compileServers}. */
export function removeCompiled(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A running benchmark server. */
export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** The last few KB of its stderr, for error messages. */
  stderr: () => string;
}

/**
 * The command prefix running a program pinned to `cpu` at `niceness`: `nice -n N taskset -c CPU`
 * (`taskset -c CPU` alone for niceness 0). Why a higher priority: on a shared machine the
 * scheduler moves other processes onto the less busy core, which is wrk's, and a starved wrk
 * cannot keep the server busy; `nice` exec()s `taskset`, which exec()s the program, so the
 * child's pid stays the program's. Without the privilege for a negative niceness, `nice` warns
 * and runs the program at normal priority.
 */
export function pinned(cpu: number, niceness: number): [string, ...string[]] {
  return niceness === 0 ? ['taskset', '-c', String(cpu)] : ['nice', '-n', String(niceness), 'taskset', '-c', String(cpu)];
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Core to pin the server to. */
  cpu: number;
  /** Default 0 (normal priority); see {@link pinned}. */
  niceness?: number;
  timeoutMs?: number;
  /** node flags before the entry point (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Run `<compiledDir>/<name>.mjs` (see {@link compileServers}) instead of the TypeScript through tsx. */
  compiledDir?: string | null;
}

/**
 * Starts `bench/http/servers/<name>.ts` pinned to a core and resolves once it prints
 * `listening <port>`. Rejects (and kills it) after `timeoutMs` (default 30 s) or if it exits first.
 */
export function startServer(name: string, options: StartServerOptions): Promise<ServerProcess> {
  const { cpu, niceness = 0, timeoutMs = 30_000, nodeArgs = [], compiledDir = null } = options;
  const entry = compiledDir === null ? ['--import', 'tsx', `bench/http/servers/${name}.ts`] : [join(compiledDir, `${name}.mjs`)];
  const [command, ...prefix] = pinned(cpu, niceness);
  return freePort().then(
    (port) =>
      new Promise<ServerProcess>((resolve, reject) => {
        const child = track(
          spawn(command, [...prefix, process.execPath, ...nodeArgs, ...entry, String(port)], {
            cwd: ROOT,
            // stdin stays open: the server exits when it closes (the harness died).
            stdio: ['pipe', 'pipe', 'pipe'],
            env: { ...process.env, NODE_ENV: 'production' },
          }),
        );
        let err = '';
        let out = '';
        child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
        const server: ServerProcess = { name, port, child, stderr: () => err };
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`server ${name} did not start within ${timeoutMs} ms\n${err}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
          clearTimeout(timer);
          reject(new Error(`server ${name} exited (code ${code}) before listening\n${err}`));
        };
        child.once('exit', onExit);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes(`listening ${port}`)) {
            clearTimeout(timer);
            child.off('exit', onExit);
            resolve(server);
          }
        });
      }),
  );
}
