import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresStore, postgresSchemaSql } from '../../src/stores/postgres.ts';
import { runStoreConformance } from '../../src/testing/store-conformance.ts';
import { ConfigError, StoreError } from '../../src/errors.ts';
import { DATABASE_URL, openTestSchema, type TestSchema } from '../helpers/postgres-test-db.ts';

const opened = await openTestSchema();

if ('skip' in opened) {
  test('postgres store (skipped: server unreachable)', { skip: opened.skip }, () => {});
} else {
  const db: TestSchema = opened;
  const { pool, schema } = db;
  after(() => db.drop());
  let tables = 0;
  const freshStore = (options: { operationTimeoutMs?: number; deleteExpiredBatchSize?: number } = {}) =>
    createPostgresStore({ pool, schema, table: `t${++tables}`, createSchema: true, ...options });

  runStoreConformance({ name: 'postgres', harness: { describe, test }, createStore: () => freshStore() });

  describe('postgres store', () => {
    const T0 = Date.UTC(2030, 0, 1);
    const w = (data: string, expiresAt = T0 + 60_000, userId: string | null = null) => ({ data, expiresAt, userId });

    test('the exported schema SQL creates a table the store uses with createSchema: false (the default)', async () => {
      const sql = postgresSchemaSql({ schema, table: 'exported' });
      await pool.query(sql);
      await pool.query(sql); // idempotent
      const { rows } = await pool.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname', [schema, 'exported']);
      assert.deepEqual(rows.map((r: { indexname: string }) => r.indexname), ['exported_expires_at_idx', 'exported_pkey', 'exported_user_id_idx']);
      const s = createPostgresStore({ pool, schema, table: 'exported' });
      assert.equal(await s.create('k', w('x', T0 + 60_000, 'u'), T0), true);
      assert.deepEqual(await s.get('k', T0), { data: 'x', expiresAt: T0 + 60_000, version: 1, userId: 'u' });
    });

    test('the default schema SQL names public.tessera_sessions and creates no schema', () => {
      const sql = postgresSchemaSql();
      assert.match(sql, /CREATE TABLE IF NOT EXISTS "public"\."tessera_sessions"/);
      assert.doesNotMatch(sql, /CREATE SCHEMA/);
      assert.match(postgresSchemaSql({ schema: 'sessions' }), /^CREATE SCHEMA IF NOT EXISTS "sessions";/);
    });

    test('without the table and createSchema: false, operations reject with StoreError, and work once it exists', async () => {
      const s = createPostgresStore({ pool, schema, table: 'later' });
      await assert.rejects(s.get('k', T0), (err: unknown) => err instanceof StoreError && err.store === 'postgres' && err.operation === 'get');
      await pool.query(postgresSchemaSql({ schema, table: 'later' }));
      assert.equal(await s.get('k', T0), null);
    });

    test('createSchema is safe when many stores start at once, and creates a missing schema', async () => {
      const target = `${schema}_created`;
      try {
        const stores = Array.from({ length: 8 }, () => createPostgresStore({ pool, schema: target, table: 'racing', createSchema: true }));
        const results = await Promise.all(stores.map((s, i) => s.create(`k${i}`, w(`s${i}`), T0)));
        assert.deepEqual(results, Array(8).fill(true));
        assert.equal((await stores[0]!.list({}, T0)).entries.length, 8);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`);
      }
    });

    test('compare-and-swap under real concurrency: 8 connections, no lost update, conflicts report newer versions', async () => {
      const s = freshStore();
      await s.create('hot', w('0'), T0);
      let ok = 0;
      let conflicts = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          for (let i = 0; i < 40; i++) {
            const current = await s.get('hot', T0);
            const result = await s.update('hot', w(`${worker}:${i}`), current!.version, T0);
            if (result.status === 'ok') ok++;
            else if (result.status === 'conflict') {
              assert.ok(result.version > current!.version, `conflict version ${result.version} is newer than ${current!.version}`);
              conflicts++;
            } else assert.fail('the entry went missing');
          }
        }),
      );
      assert.equal((await s.get('hot', T0))!.version, ok + 1);
      assert.equal(ok + conflicts, 320);
      assert.ok(conflicts > 0, 'the connections did contend');
    });

    test('of concurrent creates replacing one expired entry exactly one wins', async () => {
      const s = freshStore();
      await s.create('k', w('old', T0 + 1000), T0);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.create('k', w(`new${i}`, T0 + 60_000), T0 + 1000)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await s.get('k', T0 + 1000))?.version, 1);
    });

    test('deleteExpired sweeps 10,000 expired rows in batches and returns the exact count', async () => {
      const s = freshStore({ deleteExpiredBatchSize: 700 });
      await s.get('warm-up', T0); // creates the table
      const table = `"${schema}"."t${tables}"`;
      await pool.query(`INSERT INTO ${table} SELECT 'expired-' || i, 'x', $1::bigint - i, 1, NULL FROM generate_series(1, 10000) AS i`, [T0]);
      await pool.query(`INSERT INTO ${table} SELECT 'live-' || i, 'x', $1::bigint + i, 1, NULL FROM generate_series(1, 123) AS i`, [T0]);
      assert.equal(await s.deleteExpired(T0), 10_000);
      assert.equal(await s.deleteExpired(T0), 0);
      assert.equal(Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n), 123);
    });

    /** Holds a row lock in another connection while `fn` runs, so statements on that row block. */
    const whileLocked = async (table: string, key: string, fn: () => Promise<void>) => {
      const blocker = await pool.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query(`SELECT 1 FROM ${table} WHERE key = $1 FOR UPDATE`, [key]);
        await fn();
      } finally {
        await blocker.query('ROLLBACK');
        blocker.release();
      }
    };
    const failsFast = async (run: Promise<unknown>, operation: string, timeoutMs: number) => {
      const started = performance.now();
      await assert.rejects(run, (err: unknown) => err instanceof StoreError && err.operation === operation);
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= timeoutMs * 0.8 && elapsed < timeoutMs + 1000, `failed after ${elapsed.toFixed(0)} ms`);
    };

    test('a statement blocked past operationTimeoutMs fails fast with StoreError; the store recovers', async () => {
      const s = freshStore({ operationTimeoutMs: 300 });
      await s.create('locked', w('x'), T0);
      await whileLocked(`"${schema}"."t${tables}"`, 'locked', () => failsFast(s.update('locked', w('y'), 1, T0), 'update', 300));
      // Without a server-side statement_timeout the server may still finish the abandoned update once
      // the lock goes: its outcome is unknown to the caller (the compare-and-swap keeps it consistent).
      const after = await s.get('locked', T0);
      assert.ok(after?.version === 1 || (after?.version === 2 && after.data === 'y'), JSON.stringify(after));
      assert.equal(await s.touch('locked', T0 + 120_000, T0), true);
    });

    test('with the recommended server-side statement_timeout, a timed-out write is also cancelled on the server', async () => {
      const guarded = new pg.Pool({ connectionString: DATABASE_URL, statement_timeout: 250, max: 2 });
      guarded.on('error', () => {});
      try {
        const s = createPostgresStore({ pool: guarded, schema, table: `t${++tables}`, createSchema: true, operationTimeoutMs: 300 });
        await s.create('locked', w('x'), T0);
        await whileLocked(`"${schema}"."t${tables}"`, 'locked', () => failsFast(s.update('locked', w('y'), 1, T0), 'update', 250));
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(await s.get('locked', T0), { data: 'x', expiresAt: T0 + 60_000, version: 1, userId: null });
        assert.deepEqual(await s.update('locked', w('y'), 1, T0), { status: 'ok', version: 2 });
      } finally {
        await guarded.end();
      }
    });

    test('bad names, timeouts, batch sizes and a pool without an error listener are ConfigErrors', () => {
      for (const table of ['', 'x; DROP TABLE y', 'a"b', '1abc', 'x'.repeat(49)]) {
        assert.throws(() => createPostgresStore({ pool, table }), ConfigError, table);
        assert.throws(() => postgresSchemaSql({ table }), ConfigError, table);
      }
      assert.throws(() => createPostgresStore({ pool, schema: 'public.x' }), ConfigError);
      for (const operationTimeoutMs of [0, -5, 1.5, Number.POSITIVE_INFINITY, 2 ** 31]) {
        assert.throws(() => createPostgresStore({ pool, operationTimeoutMs }), ConfigError);
      }
      assert.throws(() => createPostgresStore({ pool, deleteExpiredBatchSize: 0 }), ConfigError);
      const bare = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
      assert.throws(() => createPostgresStore({ pool: bare }), (err: unknown) => err instanceof ConfigError && /'error' listener/.test(err.message));
      bare.on('error', () => {});
      assert.ok(createPostgresStore({ pool: bare }));
      void bare.end();
    });

    test('a server that refuses connections rejects with StoreError carrying the driver error', async () => {
      const dead = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test' });
      dead.on('error', () => {});
      try {
        const s = createPostgresStore({ pool: dead });
        await assert.rejects(s.get('k', T0), (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.store, 'postgres');
          assert.equal(err.operation, 'get');
          assert.match(String((err.cause as Error).message), /ECONNREFUSED/);
          return true;
        });
      } finally {
        await dead.end();
      }
    });

    before(() => assert.deepEqual(db.poolErrors, []));
    after(() => assert.deepEqual(db.poolErrors, [], 'the pool emitted no error'));
  });
}
