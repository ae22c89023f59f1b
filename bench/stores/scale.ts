/**
 * Store scale benchmark: N sessions (default 1,000,000) of ~200 bytes in SQLite, Postgres and
 * Redis, then `get` and `update` latency percentiles on random keys, `deleteExpired` of N expired
 * entries (SQL stores; Redis expires natively), and Redis memory per session.
 *
 * Loading uses the stores' own `create` (SQLite, Redis; concurrent for Redis) and, for Postgres,
 * one bulk INSERT ... SELECT from generate_series into the store's table (the store's own
 * schema): 1,000,000 single-row round trips would measure the loader, not the store.
 *
 * `npx tsx bench/stores/scale.ts [--sessions N] [--samples N] [--docs]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createSqliteStore } from '../../src/stores/sqlite.ts';
import { createPostgresStore } from '../../src/stores/postgres.ts';
import { createRedisStore, recommendedIoredisOptions } from '../../src/stores/redis.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { median } from '../lib/rounds.ts';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '20000' }, docs: { type: 'boolean', default: false } } });
const N = Number(values.sessions);
const SAMPLES = Number(values.samples);
const NOW = Date.now();
const LIVE = NOW + 86_400_000;
const DATA = JSON.stringify({ v: 1, c: NOW, a: NOW, d: { userId: 48213, name: 'Ada Lovelace', roles: ['admin', 'editor'], cart: [{ sku: 'A-1029', qty: 2 }], theme: 'dark', csrf: 'q7Hc0sWvP1xq9F2sYd8Lr3q7Hc0sWvP1xq9F2sYd8Lr' } });
const key = (i: number) => `bench${String(i).padStart(38, '0')}`;

/** The percentile `p` (0..1) of sorted numbers. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

interface StoreFigures {
  store: string;
  loadSeconds: number;
  getP50Us: number;
  getP99Us: number;
  updateP50Us: number;
  updateP99Us: number;
  sweepSeconds: number | null;
  sweptCount: number | null;
  bytesPerSession: number | null;
}

/** Latencies in µs of `op` on SAMPLES random distinct indexes, sequentially. */
async function sample(op: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const i = Math.floor(Math.random() * N);
    const t = process.hrtime.bigint();
    await op(i);
    out.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return out.sort((a, b) => a - b);
}

async function measure(name: string, store: SessionStore, load: () => Promise<void>, expireAll: (() => Promise<void>) | null, memory: () => Promise<number | null>): Promise<StoreFigures> {
  console.log(`${name}: loading ${N} sessions ...`);
  const before = await memory();
  let t = Date.now();
  await load();
  const loadSeconds = (Date.now() - t) / 1000;
  const after = await memory();
  console.log(`${name}: loaded in ${loadSeconds.toFixed(1)} s; sampling ${SAMPLES} gets and updates`);
  const gets = await sample((i) => store.get(key(i), NOW));
  const updated = new Set<number>();
  const updates = await sample(async (i) => {
    const version = updated.has(i) ? ((await store.get(key(i), NOW))?.version ?? 1) : 1;
    updated.add(i);
    return store.update(key(i), { data: DATA, expiresAt: LIVE, userId: null }, version, NOW);
  });
  let sweepSeconds: number | null = null;
  let sweptCount: number | null = null;
  if (expireAll !== null && store.deleteExpired !== undefined) {
    await expireAll();
    console.log(`${name}: sweeping ${N} expired entries ...`);
    t = Date.now();
    sweptCount = await store.deleteExpired(LIVE + 1);
    sweepSeconds = (Date.now() - t) / 1000;
  }
  const figures = {
    store: name,
    loadSeconds,
    getP50Us: pct(gets, 0.5),
    getP99Us: pct(gets, 0.99),
    updateP50Us: pct(updates, 0.5),
    updateP99Us: pct(updates, 0.99),
    sweepSeconds,
    sweptCount,
    bytesPerSession: before !== null && after !== null ? (after - before) / N : null,
  };
  console.log(figures);
  return figures;
}

