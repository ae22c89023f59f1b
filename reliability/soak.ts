/**
 * `npm run soak`: load and soak. For each store (memory, SQLite, Redis, Postgres by default;
 * `redis-cluster` on request), a tessera app on one adapter (node:http by default) runs in its
 * own process and autocannon drives it from here with 50 connections: 75 % read-only and 20 %
 * read-write requests on a pool of existing sessions, 5 % first visits of new visitors. The
 * total time is split evenly between the stores; each store's share starts with a warm-up
 * (a fifth, 2 to 30 s). Reported per store: requests, non-2xx replies, errors and timeouts,
 * p50 and p99 latency, the server's RSS after warm-up and at the end (both right after a full
 * GC, heap beside them) and its maximum during the load, sampled every second. The memory store
 * is bounded (`--max-entries`) and filled to its bound before the load, so what grows is not
 * sessions.
 *
 * Then the memory store under a flood of distinct visitors (`--visitors`, default a million),
 * in-process: entries never exceed the bound, heap and RSS stay flat after warm-up.
 *
 * Fails (exit 1) on any non-2xx reply, error or timeout (no faults are injected here), on RSS
 * growth from warm-up to end over `--rss-growth-mb` (default 64) or heap growth over
 * `--heap-growth-mb` (default 8), on a memory store over its bound, and when a store is skipped.
 *
 * Options: `--seconds N` (default 600), `--stores a,b`, `--adapter node|web|express|...`,
 * `--connections N` (50), `--sessions N` (pool, 1000), `--visitors N` (0 skips the flood),
 * `--max-entries N` (10000), `--json FILE`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redisBinariesAvailable, startRedisCluster, type RedisCluster } from '../test/helpers/redis-server.ts';
import { ADAPTERS, type AdapterName } from './lib/apps.ts';
import { memoryBound, type MemoryBoundResult } from './lib/memory-bound.ts';
import { MB, soakStore, type StoreSoak } from './lib/soak-store.ts';
import { STORES, storeProblem, type StoreName } from './lib/stores.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    stores: { type: 'string', default: 'memory,sqlite,redis,postgres' },
    adapter: { type: 'string', default: 'node' },
    connections: { type: 'string', default: '50' },
    sessions: { type: 'string', default: '1000' },
    visitors: { type: 'string', default: '1000000' },
    'max-entries': { type: 'string', default: '10000' },
    'rss-growth-mb': { type: 'string', default: '64' },
    'heap-growth-mb': { type: 'string', default: '8' },
    json: { type: 'string' },
  },
});
const int = (name: keyof typeof values, min = 1): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${String(values[name])}`);
  return n;
};
const seconds = int('seconds', 4);
const connections = int('connections');
const poolSize = int('sessions');
const visitors = int('visitors', 0);
const maxEntries = int('max-entries');
const rssBound = int('rss-growth-mb', 0) * 2 ** 20;
const heapBound = int('heap-growth-mb', 0) * 2 ** 20;
if (!(ADAPTERS as readonly string[]).includes(values.adapter)) throw new Error(`unknown adapter ${values.adapter}; known: ${ADAPTERS.join(', ')}`);
const adapter = values.adapter as AdapterName;
const stores = values.stores.split(',').map((s) => {
  if (!(STORES as readonly string[]).includes(s) || s === 'memory-deferred') throw new Error(`unknown store ${s}; known: ${STORES.filter((k) => k !== 'memory-deferred').join(', ')}`);
  return s as StoreName;
});
if (poolSize >= maxEntries && stores.includes('memory')) throw new Error('--sessions must be below --max-entries (the pool lives in the bounded memory store)');

const log = (line: string) => process.stderr.write(`${line}\n`);

const failures: string[] = [];
const soaks: StoreSoak[] = [];
const skipped: Record<string, string> = {};
const share = Math.floor(seconds / stores.length);
let cluster: RedisCluster | null = null;
try {
  for (const kind of stores) {
    const problem = kind === 'redis-cluster' && !redisBinariesAvailable ? 'redis-server is not on PATH' : await storeProblem(kind);
    if (problem !== null) {
      skipped[kind] = problem;
      failures.push(`${kind} skipped: ${problem}`);
      log(`soak ${kind}: SKIPPED (${problem})`);
      continue;
    }
    if (kind === 'redis-cluster') cluster = await startRedisCluster(3);
    try {
      const result = await soakStore({ store: kind, adapter, seconds: share, connections, poolSize, maxEntries, rssBound, heapBound, log, clusterPorts: cluster?.nodes.map((n) => n.port) ?? [] });
      soaks.push(result);
      failures.push(...result.failures.map((f) => `${kind}: ${f}`));
    } finally {
      await cluster?.stop();
      cluster = null;
    }
  }
} finally {
  await cluster?.stop();
}

let flood: (MemoryBoundResult & { heapGrowth: number; rssGrowth: number }) | null = null;
if (visitors > 0) {
  log(`memory store bound: ${visitors} distinct visitors into maxEntries ${maxEntries}`);
  const r = await memoryBound({ visitors, maxEntries, onSample: (s) => log(`  ${s.visitors} visitors: ${s.size} entries, heap ${MB(s.heapUsed)} MB, RSS ${MB(s.rss)} MB`) });
  const first = r.samples[0]!;
  const last = r.samples.at(-1)!;
  flood = { ...r, heapGrowth: last.heapUsed - first.heapUsed, rssGrowth: last.rss - first.rss };
  if (r.maxSize > maxEntries) failures.push(`memory flood: the store held ${r.maxSize} entries, over its bound ${maxEntries}`);
  if (flood.heapGrowth > heapBound) failures.push(`memory flood: heap grew ${MB(flood.heapGrowth)} MB after warm-up (bound ${MB(heapBound)} MB)`);
  if (flood.rssGrowth > rssBound) failures.push(`memory flood: RSS grew ${MB(flood.rssGrowth)} MB after warm-up (bound ${MB(rssBound)} MB)`);
}

const out: string[] = [
  `Soak: ${seconds} s in total over ${stores.length} store(s), tessera on ${adapter}, ${connections} connections, a pool of ${poolSize} sessions; 75 % /ro, 20 % /rw, 5 % new visitors.`,
  '',
  '| store | requests | req/s | non-2xx | errors + timeouts | p50 | p99 | max | RSS after warm-up | RSS at end | RSS max during load | heap, start → end |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const s of soaks) {
  out.push(`| ${s.store} | ${s.requests} | ${s.requestsPerSecond} | ${s.non2xx} | ${s.errors + s.timeouts} | ${s.p50Ms} ms | ${s.p99Ms} ms | ${s.maxMs} ms | ${MB(s.rssStart)} MB | ${MB(s.rssEnd)} MB | ${MB(s.rssMax)} MB | ${MB(s.heapStart)} → ${MB(s.heapEnd)} MB |`);
}
for (const [kind, problem] of Object.entries(skipped)) out.push(`| ${kind} | skipped: ${problem} |||||||||||`);
if (flood !== null) {
  const first = flood.samples[0]!;
  const last = flood.samples.at(-1)!;
  out.push(
    '',
    `Memory store flood: ${flood.visitors} distinct visitors (new sessions) into maxEntries ${flood.maxEntries}, in ${flood.seconds.toFixed(0)} s: at most ${flood.maxSize} entries, ${flood.evictions} evicted; after warm-up (${first.visitors} visitors) heap ${MB(first.heapUsed)} → ${MB(last.heapUsed)} MB, RSS ${MB(first.rss)} → ${MB(last.rss)} MB (between ${MB(Math.min(...flood.samples.map((x) => x.rss)))} and ${MB(Math.max(...flood.samples.map((x) => x.rss)))} MB over ${flood.samples.length} samples, each after a full GC).`,
  );
}
out.push('', failures.length === 0 ? 'PASS' : `FAIL:\n- ${failures.join('\n- ')}`);
console.log(out.join('\n'));

if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ seconds, adapter, connections, poolSize, maxEntries, soaks, skipped, flood, failures }, null, 2)}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
