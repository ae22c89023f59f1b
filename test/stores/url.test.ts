/**
 * createStoreFromUrl: every scheme gives a working store against the real server (SQLite in a
 * temporary directory, Redis, a Redis Cluster started here, Postgres in its own schema), and
 * bad URLs fail at start-up with a message naming the fix.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStoreFromUrl } from '../../src/stores/url.ts';
import { ConfigError } from '../../src/errors.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { startRedisCluster } from '../helpers/redis-server.ts';
import { DATABASE_URL } from '../helpers/postgres-test-db.ts';
import { deleteUnder, REDIS_URL } from '../helpers/redis-clients.ts';
import type { Redis } from 'ioredis';

const T0 = Date.UTC(2030, 0, 1);
const w = (data: string) => ({ data, expiresAt: T0 + 60_000, userId: 'u1' });

async function exercise(store: SessionStore) {
  const key = randomBytes(32).toString('base64url');
  assert.equal(await store.create(key, w('hello'), T0), true);
  assert.equal((await store.get(key, T0))?.data, 'hello');
  assert.deepEqual(await store.update(key, w('again'), 1, T0), { status: 'ok', version: 2 });
  await store.delete(key);
  assert.equal(await store.get(key, T0), null);
}

describe('createStoreFromUrl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-url-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('memory:', async () => {
    const made = await createStoreFromUrl('memory:');
    assert.equal(made.kind, 'memory');
    await exercise(made.store);
    await made.close();
  });

  test('sqlite:PATH creates the directory and the file, in WAL mode', async () => {
    const file = join(dir, 'nested', 'sessions.db');
    const made = await createStoreFromUrl(`sqlite:${file}`);
    assert.equal(made.kind, 'sqlite');
    await exercise(made.store);
    await made.close();
    assert.ok(existsSync(file));
    assert.ok(existsSync(`${file}-wal`) || existsSync(file), 'WAL file or database present');
  });

  test('sqlite: synchronous=NORMAL by default (WAL: durable across app crashes), FULL on request, anything else a ConfigError', async () => {
    type Db = { pragma(s: string, o: { simple: true }): unknown };
    const byDefault = await createStoreFromUrl(`sqlite:${join(dir, 'sync-default.db')}`);
    const full = await createStoreFromUrl(`sqlite:${join(dir, 'sync-full.db')}?synchronous=FULL`);
    try {
      assert.equal((byDefault.client as Db).pragma('journal_mode', { simple: true }), 'wal');
      assert.equal((byDefault.client as Db).pragma('synchronous', { simple: true }), 1); // NORMAL
      assert.equal((full.client as Db).pragma('synchronous', { simple: true }), 2); // FULL
    } finally {
      await byDefault.close();
      await full.close();
    }
    await assert.rejects(createStoreFromUrl(`sqlite:${join(dir, 'sync-bad.db')}?synchronous=off`), (e: unknown) => e instanceof ConfigError && /synchronous=normal/.test(e.message));
  });

  test('redis:// with a prefix', async () => {
    const prefix = `tessera-test:${randomBytes(4).toString('hex')}:`;
    const made = await createStoreFromUrl(`${REDIS_URL}?prefix=${encodeURIComponent(prefix)}&timeoutMs=1500`);
    assert.equal(made.kind, 'redis');
    try {
      await exercise(made.store);
    } finally {
      await deleteUnder(made.client as Redis, prefix); // the user index outlives its deleted entry (until 2030, the test clock)
      await made.close();
    }
  });

  test('redis+cluster:// against a 3-master cluster started here', async () => {
    const cluster = await startRedisCluster(3);
    try {
      const hosts = cluster.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
      const made = await createStoreFromUrl(`redis+cluster://${hosts}`);
      assert.equal(made.kind, 'redis-cluster');
      await exercise(made.store);
      await made.close();
    } finally {
      await cluster.stop();
    }
  });

  test('postgres:// with its own schema, created on first use', async () => {
    const schema = `tessera_url_${randomBytes(4).toString('hex')}`;
    const made = await createStoreFromUrl(`${DATABASE_URL}?schema=${schema}&table=sessions`);
    try {
      assert.equal(made.kind, 'postgres');
      await exercise(made.store);
    } finally {
      await made.close();
      const pool = new pg.Pool({ connectionString: DATABASE_URL });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  test('passwords never appear in safeUrl', async () => {
    const made = await createStoreFromUrl('memory:');
    assert.equal(made.safeUrl, 'memory:');
    await assert.rejects(createStoreFromUrl('mysql://root:hunter2@db/x'), (e: unknown) => e instanceof ConfigError && !e.message.includes('hunter2') && e.message.includes('***'));
  });

  test('an unknown scheme or a malformed URL is a ConfigError listing the known schemes', async () => {
    await assert.rejects(createStoreFromUrl('mongodb://x'), (e: unknown) => e instanceof ConfigError && /sqlite:, redis:\/\//.test(e.message));
    await assert.rejects(createStoreFromUrl(''), ConfigError);
    await assert.rejects(createStoreFromUrl('sqlite:'), /needs a file path/);
    await assert.rejects(createStoreFromUrl('redis+cluster://nohostport'), /host:port/);
    await assert.rejects(createStoreFromUrl('redis://127.0.0.1:6379?timeoutMs=abc'), /positive integer/);
  });
});
