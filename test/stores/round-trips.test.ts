// Store round trips per request, counted on the real clients against the real servers, through a
// real session manager (server mode, load + commit): every store × every request shape. Asserts the
// bounds (read-only ≤ 1, modifying ≤ 2, regenerate included: on Redis the new id is drawn in the old one's slot) and that
// the table in docs/stores.md ("Round trips per request") is exactly what was measured here.
// To rewrite that table from a run: UPDATE_ROUND_TRIPS=1 node scripts/run-tests.mjs test/stores/round-trips
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Cluster, Redis } from 'ioredis';
import { createSessionManager } from '../../src/session/manager.ts';
import type { Session } from '../../src/session/session.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createPostgresStore, postgresSchemaSql } from '../../src/stores/postgres.ts';
import { createRedisStore, type RedisClientLike } from '../../src/stores/redis.ts';
import * as scripts from '../../src/stores/redis-scripts.ts';
import { createSqliteStore } from '../../src/stores/sqlite.ts';
import { cookieClient, fakeClock } from '../session/helpers.ts';
import { openTestSchema, type TestSchema } from '../helpers/postgres-test-db.ts';
import { deleteUnder, ioredisClient, ioredisCluster, nodeRedisClient, nodeRedisCluster, REDIS_URL, redisProblem, skipUnless, START_REDIS, testPrefixes } from '../helpers/redis-clients.ts';
import { redisBinariesAvailable, startRedisCluster, type RedisCluster } from '../helpers/redis-server.ts';
import { countPgQueries, countRedisCommands, countSqliteStatements, countStoreCalls, type Counter } from '../helpers/round-trip-counters.ts';

type Data = { n?: number; a?: number; b?: number };
type S = Session<Data>;
type Manager = ReturnType<typeof createSessionManager<Data>>;

const SECOND = 1000;
const TOUCH_INTERVAL = 60 * SECOND;

/** One request a handler may make, and the most round trips it may cost. */
interface Shape {
  name: string;
  /** Requests made first (not counted) to reach the state the shape starts from. */
  setup: ((s: S) => unknown)[];
  /** Clock moved between the set-up and the counted request. */
  advanceMs: number;
  /** The counted request's handler. */
  handler: (s: S) => unknown;
  /** The bound. */
  bound: number;
}

const anonymous = (s: S) => s.set('n', 0);
const login = async (s: S) => {
  await s.get('n');
  s.regenerate();
  s.bindUser('u1');
};
const readOnly = async (s: S) => {
  await s.get('n');
};
const modify = async (s: S) => {
  s.set('n', ((await s.get('n')) ?? 0) + 1);
};

const SHAPES: Shape[] = [
  { name: 'first write of a new session (no cookie)', setup: [], advanceMs: 0, handler: anonymous, bound: 1 },
  { name: 'read-only, within the touch interval', setup: [anonymous], advanceMs: 10 * SECOND, handler: readOnly, bound: 1 },
  { name: 'read-only, user-bound, within the touch interval', setup: [anonymous, login], advanceMs: 10 * SECOND, handler: readOnly, bound: 1 },
  { name: 'read-only, past the touch interval (touch)', setup: [anonymous], advanceMs: 2 * TOUCH_INTERVAL, handler: readOnly, bound: 2 },
  { name: 'read-only, user-bound, past the touch interval (touch)', setup: [anonymous, login], advanceMs: 2 * TOUCH_INTERVAL, handler: readOnly, bound: 2 },
  { name: 'modifying (read + write)', setup: [anonymous], advanceMs: 10 * SECOND, handler: modify, bound: 2 },
  { name: 'modifying, user-bound', setup: [anonymous, login], advanceMs: 10 * SECOND, handler: modify, bound: 2 },
  { name: 'write without reading (the commit loads)', setup: [anonymous], advanceMs: 10 * SECOND, handler: (s) => s.set('n', 9), bound: 2 },
  { name: 'bindUser without regenerate (user changes)', setup: [anonymous, login], advanceMs: 10 * SECOND, handler: async (s) => {
    await s.get('n');
    s.bindUser('u2');
  }, bound: 2 },
  { name: 'regenerate (login: regenerate + bindUser)', setup: [anonymous], advanceMs: 10 * SECOND, handler: login, bound: 2 },
  { name: 'destroy (logout), user-bound', setup: [anonymous, login], advanceMs: 10 * SECOND, handler: (s) => s.destroy(), bound: 2 },
];
/** Not a bound of the issue: what losing a compare-and-swap race once costs (re-read, replay, write again). */
const CONFLICT = 'modifying, after losing one compare-and-swap race';

