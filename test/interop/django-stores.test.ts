/**
 * The `django_session` stores (Postgres and SQLite) against tessera's store contract, with the
 * differences the table imposes (keys ≤ 40 characters, fingerprint versions, no user index),
 * and against rows Django's own format writes (naive-UTC text in SQLite, timestamptz in Postgres).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StoreError, ConfigError } from '../../src/errors.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createDjangoPostgresStore, createDjangoSqliteStore, djangoSqliteDatetime, parseDjangoSqliteDatetime, type PgQueryable, type SqliteDatabase } from '../../src/interop/django/index.ts';
import { DJANGO_SESSION_DDL, openPostgres, openSqlite } from './databases.ts';
import type pg from 'pg';
import type Database from 'better-sqlite3';

// Compile-time: the real drivers fit the structural types.
const _pgFits = (p: pg.Pool): PgQueryable => p;
const _sqliteFits = (d: Database.Database): SqliteDatabase => d;

const T0 = Date.UTC(2030, 0, 1);
const MIN = 60_000;
const k = (n: number) => `key${String(n).padStart(29, '0')}`; // 32 characters, like Django's
const w = (data: string, expiresAt = T0 + 10 * MIN) => ({ data, expiresAt, userId: null });

function contract(name: string, make: () => Promise<{ store: SessionStore; reset(): Promise<void> }>) {
  describe(`django_session store: ${name}`, () => {
    let store: SessionStore;
    let reset: () => Promise<void>;
    before(async () => {
      ({ store, reset } = await make());
    });
    const t = (title: string, fn: () => Promise<void>) =>
      test(title, async () => {
        await reset();
        await fn();
      });

    t('create, get, expiry boundary, no overwrite of a live row, replace of an expired one', async () => {
      assert.equal(await store.get(k(1), T0), null);
      assert.equal(await store.create(k(1), w('a', T0 + MIN), T0), true);
      const got = await store.get(k(1), T0);
      assert.deepEqual({ ...got, version: typeof got?.version }, { data: 'a', expiresAt: T0 + MIN, version: 'number', userId: null });
      assert.equal(await store.create(k(1), w('b'), T0), false);
      assert.equal((await store.get(k(1), T0 + MIN - 1))?.data, 'a');
      assert.equal(await store.get(k(1), T0 + MIN), null);
      assert.equal(await store.create(k(1), w('c', T0 + 5 * MIN), T0 + 2 * MIN), true);
      assert.equal((await store.get(k(1), T0 + 2 * MIN))?.data, 'c');
    });

    t('compare-and-swap on the data fingerprint; never inserts; does not resurrect', async () => {
      await store.create(k(1), w('v1'), T0);
      const v1 = (await store.get(k(1), T0))!.version;
      const ok = await store.update(k(1), w('v2', T0 + 20 * MIN), v1, T0);
      assert.equal(ok.status, 'ok');
      const v2 = (await store.get(k(1), T0))!.version;
      assert.deepEqual(ok, { status: 'ok', version: v2 });
      assert.notEqual(v1, v2);
      assert.deepEqual(await store.update(k(1), w('lost'), v1, T0), { status: 'conflict', version: v2 });
      assert.equal((await store.get(k(1), T0))?.data, 'v2');
      assert.deepEqual(await store.update(k(2), w('ghost'), 1, T0), { status: 'missing' });
      assert.equal(await store.get(k(2), T0), null);
      await store.delete(k(1));
      assert.deepEqual(await store.update(k(1), w('stale'), v2, T0), { status: 'missing' });
      assert.equal(await store.touch(k(1), T0 + 30 * MIN, T0), false);
      assert.equal(await store.get(k(1), T0), null);
    });

    t('of concurrent updates from the same version exactly one wins', async () => {
      await store.create(k(1), w('v1'), T0);
      const v1 = (await store.get(k(1), T0))!.version;
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.update(k(1), w(`w${i}`), v1, T0)));
      assert.equal(results.filter((r) => r.status === 'ok').length, 1);
    });

    t('touch keeps data and version; delete is idempotent; deleteExpired and list', async () => {
      await store.create(k(1), w('x', T0 + MIN), T0);
      const before = await store.get(k(1), T0);
      assert.equal(await store.touch(k(1), T0 + 5 * MIN, T0 + 30_000), true);
      assert.deepEqual(await store.get(k(1), T0 + 2 * MIN), { ...before, expiresAt: T0 + 5 * MIN });
      await store.delete(k(1));
      await store.delete(k(1));
      for (let i = 0; i < 12; i++) await store.create(k(i), w(`e${i}`, T0 + (i < 4 ? MIN : 10 * MIN)), T0);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.list!({ cursor, limit: 5 }, T0 + MIN);
        seen.push(...page.entries.map((e) => e.key));
        cursor = page.cursor;
      } while (cursor !== null);
      assert.deepEqual(seen.sort(), Array.from({ length: 8 }, (_, i) => k(i + 4)));
      assert.equal(await store.deleteExpired!(T0 + MIN), 4);
    });

    t('data round-trips byte for byte; keys over 40 characters are a configuration error or never found', async () => {
      const samples = ['', 'żółw 🐢 \u2028 \t\r\n', 'x'.repeat(100_000), "'; DROP TABLE django_session; --"];
      for (const [i, data] of samples.entries()) {
        await store.create(k(i), w(data), T0);
        assert.equal((await store.get(k(i), T0))?.data, data);
      }
      const long = 'k'.repeat(43);
      assert.equal(await store.get(long, T0), null);
      await assert.rejects(store.create(long, w('x'), T0), ConfigError);
    });
  });
}

const sqlite = openSqlite();
sqlite.db.exec(DJANGO_SESSION_DDL.sqlite);
after(() => sqlite.remove());
contract('SQLite', async () => ({ store: createDjangoSqliteStore(sqlite.db), reset: async () => void sqlite.db.exec('DELETE FROM django_session') }));

const postgres = await openPostgres();
if (postgres === null) {
  test('django_session store: Postgres', { skip: 'no Postgres server answers (set TESSERA_TEST_POSTGRES_URL)' }, () => {});
} else {
  await postgres.pool.query(DJANGO_SESSION_DDL.postgres(postgres.schema));
  after(() => postgres.drop());
  contract('Postgres', async () => ({
    store: createDjangoPostgresStore(postgres.pool, { schema: postgres.schema }),
    reset: async () => void (await postgres.pool.query(`DELETE FROM "${postgres.schema}".django_session`)),
  }));
}

describe('django_session store details', () => {
  test("SQLite datetimes as Django's backend writes them", () => {
    assert.equal(djangoSqliteDatetime(Date.UTC(2024, 1, 29, 13, 37, 42)), '2024-02-29 13:37:42');
    assert.equal(djangoSqliteDatetime(Date.UTC(2024, 1, 29, 13, 37, 42, 5)), '2024-02-29 13:37:42.005000');
    assert.equal(parseDjangoSqliteDatetime('2024-02-29 13:37:42.123456'), Date.UTC(2024, 1, 29, 13, 37, 42, 123));
  });
  test('driver failures are StoreError with the cause', async () => {
    const failing = createDjangoPostgresStore({ query: () => Promise.reject(new Error('connection refused')) });
    await assert.rejects(failing.get(k(1), T0), (e: unknown) => e instanceof StoreError && e.store === 'django-postgres' && e.operation === 'get');
    const { db, remove } = openSqlite();
    try {
      await assert.rejects(createDjangoSqliteStore(db).get(k(1), T0), StoreError); // no table yet
    } finally {
      remove();
    }
  });
});

void _pgFits;
void _sqliteFits;
