import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore, sqliteSchemaSql } from '../../src/stores/sqlite.ts';
import { runStoreConformance } from '../../src/testing/store-conformance.ts';
import { ConfigError, StoreError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** A fresh database file in WAL mode, as the docs recommend. */
const openDb = () => {
  const db = new Database(join(dir, `${++files}.db`), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  return db;
};
const open = new WeakMap<object, Database.Database>();

runStoreConformance({
  name: 'sqlite',
  harness: { describe, test },
  createStore: () => {
    const db = openDb();
    const store = createSqliteStore({ db });
    open.set(store, db);
    return store;
  },
  destroyStore: (store) => {
    open.get(store)?.close();
  },
  syncForms: true,
});

describe('sqlite store', () => {
  const T0 = Date.UTC(2030, 0, 1);
  const w = (data: string, expiresAt = T0 + 60_000, userId: string | null = null) => ({ data, expiresAt, userId });

  test('the exported schema SQL creates a table the store uses with createSchema: false', async () => {
    const db = openDb();
    try {
      db.exec(sqliteSchemaSql('app_sessions'));
      db.exec(sqliteSchemaSql('app_sessions')); // idempotent
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app_sessions' ORDER BY name").all();
      assert.deepEqual(indexes.map((r) => (r as { name: string }).name), [
        'app_sessions_expires_at_idx',
        'app_sessions_user_id_idx',
        'sqlite_autoindex_app_sessions_1',
      ]);
      const s = createSqliteStore({ db, table: 'app_sessions', createSchema: false });
      assert.equal(await s.create('k', w('x', T0 + 60_000, 'u'), T0), true);
      assert.deepEqual(await s.get('k', T0), { data: 'x', expiresAt: T0 + 60_000, version: 1, userId: 'u' });
    } finally {
      db.close();
    }
  });

  test('without the schema and createSchema: false, operations reject with StoreError', async () => {
    const db = openDb();
    try {
      const s = createSqliteStore({ db, createSchema: false });
      await assert.rejects(s.get('k', T0), (err: unknown) => err instanceof StoreError && err.store === 'sqlite' && err.operation === 'get');
      db.exec(sqliteSchemaSql());
      assert.equal(await s.get('k', T0), null, 'the store recovers once the table exists');
    } finally {
      db.close();
    }
  });

  test('the synchronous forms throw StoreError naming the operation, on a missing table and on a closed database', () => {
    const db = openDb();
    const s = createSqliteStore({ db, createSchema: false });
    const failsAs = (operation: string) => (err: unknown) => err instanceof StoreError && err.store === 'sqlite' && err.operation === operation;
    assert.throws(() => s.sync.get('k', T0), failsAs('get'));
    db.exec(sqliteSchemaSql());
    assert.equal(s.sync.get('k', T0), null, 'the store recovers once the table exists');
    db.close();
    assert.throws(() => s.sync.get('k', T0), failsAs('get'));
    assert.throws(() => s.sync.update('k', w('x'), 1, T0), failsAs('update'));
    assert.throws(() => s.sync.touch('k', T0 + 1, T0), failsAs('touch'));
  });

  test('the query plans use the indexes', () => {
    const db = openDb();
    try {
      db.exec(sqliteSchemaSql());
      const plan = (sql: string) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => (r as { detail: string }).detail).join('; ');
      assert.match(plan('SELECT rowid FROM tessera_sessions WHERE expires_at <= 1 LIMIT 5'), /tessera_sessions_expires_at_idx/);
      assert.match(plan("SELECT key FROM tessera_sessions WHERE user_id = 'u' AND expires_at > 1"), /tessera_sessions_user_id_idx/);
      assert.match(plan("SELECT key FROM tessera_sessions WHERE key = 'k'"), /sqlite_autoindex_tessera_sessions_1/);
    } finally {
      db.close();
    }
  });

  test('deleteExpired sweeps 10,000 expired rows in batches and returns the exact count', async () => {
    const db = openDb();
    try {
      const s = createSqliteStore({ db, deleteExpiredBatchSize: 700 });
      await s.get('warm-up', T0); // creates the schema
      const insert = db.prepare('INSERT INTO tessera_sessions (key, data, expires_at, version, user_id) VALUES (?, ?, ?, 1, NULL)');
      db.transaction(() => {
        for (let i = 0; i < 10_000; i++) insert.run(`expired-${i}`, 'x', T0 - 1 - i);
        for (let i = 0; i < 123; i++) insert.run(`live-${i}`, 'x', T0 + 1 + i);
      })();
      assert.equal(await s.deleteExpired(T0), 10_000);
      assert.equal(await s.deleteExpired(T0), 0);
      assert.equal((db.prepare('SELECT count(*) AS n FROM tessera_sessions').get() as { n: number }).n, 123);
    } finally {
      db.close();
    }
  });

  test('a batch size that divides the expired count exactly still returns the exact count', async () => {
    const db = openDb();
    try {
      const s = createSqliteStore({ db, deleteExpiredBatchSize: 5 });
      for (let i = 0; i < 20; i++) await s.create(`k${i}`, w('x', T0 + 1000), T0);
      assert.equal(await s.deleteExpired(T0 + 1000), 20);
    } finally {
      db.close();
    }
  });

  test('integers written back as bigint (safeIntegers) still read as numbers', async () => {
    const db = openDb();
    try {
      db.defaultSafeIntegers(true);
      const s = createSqliteStore({ db });
      await s.create('k', w('x', T0 + 60_000, 'u'), T0);
      assert.deepEqual(await s.update('k', w('y', T0 + 90_000, 'u'), 1, T0), { status: 'ok', version: 2 });
      assert.deepEqual(await s.get('k', T0), { data: 'y', expiresAt: T0 + 90_000, version: 2, userId: 'u' });
      assert.equal(await s.deleteByUser('u'), 1);
    } finally {
      db.close();
    }
  });

  test('a bad table name or batch size is a ConfigError at creation', () => {
    const db = openDb();
    try {
      for (const table of ['', 'sessions; DROP TABLE x', 'a"b', '1abc', 'x'.repeat(49), 'sp ace']) {
        assert.throws(() => createSqliteStore({ db, table }), ConfigError, table);
        assert.throws(() => sqliteSchemaSql(table), ConfigError, table);
      }
      for (const deleteExpiredBatchSize of [0, -1, 1.5, Number.NaN]) {
        assert.throws(() => createSqliteStore({ db, deleteExpiredBatchSize }), ConfigError);
      }
    } finally {
      db.close();
    }
  });

  test('a driver failure (closed database) rejects every operation with StoreError carrying the cause', async () => {
    const db = openDb();
    const s = createSqliteStore({ db });
    await s.create('k', w('x'), T0);
    db.close();
    const ops: [string, () => Promise<unknown>][] = [
      ['get', () => s.get('k', T0)],
      ['create', () => s.create('k2', w('x'), T0)],
      ['update', () => s.update('k', w('y'), 1, T0)],
      ['touch', () => s.touch('k', T0 + 1, T0)],
      ['delete', () => s.delete('k')],
      ['deleteExpired', () => s.deleteExpired(T0)],
      ['list', () => s.list({}, T0)],
      ['listByUser', () => s.listByUser('u', T0)],
      ['deleteByUser', () => s.deleteByUser('u')],
    ];
    for (const [operation, run] of ops) {
      await assert.rejects(run(), (err: unknown) => {
        assert.ok(err instanceof StoreError, operation);
        assert.equal(err.code, 'ERR_TESSERA_STORE');
        assert.equal(err.store, 'sqlite');
        assert.equal(err.operation, operation);
        assert.ok(err.cause instanceof Error);
        return true;
      });
    }
  });

  test('two stores with different tables share one database without interfering', async () => {
    const db = openDb();
    try {
      const a = createSqliteStore({ db, table: 'a_sessions' });
      const b = createSqliteStore({ db, table: 'b_sessions' });
      await a.create('k', w('in a'), T0);
      assert.equal(await b.get('k', T0), null);
      assert.equal(await b.create('k', w('in b'), T0), true);
      assert.equal((await a.get('k', T0))?.data, 'in a');
    } finally {
      db.close();
    }
  });

  test('list pages are keyset-paginated in key order and clamp odd limits', async () => {
    const db = openDb();
    try {
      const s = createSqliteStore({ db });
      for (const k of ['b', 'a', 'd', 'c']) await s.create(k, w(k), T0);
      const first = await s.list({ limit: 3 }, T0);
      assert.deepEqual(first.entries.map((e) => e.key), ['a', 'b', 'c']);
      assert.equal(first.cursor, 'c');
      const second = await s.list({ cursor: first.cursor, limit: 3 }, T0);
      assert.deepEqual(second, { entries: [{ key: 'd', data: 'd', expiresAt: T0 + 60_000, version: 1, userId: null }], cursor: null });
      assert.equal((await s.list({ limit: 0 }, T0)).entries.length, 1);
      assert.equal((await s.list({}, T0)).entries.length, 4);
    } finally {
      db.close();
    }
  });
});