const COLUMNS = ['memory', 'SQLite', 'Redis', 'Redis Cluster', 'Postgres'] as const;
type Column = (typeof COLUMNS)[number];
const UNITS: Record<Column, string> = {
  memory: 'store calls (in-process)',
  SQLite: 'statements (in-process)',
  Redis: 'commands (ioredis, node-redis)',
  'Redis Cluster': 'commands (ioredis, node-redis)',
  Postgres: 'queries (pg Pool)',
};

/** measured[column][shape] = count (every client of a column must agree). */
const measured = new Map<Column, Map<string, number>>();
const record = (column: Column, shape: string, n: number, client: string) => {
  const row = measured.get(column) ?? new Map<string, number>();
  measured.set(column, row);
  const seen = row.get(shape);
  assert.ok(seen === undefined || seen === n, `${column}: ${client} made ${n} round trips for "${shape}", another client ${seen}`);
  row.set(shape, n);
};

/** One request through the manager, with the counter reset just before load and read just after commit. */
async function request(manager: Manager, client: ReturnType<typeof cookieClient>, handler: (s: S) => unknown, counter?: Counter) {
  counter?.reset();
  const s = manager.load(client.header());
  await handler(s);
  client.receive(await manager.commit(s));
  return counter?.count ?? 0;
}

/** Registers the shapes for one store (made fresh per shape by `make`), recording into `column`. */
function measureStore(column: Column, client: string, make: () => Promise<{ store: SessionStore; counter: Counter }>) {
  const managerFor = (store: SessionStore) => {
    const clock = fakeClock();
    const manager = createSessionManager<Data>({ store, now: clock.now, timeouts: { idleSeconds: 3600, touchIntervalSeconds: TOUCH_INTERVAL / SECOND } });
    return { manager, clock };
  };
  for (const shape of SHAPES) {
    test(`${column} (${client}): ${shape.name}`, async () => {
      const { store, counter } = await make();
      const { manager, clock } = managerFor(store);
      const browser = cookieClient();
      for (const step of shape.setup) await request(manager, browser, step);
      clock.advance(shape.advanceMs);
      const n = await request(manager, browser, shape.handler, counter);
      const limit = shape.bound;
      assert.ok(n <= limit, `${n} round trips (${counter.calls.join(', ')}), at most ${limit}`);
      record(column, shape.name, n, client);
    });
  }
  test(`${column} (${client}): ${CONFLICT}`, async () => {
    const { store, counter } = await make();
    const { manager, clock } = managerFor(store);
    const browser = cookieClient();
    await request(manager, browser, anonymous);
    clock.advance(10 * SECOND);
    const winner = manager.load(browser.header());
    const loser = manager.load(browser.header());
    await winner.get('n');
    winner.set('a', 1);
    counter.reset();
    await loser.get('n'); // the loser reads before the winner commits
    loser.set('b', 1);
    const read = counter.count;
    await manager.commit(winner);
    counter.reset();
    await manager.commit(loser); // conflict, re-read, replay, write
    const n = read + counter.count;
    const after = manager.load(browser.header());
    assert.deepEqual([await after.get('a'), await after.get('b')], [1, 1], 'both changes kept');
    record(column, CONFLICT, n, client);
  });
}

