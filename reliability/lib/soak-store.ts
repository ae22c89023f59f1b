/**
 * One store's share of the soak (reliability/soak.ts): a tessera app on one adapter and store
 * in a host process, a pool of sessions, a warm-up, then the load while the host's RSS is
 * sampled every second; the verdict against the stated bounds.
 * @module
 */
import { createSessions } from '../../bench/http/lib/client.ts';
import type { AdapterName } from './apps.ts';
import { runLoad, type CannonResult } from './load.ts';
import { spawnHost } from './spawn-host.ts';
import { prepareStore, type StoreName } from './stores.ts';

/** Bytes as MB with one decimal, for messages. */
export const MB = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** Options of {@link soakStore}. */
export interface SoakOptions {
  store: StoreName;
  adapter: AdapterName;
  /** Seconds of this store's share: warm-up (a fifth, 2 to 30 s) plus load. */
  seconds: number;
  connections: number;
  /** Sessions in the pool the load reads and writes. */
  poolSize: number;
  /** The memory store's bound; the memory store is filled to it before the load. */
  maxEntries: number;
  /** Ports of a running Redis Cluster (for `redis-cluster`). */
  clusterPorts?: readonly number[];
  /** Largest RSS growth from warm-up to end that passes, in bytes. */
  rssBound: number;
  /** Largest heap growth (after a full GC) from warm-up to end that passes, in bytes. */
  heapBound: number;
  log?: (line: string) => void;
}

/** What one store's share of the soak measured. */
export interface StoreSoak {
  store: StoreName;
  adapter: AdapterName;
  warmUpSeconds: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Over warm-up and run. */
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssStart: number;
  rssEnd: number;
  rssMax: number;
  heapStart: number;
  heapEnd: number;
  /** Entries of the memory store at the end (null for other stores). */
  memoryEntries: number | null;
  /** Seconds since the run started, RSS bytes. */
  rssSamples: Array<[number, number]>;
  failures: string[];
}

function statusCodes(...results: CannonResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) for (const [code, { count }] of Object.entries(r.statusCodeStats)) out[code] = (out[code] ?? 0) + count;
  return out;
}

/**
 * Runs one store's share of the soak and judges it: any non-2xx reply, error or timeout, RSS or
 * heap growth over its bound, a memory store over its bound, each adds a line to `failures`.
 * Rejects when the host or the session set-up fails.
 */
export async function soakStore(options: SoakOptions): Promise<StoreSoak> {
  const { store: kind, adapter, connections, poolSize, maxEntries, rssBound, heapBound } = options;
  const share = options.seconds;
  const log = options.log ?? (() => {});
  const warmUpSeconds = Math.max(2, Math.min(30, Math.round(share / 5)));
  const runSeconds = share - warmUpSeconds;
  const spec = await prepareStore(kind, { memoryMaxEntries: maxEntries, clusterPorts: options.clusterPorts ?? [] });
  const host = await spawnHost([{ id: 'app', adapter, store: spec.url }]);
  try {
    const port = host.ports.app!;
    // The memory store is filled to its bound first, the pool last (most recently used): new visitors then evict old ones, never the pool.
    if (kind === 'memory') await createSessions(port, maxEntries - poolSize, 8, 600_000);
    const cookies = await createSessions(port, poolSize, 8, 600_000);
    log(`soak ${kind}: ${poolSize} sessions ready; warm-up ${warmUpSeconds} s`);
    const warm = await runLoad({ port, cookies, seconds: warmUpSeconds, connections });
    // Both ends are measured the same way: right after a full GC, so garbage the load left does not count.
    const heapStart = (await host.stats(true)).heapUsed;
    const rssStart = host.rss();
    const t0 = performance.now();
    const rssSamples: Array<[number, number]> = [[0, rssStart]];
    const sampler = setInterval(() => rssSamples.push([Math.round((performance.now() - t0) / 1000), host.rss()]), 1000);
    log(`soak ${kind}: RSS after warm-up and a full GC ${MB(rssStart)} MB; ${runSeconds} s of load`);
    let main: CannonResult;
    try {
      main = await runLoad({ port, cookies, seconds: runSeconds, connections });
    } finally {
      clearInterval(sampler);
    }
    const end = await host.stats(true);
    const rssEnd = host.rss();
    rssSamples.push([Math.round((performance.now() - t0) / 1000), rssEnd]);
    const memoryEntries = end.storeSizes[spec.url] ?? null;
    const result: StoreSoak = {
      store: kind,
      adapter,
      warmUpSeconds,
      seconds: runSeconds,
      requests: main.requests.total,
      requestsPerSecond: Math.round(main.requests.total / runSeconds),
      non2xx: warm.non2xx + main.non2xx,
      errors: warm.errors + main.errors,
      timeouts: warm.timeouts + main.timeouts,
      statusCodes: statusCodes(warm, main),
      p50Ms: main.latency.p50,
      p99Ms: main.latency.p99,
      maxMs: main.latency.max,
      rssStart,
      rssEnd,
      rssMax: Math.max(...rssSamples.map(([, rss]) => rss)),
      heapStart,
      heapEnd: end.heapUsed,
      memoryEntries,
      rssSamples,
      failures: [],
    };
    if (result.non2xx > 0) result.failures.push(`${result.non2xx} non-2xx replies (${JSON.stringify(result.statusCodes)})`);
    if (result.errors + result.timeouts > 0) result.failures.push(`${result.errors} errors, ${result.timeouts} timeouts`);
    if (rssEnd - rssStart > rssBound) result.failures.push(`RSS grew ${MB(rssEnd - rssStart)} MB (bound ${MB(rssBound)} MB)`);
    if (end.heapUsed - heapStart > heapBound) result.failures.push(`heap grew ${MB(end.heapUsed - heapStart)} MB (bound ${MB(heapBound)} MB)`);
    if (memoryEntries !== null && memoryEntries > maxEntries) result.failures.push(`memory store holds ${memoryEntries} entries, over its bound ${maxEntries}`);
    log(`soak ${kind}: ${result.requests} requests (${result.requestsPerSecond}/s), non-2xx ${result.non2xx}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, RSS ${MB(rssStart)} → ${MB(rssEnd)} MB (max ${MB(result.rssMax)})${result.failures.length > 0 ? `; FAILED: ${result.failures.join('; ')}` : ''}`);
    return result;
  } catch (error) {
    log(`soak ${kind}: host stderr:\n${host.stderr()}`);
    throw error;
  } finally {
    await host.stop();
    await spec.cleanUp();
  }
}