async function sqlite(): Promise<StoreFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-scale-'));
  const db = new Database(join(dir, 'sessions.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = createSqliteStore({ db });
  try {
    return await measure(
      'SQLite (better-sqlite3, WAL, synchronous=NORMAL)',
      store,
      async () => {
        await store.get('warm-up', NOW); // creates the schema
        const insert = db.prepare('INSERT INTO tessera_sessions (key, data, expires_at, version, user_id) VALUES (?, ?, ?, 1, NULL)');
        const batch = db.transaction((from: number, to: number) => {
          for (let i = from; i < to; i++) insert.run(key(i), DATA, LIVE);
        });
        for (let i = 0; i < N; i += 50_000) batch(i, Math.min(N, i + 50_000));
      },
      async () => void db.prepare('UPDATE tessera_sessions SET expires_at = ?').run(NOW - 1),
      async () => null,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<StoreFigures> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
  pool.on('error', () => {});
  const schema = `tessera_scale_${process.pid}`;
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const store = createPostgresStore({ pool, schema, createSchema: true, deleteExpiredBatchSize: 5000 });
  try {
    return await measure(
      'Postgres 15 (pg Pool)',
      store,
      async () => {
        await store.get('warm-up', NOW);
        await pool.query(
          `INSERT INTO ${schema}.tessera_sessions (key, data, expires_at, version, user_id)
           SELECT 'bench' || lpad(i::text, 38, '0'), convert_to($1, 'UTF8'), $2, 1, NULL FROM generate_series(0, $3 - 1) AS i`,
          [DATA, LIVE, N],
        );
        await pool.query(`ANALYZE ${schema}.tessera_sessions`);
      },
      async () => void (await pool.query(`UPDATE ${schema}.tessera_sessions SET expires_at = $1`, [NOW - 1])),
      async () => null,
    );
  } finally {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
}

async function redis(): Promise<StoreFigures> {
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', recommendedIoredisOptions(5000));
  const prefix = `tessera-scale:${process.pid}:`;
  const store = createRedisStore({ client, prefix, operationTimeoutMs: 5000 });
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
  try {
    return await measure(
      'Redis 7 (ioredis)',
      store,
      async () => {
        for (let i = 0; i < N; i += 2000) {
          await Promise.all(Array.from({ length: Math.min(2000, N - i) }, (_, j) => store.create(key(i + j), { data: DATA, expiresAt: LIVE, userId: null }, NOW)));
        }
      },
      null,
      usedMemory,
    );
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await client.quit();
  }
}

const results = [await sqlite(), await postgres(), await redis()];
const fmt = (n: number | null, digits = 0) => (n === null ? 'n/a' : n.toFixed(digits));
const table = [
  `| store | load ${N.toLocaleString('en')} | get p50 | get p99 | update p50 | update p99 | deleteExpired of ${N.toLocaleString('en')} expired | memory per session |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${r.store} | ${fmt(r.loadSeconds, 1)} s | ${fmt(r.getP50Us)} µs | ${fmt(r.getP99Us)} µs | ${fmt(r.updateP50Us)} µs | ${fmt(r.updateP99Us)} µs | ${r.sweepSeconds === null ? 'n/a (native expiry)' : `${fmt(r.sweepSeconds, 1)} s (${r.sweptCount} rows)`} | ${r.bytesPerSession === null ? 'n/a' : `${fmt(r.bytesPerSession)} B`} |`,
  ),
].join('\n');
console.log(`\n${table}\n`);
console.log(`median get p99 across stores: ${median(results.map((r) => r.getP99Us)).toFixed(0)} µs; ${SAMPLES} sequential samples per operation`);
if (values.docs) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const file = 'docs/stores.md';
  const text = readFileSync(file, 'utf8');
  const start = '<!-- scale:start -->';
  const end = '<!-- scale:end -->';
  const body = `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/stores/scale.ts --sessions ${N} --samples ${SAMPLES}\` (sequential operations on random keys, one client, loopback; data ~200 bytes).\n\n${table}`;
  writeFileSync(file, text.slice(0, text.indexOf(start) + start.length) + '\n' + body + '\n' + text.slice(text.indexOf(end)));
  console.log(`wrote ${file}`);
}
