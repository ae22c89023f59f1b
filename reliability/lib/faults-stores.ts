/**
 * The store servers the fault experiment crashes: a private redis-server (AOF, fsync on every
 * write) and a private Postgres cluster, each on a free loopback port in its own temporary
 * directory, started through the test helpers. The shared servers (6379, 5432) are never touched.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { cannotStartPostgres, postgresBinDir, startTempPostgres } from '../../test/helpers/postgres-server.ts';
import { redisBinariesAvailable, startRedisServer } from '../../test/helpers/redis-server.ts';

/** The stores the experiment knows. */
export const FAULT_STORES = ['redis', 'postgres'] as const;
/** One of {@link FAULT_STORES}. */
export type FaultStoreName = (typeof FAULT_STORES)[number];

/** A store server the experiment owns: it can crash it and start it again on the same port and data. */
export interface FaultTarget {
  readonly name: FaultStoreName;
  /** For the report, e.g. `Redis 7.0.15 (AOF, appendfsync always)`. */
  readonly label: string;
  /** The URL the app's `createStoreFromUrl` gets, with the operation timeout. */
  storeUrl(timeoutMs: number): string;
  /** SIGKILLs the server (every process of it); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. Never throws. */
  stop(): Promise<void>;
}

/** Why `name`'s server cannot be started on this machine, or null when it can. */
export function faultTargetUnavailable(name: FaultStoreName): string | null {
  if (name === 'redis') return redisBinariesAvailable ? null : 'redis-server/redis-cli not on PATH (apt-get install redis-server)';
  return cannotStartPostgres();
}

const redisVersion = () => /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8', timeout: 5000 }).stdout ?? '')?.[1] ?? '?';

/** Starts a private server for `name`. */
export async function startFaultTarget(name: FaultStoreName): Promise<FaultTarget> {
  if (name === 'redis') {
    // AOF with an fsync before every reply: a write Redis acknowledged survives a SIGKILL.
    const server = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always']);
    return {
      name,
      label: `Redis ${redisVersion()} (AOF, appendfsync always)`,
      storeUrl: (timeoutMs) => `${server.url}/0?timeoutMs=${timeoutMs}`,
      kill: () => server.kill('SIGKILL'),
      restart: () => server.restart(),
      stop: () => server.stop().catch(() => {}),
    };
  }
  const server = await startTempPostgres();
  const { host, port, user, database } = server.connection;
  return {
    name,
    label: `Postgres ${basename(dirname(postgresBinDir() ?? '/?/bin'))}`,
    storeUrl: (timeoutMs) => `postgres://${user}@${host}:${port}/${database}?timeoutMs=${timeoutMs}`,
    kill: () => server.kill(),
    restart: () => server.start(),
    stop: () => server.destroy(),
  };
}
