/**
 * `npm run lost-updates`: the lost-update experiment side by side. On one session, 100
 * parallel requests each set their own key; the figures are keys lost per 100 requests
 * (median and range over trials), split into *silently lost* (answered 200, key gone) and
 * *refused* (answered 409: the compare-and-swap gave up, so the client knows). tessera runs on
 * every store × every adapter, each store's apps in one host process; the peers are
 * express-session (MemoryStore, connect-redis) and @fastify/session (MemoryStore,
 * connect-redis). Cookie mode is reported apart: there the browser keeps one of the 100
 * cookies, whatever the library does.
 *
 * Options: `--trials N` (default 5), `--stores memory,sqlite,...`, `--adapters node,web,...`,
 * `--commit-attempts N` (tessera's compare-and-swap bound; default the manager's, 16),
 * `--no-peers`, `--no-cookie`, `--json FILE` (also write the results as JSON). Needs Redis at
 * REDIS_URL (127.0.0.1:6379), Postgres at DATABASE_URL, and redis-server on PATH for the
 * Cluster (started and stopped here); a store whose server is missing is reported as skipped,
 * never silently. Exits 1 when tessera lost a key silently.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redisBinariesAvailable, startRedisCluster, type RedisCluster } from '../test/helpers/redis-server.ts';
import { ADAPTERS } from './lib/apps.ts';
import { PARALLEL, cookieModeTrial, formatRange, range, serverModeTrials, summarise, type LossSummary } from './lib/lost-update.ts';
import { PEERS, PEER_STORE } from './lib/peers.ts';
import { spawnHost } from './lib/spawn-host.ts';
import { STORES, prepareStore, storeProblem } from './lib/stores.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5' },
    stores: { type: 'string', default: STORES.join(',') },
    adapters: { type: 'string', default: ADAPTERS.join(',') },
    'commit-attempts': { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    'no-cookie': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const positive = (v: string, what: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${v}`);
  return n;
};
const trials = positive(values.trials, '--trials');
const commitAttempts = values['commit-attempts'] === undefined ? {} : { commitAttempts: positive(values['commit-attempts'], '--commit-attempts') };
const pick = <T extends string>(list: string, known: readonly T[], what: string): T[] =>
  list.split(',').map((s) => {
    if (!(known as readonly string[]).includes(s)) throw new Error(`unknown ${what} ${s}; known: ${known.join(', ')}`);
    return s as T;
  });
const stores = pick(values.stores, STORES, 'store');
const adapters = pick(values.adapters, ADAPTERS, 'adapter');

const log = (line: string) => process.stderr.write(`${line}\n`);
const statusText = (s: LossSummary) => Object.entries(s.statuses).map(([code, n]) => `${code}×${n}`).join(' ');
const describe = (s: LossSummary) => `lost ${formatRange(s.lost)} per ${PARALLEL}: ${formatRange(s.silentlyLost)} silently, ${formatRange(s.refused)} refused (statuses ${statusText(s)})`;

// tessera, server mode: every store × every adapter (one host process per store).
const tessera: Record<string, Record<string, LossSummary | string>> = {};
/** Compare-and-swap conflicts the manager resolved by replay, per trial (mean), by store and adapter. */
const conflicts: Record<string, Record<string, number>> = {};
let cluster: RedisCluster | null = null;
try {
  for (const kind of stores) {
    const row: Record<string, LossSummary | string> = (tessera[kind] = {});
    let problem = await storeProblem(kind);
    if (kind === 'redis-cluster' && !redisBinariesAvailable) problem = 'redis-server is not on PATH';
    if (problem !== null) {
      for (const adapter of adapters) row[adapter] = `skipped: ${problem}`;
      log(`tessera ${kind}: SKIPPED (${problem})`);
      continue;
    }
    if (kind === 'redis-cluster') cluster = await startRedisCluster(3);
    const spec = await prepareStore(kind, { clusterPorts: cluster?.nodes.map((n) => n.port) ?? [] });
    const host = await spawnHost(adapters.map((adapter) => ({ id: adapter, adapter, store: spec.url, ...commitAttempts })));
    try {
      const conflictsSoFar = async () => (await host.stats()).updates[spec.url]?.conflicts ?? 0;
      for (const adapter of adapters) {
        const before = await conflictsSoFar();
        const summary = summarise(await serverModeTrials(host.ports[adapter]!, trials));
        const perTrial = ((await conflictsSoFar()) - before) / trials;
        row[adapter] = summary;
        (conflicts[kind] ??= {})[adapter] = perTrial;
        log(`tessera ${kind} × ${adapter}: ${describe(summary)}; ${perTrial} conflicts replayed per trial`);
      }
    } finally {
      await host.stop();
      await spec.cleanUp();
      await cluster?.stop();
      cluster = null;
    }
  }
} finally {
  await cluster?.stop();
}

