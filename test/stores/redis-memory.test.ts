// Measures (never asserts) Redis memory per session on a redis-server this file starts itself:
// 10,000 sessions of 200 bytes with real-looking keys (43-character SHA-256 base64url), reported
// as `INFO memory` used_memory delta / count. The figures are quoted in docs/stores.md (Redis).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisStore } from '../../src/stores/redis.ts';
import { ioredisClient, skipUnless } from '../helpers/redis-clients.ts';
import { redisBinariesAvailable, startRedisServer, type RedisServer } from '../helpers/redis-server.ts';

const skip = skipUnless(redisBinariesAvailable ? null : 'redis-server/redis-cli not on PATH', 'apt-get install redis-server (the test starts its own server)');
const COUNT = 10_000;
const T0 = Date.UTC(2030, 0, 1);

describe('redis store memory per session (measurement)', { skip }, () => {
  let server: RedisServer | undefined;
  let io: Redis | undefined;
  before(async () => {
    server = await startRedisServer();
    io = await ioredisClient(server.url);
  });
  after(async () => {
    io?.disconnect();
    await server?.stop();
  });

  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await io!.info('memory'))?.[1]);
  const measure = async (label: string, userOf: (i: number) => string | null, report: (line: string) => void) => {
    await io!.flushall(); // each measurement alone: a main-dict resize caused by an earlier one would be charged to this one
    const store = createRedisStore({ client: io!, prefix: `${label}:` });
    const before = await usedMemory();
    for (let i = 0; i < COUNT; i += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, j) =>
          store.create(randomBytes(32).toString('base64url'), { data: randomBytes(150).toString('base64url'), expiresAt: T0, userId: userOf(i + j) }, T0 - 60_000),
        ),
      );
    }
    const perSession = ((await usedMemory()) - before) / COUNT;
    report(`${label}: ${Math.round(perSession)} bytes of used_memory per session (${COUNT} sessions, 200-byte data)`);
    assert.ok(perSession > 200, 'sanity: at least the data itself');
  };

  test('10,000 sessions of 200 bytes', async (t) => {
    const report = (line: string) => t.diagnostic(line);
    await measure('anonymous', () => null, report);
    await measure('ten-per-user', (i) => `user-${i % 1000}`, report);
    await io!.config('SET', 'hash-max-listpack-value', '256');
    await measure('anonymous-listpack256', () => null, report);
  });
});
