// The Redis store when its server fails: on a redis-server this file starts itself (free port,
// temp dir, AOF with fsync on every write), killed, frozen and restarted under the same store
// objects. Operations must reject with StoreError within the timeout, never hang, never crash the
// process, and work again once the server is back, without re-creating anything.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { StoreError } from '../../src/errors.ts';
import { createRedisStore, type RedisStore } from '../../src/stores/redis.ts';
import { ioredisClient, nodeRedisClient, skipUnless } from '../helpers/redis-clients.ts';
import { redisBinariesAvailable, redisCli, startRedisServer, waitUntil, type RedisServer } from '../helpers/redis-server.ts';

const skip = skipUnless(redisBinariesAvailable ? null : 'redis-server/redis-cli not on PATH', 'apt-get install redis-server (the tests start their own server)');
const T0 = Date.UTC(2030, 0, 1);
const TIMEOUT_MS = 1000;
const w = (data: string, userId: string | null = 'u') => ({ data, expiresAt: T0 + 60 * 60_000, userId });

describe('redis store when the server fails', { skip }, () => {
  let server: RedisServer | undefined;
  let io: Redis | undefined;
  let nr: Awaited<ReturnType<typeof nodeRedisClient>> | undefined;
  const errorEvents = { ioredis: 0, 'node-redis': 0 };
  const stores: [name: keyof typeof errorEvents, store: RedisStore][] = [];

  before(async () => {
    server = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always']);
    // The documented setup: every client has an 'error' listener (node-redis would crash the process without one).
    io = await ioredisClient(server.url, () => errorEvents.ioredis++);
    nr = await nodeRedisClient(server.url, () => errorEvents['node-redis']++);
    stores.push(['ioredis', createRedisStore({ client: io, operationTimeoutMs: TIMEOUT_MS })]);
    stores.push(['node-redis', createRedisStore({ client: nr, operationTimeoutMs: TIMEOUT_MS })]);
  });
  after(async () => {
    io?.disconnect();
    nr?.destroy();
    await server?.stop();
  });

  /** Runs every operation once; each must reject with a redis StoreError, within the timeout plus slack. */
  const expectEveryOperationToFailFast = async (name: string, s: RedisStore) => {
    const operations: Record<string, () => Promise<unknown>> = {
      get: () => s.get('k', T0),
      create: () => s.create('new', w('x'), T0),
      update: () => s.update('k', w('y'), 1, T0),
      touch: () => s.touch('k', T0 + 120 * 60_000, T0),
      delete: () => s.delete('k'),
      list: () => s.list({}, T0),
      listByUser: () => s.listByUser('u', T0),
      deleteByUser: () => s.deleteByUser('u'),
    };
    const timings = await Promise.all(
      Object.entries(operations).map(async ([operation, call]) => {
        const started = performance.now();
        const error = await call().then(() => null, (e: unknown) => e);
        const ms = performance.now() - started;
        assert.ok(error instanceof StoreError, `${name} ${operation} rejected with a StoreError (got ${String(error)})`);
        assert.equal(error.store, 'redis');
        assert.equal(error.operation, operation);
        assert.ok(ms < TIMEOUT_MS + 500, `${name} ${operation} failed after ${Math.round(ms)} ms, within ${TIMEOUT_MS} ms + slack`);
        return ms;
      }),
    );
    return Math.max(...timings);
  };
  const waitUntilWorking = (name: string, s: RedisStore) =>
    waitUntil(`${name} store to work again`, async () => (await s.get('probe', T0)) === null, 15_000);

  test('a killed server: every operation rejects with StoreError within the timeout; after a restart the same store works again', async () => {
    for (const [name, s] of stores) {
      assert.equal(await s.create(`kept-${name}`, w(`data of ${name}`, name), T0), true);
    }
    await server!.kill();
    const started = performance.now();
    for (const [name, s] of stores) await expectEveryOperationToFailFast(name, s);
    for (const [name, s] of stores) await expectEveryOperationToFailFast(name, s); // still down: still fast, no queue build-up
    assert.ok(performance.now() - started < 5000, 'four rounds of failures took under 5 s');

    await server!.restart();
    for (const [name, s] of stores) {
      await waitUntilWorking(name, s);
      assert.equal((await s.get(`kept-${name}`, T0))?.data, `data of ${name}`, 'the AOF kept what was written before the kill');
      assert.equal(await s.create(`after-${name}`, w('x', name), T0), true);
      assert.deepEqual((await s.listByUser(name, T0)).map((e) => e.key).sort(), [`after-${name}`, `kept-${name}`]);
      assert.equal(await s.deleteByUser(name), 2);
    }
    assert.ok(errorEvents.ioredis > 0 && errorEvents['node-redis'] > 0, `both clients reported errors (${JSON.stringify(errorEvents)}) and the process survived`);
  });

  test('a frozen server (SIGSTOP, connections open, no answers): operations reject at operationTimeoutMs, then work after it thaws', async () => {
    server!.freeze();
    try {
      for (const [name, s] of stores) {
        const slowest = await expectEveryOperationToFailFast(name, s);
        assert.ok(slowest >= TIMEOUT_MS - 50, `${name}: the store's own timer ended the wait (${Math.round(slowest)} ms)`);
      }
    } finally {
      server!.thaw();
    }
    for (const [name, s] of stores) {
      await waitUntilWorking(name, s);
      assert.equal(await s.create(`thawed-${name}`, w('x', null), T0), true);
    }
  });

  test('scripts missing from the server cache (SCRIPT FLUSH, NOSCRIPT) are reloaded transparently', async () => {
    await redisCli(server!.port, 'CONFIG', 'RESETSTAT');
    await redisCli(server!.port, 'SCRIPT', 'FLUSH');
    for (const [name, s] of stores) {
      assert.equal(await s.create(`flushed-${name}`, w('x'), T0), true);
      assert.equal((await s.get(`flushed-${name}`, T0))?.version, 1);
    }
    const stats = await redisCli(server!.port, 'INFO', 'commandstats');
    assert.match(stats, /cmdstat_evalsha:calls=\d+,.*failed_calls=[1-9]/, 'EVALSHA met NOSCRIPT');
    assert.match(stats, /cmdstat_eval:calls=[1-9]/, 'and EVAL reloaded the scripts');
  });
});
