/**
 * Starts throwaway redis-server processes (and a 3-master Redis Cluster) on free loopback ports,
 * each in its own temporary directory, for tests that need a server they control (killing it,
 * restarting it, measuring it). Everything started is killed and removed by `stop()`, and, should
 * the test process exit first, by an exit hook, so no server outlives its test file.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when the `redis-server` and `redis-cli` binaries are on PATH. */
export const redisBinariesAvailable = ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version']).status === 0);

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs one redis-cli command against a local port; resolves its trimmed output. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
  return stdout.trim();
}

/** Polls `check` every 50 ms until it resolves true; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const live = new Set<{ proc: ChildProcess | null; dir: string }>();
process.once('exit', () => {
  for (const s of live) {
    s.proc?.kill('SIGKILL');
    rmSync(s.dir, { recursive: true, force: true });
  }
});

/** A redis-server process the test owns. */
export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  readonly url: string;
  /** Kills the process (SIGKILL by default: a crash, not a shutdown) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers. */
  freeze(): void;
  /** Undoes {@link RedisServer.freeze}. */
  thaw(): void;
  /** Starts the server again on the same port and directory (after `kill`), waiting until it answers. */
  restart(): Promise<void>;
  /** Kills the process and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port in a fresh temporary directory, with no persistence unless
 * `args` asks for it (e.g. `['--appendonly', 'yes']`), and waits until it answers PING.
 */
export async function startRedisServer(args: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const state = { proc: null as ChildProcess | null, dir: mkdtempSync(join(tmpdir(), `tessera-redis-${port}-`)) };
  live.add(state);
  const argv = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', state.dir, '--logfile', 'redis.log', ...args];
  const launch = async () => {
    const proc = spawn('redis-server', argv, { stdio: 'ignore' });
    state.proc = proc;
    proc.once('exit', () => {
      if (state.proc === proc) state.proc = null;
    });
    await waitUntil(`redis-server on port ${port}`, async () => (await redisCli(port, 'PING')) === 'PONG');
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = state.proc;
    if (proc === null) return;
    proc.kill('SIGCONT');
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  };
  const server: RedisServer = {
    port,
    dir: state.dir,
    url: `redis://127.0.0.1:${port}`,
    kill,
    freeze: () => void state.proc?.kill('SIGSTOP'),
    thaw: () => void state.proc?.kill('SIGCONT'),
    restart: launch,
    stop: async () => {
      await kill();
      rmSync(state.dir, { recursive: true, force: true });
      live.delete(state);
    },
  };
  try {
    await launch();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** A Redis Cluster of masters the test owns. */
export interface RedisCluster {
  readonly nodes: RedisServer[];
  /** Kills every node and removes their directories. */
  stop(): Promise<void>;
}

/**
 * Starts `masters` cluster-enabled servers, joins them with `redis-cli --cluster create`
 * (no replicas) and waits (bounded) until every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      nodes.push(await startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000']));
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    for (const node of nodes) {
      await waitUntil(`cluster_state:ok on port ${node.port}`, async () => (await redisCli(node.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), 20_000);
    }
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