function render(): string {
  const rows = [...SHAPES.map((s) => s.name), CONFLICT];
  const lines = [
    `| request | ${COLUMNS.join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...rows.map((row) => `| ${row} | ${COLUMNS.map((c) => String(measured.get(c)?.get(row) ?? '?')).join(' | ')} |`),
  ];
  const units = COLUMNS.map((c) => `${c}: ${UNITS[c]}`).join('; ');
  return `${lines.join('\n')}\n\nCounted: ${units}.`;
}

const redisSkip = skipUnless(await redisProblem(REDIS_URL), START_REDIS);
const clusterSkip = skipUnless(redisBinariesAvailable ? null : 'redis-server/redis-cli not on PATH', 'apt-get install redis-server');
const prefixes = testPrefixes();
const opened = await openTestSchema();
const pgSkip = 'skip' in opened ? opened.skip : false;

/** Loads every script on every master, so no count includes a NOSCRIPT fallback. */
async function loadScripts(nodes: Redis[]) {
  for (const node of nodes) for (const s of Object.values(scripts)) await node.script('LOAD', s.source);
}

describe('store round trips per request', () => {
  describe('memory', () => {
    measureStore('memory', 'memory', async () => countStoreCalls(createMemoryStore()));
  });

  describe('SQLite', () => {
    const dbs: Database.Database[] = [];
    after(() => dbs.forEach((db) => db.close()));
    measureStore('SQLite', 'better-sqlite3', async () => {
      const real = new Database(':memory:');
      dbs.push(real);
      const { db, counter } = countSqliteStatements(real);
      const store = createSqliteStore({ db });
      await store.get('warm-up', 0); // creates the schema and prepares the statements
      return { store, counter };
    });
  });

  describe('Postgres (pg Pool)', { skip: pgSkip }, () => {
    const t = opened as TestSchema;
    let counter: Counter;
    before(async () => {
      await t.pool.query(postgresSchemaSql({ schema: t.schema }));
      counter = countPgQueries(t.pool);
    });
    after(() => t.drop());
    measureStore('Postgres', 'pg Pool', async () => ({ store: createPostgresStore({ pool: t.pool, schema: t.schema }), counter }));
  });

  describe('Redis, one server', { skip: redisSkip }, () => {
    let io: Redis;
    let nr: Awaited<ReturnType<typeof nodeRedisClient>>;
    const counters = new Map<string, Counter>();
    before(async () => {
      io = await ioredisClient(REDIS_URL);
      nr = await nodeRedisClient(REDIS_URL);
      await loadScripts([io]);
      counters.set('ioredis', countRedisCommands(io));
      counters.set('node-redis', countRedisCommands(nr));
    });
    after(async () => {
      await deleteUnder(io, prefixes.run);
      await io.quit();
      await nr.close();
    });
    for (const [name, client] of [['ioredis', () => io], ['node-redis', () => nr]] as const) {
      measureStore('Redis', name, async () => ({ store: createRedisStore({ client: client() as RedisClientLike, prefix: prefixes.next() }), counter: counters.get(name)! }));
    }
  });

  describe('Redis Cluster, 3 masters', { skip: clusterSkip }, () => {
    let cluster: RedisCluster | undefined;
    let io: Cluster;
    let nr: Awaited<ReturnType<typeof nodeRedisCluster>>;
    const counters = new Map<string, Counter>();
    before(async () => {
      cluster = await startRedisCluster(3);
      const ports = cluster.nodes.map((node) => node.port);
      io = await ioredisCluster(ports);
      nr = await nodeRedisCluster(ports);
      await loadScripts(io.nodes('master'));
      counters.set('ioredis', countRedisCommands(io));
      counters.set('node-redis', countRedisCommands(nr));
    });
    after(async () => {
      try {
        await io?.quit();
        await nr?.close();
      } finally {
        await cluster?.stop();
      }
    });
    for (const [name, client] of [['ioredis', () => io], ['node-redis', () => nr]] as const) {
      measureStore('Redis Cluster', name, async () => ({ store: createRedisStore({ client: client() as RedisClientLike, prefix: prefixes.next() }), counter: counters.get(name)! }));
    }
  });

  test('docs/stores.md shows exactly the measured table', (t) => {
    if (COLUMNS.some((c) => measured.get(c)?.size !== SHAPES.length + 1)) {
      t.skip('a store was skipped, so the table is incomplete');
      return;
    }
    const path = new URL('../../docs/stores.md', import.meta.url);
    const doc = readFileSync(path, 'utf8');
    const [start, end] = ['<!-- round-trips:start -->\n', '\n<!-- round-trips:end -->'];
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    assert.ok(from >= 0 && to > from, 'docs/stores.md has the round-trips markers');
    const table = render();
    if (process.env.UPDATE_ROUND_TRIPS === '1') writeFileSync(path, doc.slice(0, from + start.length) + table + doc.slice(to));
    else assert.equal(doc.slice(from + start.length, to), table, 'rewrite it with UPDATE_ROUND_TRIPS=1 (see the top of this file)');
  });
});
