// A throwaway Postgres server for fault tests: initdb in a temp dir, started and stopped with
// pg_ctl as the `postgres` OS user (Postgres refuses to run as root), listening on a free
// loopback port, trust auth. Every external command is time-bounded.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest installed Postgres' bin directory, or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

/** Why a throwaway server cannot be started here, or null when it can. */
export function cannotStartPostgres(): string | null {
  if (postgresBinDir() === null) return 'no Postgres binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)';
  if (process.getuid?.() !== 0) return 'starting a throwaway Postgres needs root (to run it as the postgres user with runuser)';
  return null;
}

/** A running throwaway server. */
export interface TempPostgres {
  readonly port: number;
  /** Connection settings for pg (database `postgres`, user `postgres`, trust auth). */
  readonly connection: { host: string; port: number; user: string; database: string };
  /** Starts the server (again) on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server: `fast` (clean shutdown) or `immediate` (like a crash; recovery runs at the next start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** Freezes every server process (SIGSTOP): connections stay open but nothing answers. */
  freeze(): void;
  /** Undoes {@link freeze}. */
  thaw(): void;
  /** SIGKILLs every server process (a crash: no shutdown, recovery runs at the next `start`) and waits until they are gone. */
  kill(): Promise<void>;
  /** Thaws, stops (immediate) and deletes the data directory. Never throws. */
  destroy(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** initdb and start a server; the caller must `destroy()` it (in an `after` hook). */
export async function startTempPostgres(): Promise<TempPostgres> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error('no Postgres binaries under /usr/lib/postgresql/*/bin');
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  mkdirSync(sockets);
  for (const path of [dir, sockets]) chownSync(path, uid, gid);
  const asPostgres = (command: string, args: string[], timeout: number) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeout, cwd: dir });
  const port = await freePort();
  const serverOptions = `-p ${port} -h 127.0.0.1 -k ${sockets} -c fsync=off -c max_connections=40`;
  let stopped = true;
  let frozen = false;
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  /** The postmaster, then its children (each backend is its own process group, so a group signal is not enough). */
  const serverPids = () => {
    const postmaster = postmasterPid();
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false; // exited meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of serverPids()) {
      try {
        process.kill(pid, sig);
      } catch {
        // exited meanwhile
      }
    }
  };

  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'], 60_000);
  const server: TempPostgres = {
    port,
    connection: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' },
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '30', 'start'], 40_000);
      stopped = false;
    },
    async stop(mode) {
      await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'], 40_000);
      stopped = true;
    },
    freeze() {
      signal('SIGSTOP');
      frozen = true;
    },
    thaw() {
      signal('SIGCONT');
      frozen = false;
    },
    async kill() {
      const pids = serverPids();
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      const gone = (pid: number) => {
        try {
          return /^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); // a zombie awaiting its parent counts as gone
        } catch {
          return true;
        }
      };
      const deadline = Date.now() + 10_000;
      while (!pids.every(gone)) {
        if (Date.now() > deadline) throw new Error(`temporary Postgres on port ${port}: processes ${pids.join(', ')} outlived SIGKILL by 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      stopped = true;
      frozen = false;
    },
    async destroy() {
      try {
        if (frozen) server.thaw();
        if (!stopped || existsSync(join(data, 'postmaster.pid'))) await server.stop('immediate');
      } catch (err) {
        console.warn(`temporary Postgres on port ${port}: stop failed (${(err as Error).message}); log in ${dir}/server.log`);
        try {
          signal('SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}
