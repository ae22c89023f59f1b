/**
 * Child processes of the HTTP benchmark: servers (`taskset -c 0 node --import tsx
 * bench/http/servers/<name>.ts PORT`) and load generators. Every child is tracked so one call
 * (also from the SIGINT/SIGTERM/exit handlers) ends them all; every wait is bounded in time.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

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

/** A running benchmark server. */
export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** The last few KB of its stderr, for error messages. */
  stderr: () => string;
}

/**
 * Starts `bench/http/servers/<name>.ts` pinned to `cpu` and resolves once it prints
 * `listening <port>`. Rejects (and kills it) after `timeoutMs` or if it exits first.
 * `nodeArgs` go before `--import tsx` (e.g. `--cpu-prof`).
 */
export function startServer(name: string, cpu: number, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  return freePort().then(
    (port) =>
      new Promise<ServerProcess>((resolve, reject) => {
        const child = track(
          spawn('taskset', ['-c', String(cpu), process.execPath, ...nodeArgs, '--import', 'tsx', `bench/http/servers/${name}.ts`, String(port)], {
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