// The peers (one host process).
const peers: Record<string, LossSummary | string> = {};
if (!values['no-peers']) {
  const redisProblem = await storeProblem('redis');
  const runnable = PEERS.filter((peer) => PEER_STORE[peer] !== 'redis' || redisProblem === null);
  for (const peer of PEERS) {
    if (runnable.includes(peer)) continue;
    peers[peer] = `skipped: ${redisProblem}`;
    log(`${peer}: SKIPPED (${redisProblem})`);
  }
  const peerHost = await spawnHost(runnable.map((peer) => ({ id: peer, peer })));
  try {
    for (const peer of runnable) {
      const summary = summarise(await serverModeTrials(peerHost.ports[peer]!, trials));
      peers[peer] = summary;
      log(`${peer}: ${describe(summary)}`);
    }
  } finally {
    await peerHost.stop();
  }
}

// Cookie mode (sealed): what the browser's jar keeps (one host process).
const cookie: Record<string, { kept: number[]; distinct: number[] }> = {};
if (!values['no-cookie']) {
  const cookieHost = await spawnHost(adapters.map((adapter) => ({ id: adapter, adapter, mode: 'sealed' as const })));
  try {
    for (const adapter of adapters) {
      const runs = [];
      for (let t = 0; t < trials; t++) runs.push(await cookieModeTrial(cookieHost.ports[adapter]!));
      cookie[adapter] = { kept: runs.map((r) => r.kept), distinct: runs.map((r) => r.distinctCookies) };
      log(`tessera cookie mode × ${adapter}: the jar's cookie holds ${runs.map((r) => r.kept).join(',')} key(s); distinct cookies ${runs.map((r) => r.distinctCookies).join(',')}`);
    }
  } finally {
    await cookieHost.stop();
  }
}

// The tables.
const header = (title: string) => [`| ${title} | ${adapters.join(' | ')} |`, `| --- |${adapters.map(() => ' ---: |').join('')}`];
const cell = (v: LossSummary | string | undefined, f: (s: LossSummary) => string) => (v === undefined ? '' : typeof v === 'string' ? 'skipped' : f(v));
const attempts = commitAttempts.commitAttempts ?? '128 (default)';
const out: string[] = [`Keys lost per ${PARALLEL} parallel requests on one session, median (range) over ${trials} trial(s); tessera commitAttempts ${attempts}.`, ''];
out.push(...header('tessera, server mode: keys lost'));
for (const kind of stores) out.push(`| ${kind} | ${adapters.map((a) => cell(tessera[kind]?.[a], (s) => formatRange(s.lost))).join(' | ')} |`);
out.push('', ...header('of which silently lost (200, key gone)'));
for (const kind of stores) out.push(`| ${kind} | ${adapters.map((a) => cell(tessera[kind]?.[a], (s) => formatRange(s.silentlyLost))).join(' | ')} |`);
out.push('', ...header('conflicts replayed per trial (mean)'));
for (const kind of stores) out.push(`| ${kind} | ${adapters.map((a) => conflicts[kind]?.[a]?.toFixed(0) ?? '').join(' | ')} |`);
if (!values['no-peers']) {
  out.push('', '| peer | store | keys lost | of which silently | non-200 replies |', '| --- | --- | ---: | ---: | ---: |');
  for (const peer of PEERS) {
    const v = peers[peer];
    const non200 = typeof v === 'object' ? Object.entries(v.statuses).filter(([c]) => c !== '200').reduce((n, [, k]) => n + k, 0) : '';
    out.push(`| ${peer} | ${PEER_STORE[peer]} | ${cell(v, (s) => formatRange(s.lost))} | ${cell(v, (s) => formatRange(s.silentlyLost))} | ${non200} |`);
  }
}
if (!values['no-cookie']) {
  out.push('', ...header('tessera, cookie mode (sealed)'));
  out.push(`| keys in the cookie the jar kept (of ${PARALLEL}), median (range) | ${adapters.map((a) => formatRange(range(cookie[a]!.kept))).join(' | ')} |`);
  out.push(`| distinct cookies among the ${PARALLEL} replies, median (range) | ${adapters.map((a) => formatRange(range(cookie[a]!.distinct))).join(' | ')} |`);
}
console.log(out.join('\n'));

if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ trials, parallel: PARALLEL, commitAttempts: attempts, tessera, conflicts, peers, cookie }, null, 2)}\n`);

const silent = Object.values(tessera).flatMap((row) => Object.values(row)).some((v) => typeof v === 'object' && v.silentlyLost.max > 0);
process.exitCode = silent ? 1 : 0;
