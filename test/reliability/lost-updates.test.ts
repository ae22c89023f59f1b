/**
 * The lost-update experiment as a test: on every store × every adapter, over real HTTP on
 * loopback against a server in its own process, 100 parallel requests on one session each set
 * their own key, and every key is kept. The full side-by-side report with the peers is
 * `npm run lost-updates` (reliability/lost-updates.ts).
 *
 * Every app runs with the default `commitAttempts` (128). At a low bound (the former default,
 * 16, or the 4 used below), 100 writers racing on one session exhaust the compare-and-swap
 * retries wherever loads and commits interleave (most of them on Postgres; a few on Redis,
 * Redis Cluster and the deferred memory store on a busy machine), and those requests get
 * SessionConflictError (409 here). The last tests pin that down: what the retries cannot land
 * is refused, never silently dropped. (The plain memory store and SQLite answer within the
 * request's macrotask, so their requests never interleave.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADAPTERS } from '../../reliability/lib/apps.ts';
import type { HostApp } from '../../reliability/lib/host.ts';
import { PARALLEL, serverModeTrials } from '../../reliability/lib/lost-update.ts';
import { spawnHost, type Host } from '../../reliability/lib/spawn-host.ts';
import { STORES, prepareStore, storeProblem, type StoreName, type StoreSpec } from '../../reliability/lib/stores.ts';
import { redisBinariesAvailable, startRedisCluster, type RedisCluster } from '../helpers/redis-server.ts';

/** A compare-and-swap bound too low for a 100-writer burst (see the module comment). */
const LOW_ATTEMPTS = 4;
/** The stores also checked at the low bound. */
const LOW_BOUND = ['memory-deferred', 'redis', 'postgres'] as const;

/** Why each store cannot run here (null when it can); in CI nothing may be skipped. */
const problems = new Map<StoreName, string | null>();
for (const kind of STORES) {
  const problem = kind === 'redis-cluster' && !redisBinariesAvailable ? 'redis-server is not on PATH' : await storeProblem(kind);
  if (problem !== null) {
    if (process.env.CI) throw new Error(`${problem} (CI is set, so the lost-update tests may not skip)`);
    console.warn(`\n!!! SKIPPING the lost-update tests on ${kind}: ${problem}\n`);
  }
  problems.set(kind, problem);
}
const runnable = STORES.filter((kind) => problems.get(kind) === null);

describe('lost updates: 100 parallel writes on one session, every store × every adapter', () => {
  let cluster: RedisCluster | null = null;
  const specs = new Map<StoreName, StoreSpec>();
  let host: Host;

  before(async () => {
    if (runnable.includes('redis-cluster')) cluster = await startRedisCluster(3);
    const apps: HostApp[] = [];
    for (const kind of runnable) {
      const spec = await prepareStore(kind, { clusterPorts: cluster?.nodes.map((n) => n.port) ?? [] });
      specs.set(kind, spec);
      for (const adapter of ADAPTERS) apps.push({ id: `${kind}/${adapter}`, adapter, store: spec.url });
    }
    for (const kind of LOW_BOUND) {
      const spec = specs.get(kind);
      if (spec !== undefined) apps.push({ id: `${kind}/low-bound`, adapter: 'node', store: spec.url, commitAttempts: LOW_ATTEMPTS });
    }
    host = await spawnHost(apps);
  });

  after(async () => {
    await host?.stop();
    for (const spec of specs.values()) await spec.cleanUp();
    await cluster?.stop();
  });

  for (const kind of STORES) {
    for (const adapter of ADAPTERS) {
      test(`${kind} × ${adapter}: every key kept, every request 200`, { skip: problems.get(kind) ?? false }, async () => {
        const [trial] = await serverModeTrials(host.ports[`${kind}/${adapter}`]!, 1);
        assert.deepEqual(trial!.statuses, { 200: PARALLEL });
        assert.equal(trial!.kept, PARALLEL);
      });
    }
  }

  for (const kind of LOW_BOUND) {
    test(`${kind} × node at commitAttempts ${LOW_ATTEMPTS}: a write the retries cannot land is refused (409), never silently lost`, { skip: problems.get(kind) ?? false }, async () => {
      const [trial] = await serverModeTrials(host.ports[`${kind}/low-bound`]!, 1);
      assert.equal(trial!.silentlyLost, 0);
      assert.deepEqual(Object.keys(trial!.statuses).filter((code) => code !== '200' && code !== '409'), []);
      assert.equal(trial!.kept, trial!.statuses['200'] ?? 0);
    });
  }
});
