/**
 * `tessera sessions` against the real Redis store (`REDIS_URL`, default
 * redis://127.0.0.1:6379), under a key prefix of this run's own, deleted at the end. Outside
 * CI a missing server skips with a loud message naming the start command; in CI it fails.
 */
import { after, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_URL, redisProblem, skipUnless, START_REDIS } from '../helpers/redis-clients.ts';
import { storeCommandTests } from './store-suite.ts';

const skip = skipUnless(await redisProblem(REDIS_URL), START_REDIS);
const prefix = `tessera-cli-test:${randomBytes(6).toString('hex')}:`;
const url = `${REDIS_URL}${REDIS_URL.includes('?') ? '&' : '?'}prefix=${encodeURIComponent(prefix)}`;

describe('tessera sessions on Redis', () => {
  after(async () => {
    if (skip !== false) return;
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    client.disconnect();
  });
  storeCommandTests(() => ({ url, countsExpired: false }), skip);
});
