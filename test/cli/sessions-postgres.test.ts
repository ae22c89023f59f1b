/**
 * `tessera sessions` against the real Postgres store (`DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/test), in a schema of this run's own, dropped at the end;
 * and a sweep with progress through the table in batches. Outside CI a missing server skips
 * with a loud message naming the start command; in CI it fails.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openTestSchema, DATABASE_URL } from '../helpers/postgres-test-db.ts';
import { createStoreFromUrl } from '../../src/stores/index.ts';
import { storeCommandTests } from './store-suite.ts';
import { lines, tessera } from './support.ts';

const opened = await openTestSchema();
const skip = 'skip' in opened ? opened.skip : false;
const schema = 'skip' in opened ? 'none' : opened.schema;
const url = `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}`;

after(async () => {
  if (!('skip' in opened)) await opened.drop();
});

describe('tessera sessions on Postgres', () => {
  storeCommandTests(() => ({ url, countsExpired: true }), skip);

  test('sweep in batches: 2,500 expired rows, progress lines, live rows kept', { skip }, async () => {
    if ('skip' in opened) return;
    const made = await createStoreFromUrl(url);
    const t = Date.now();
    assert.equal(await made.store.create('live-after-sweep', { data: '{}', expiresAt: t + 3_600_000, userId: null }, t), true);
    await made.close();
    await opened.pool.query(
      `INSERT INTO "${schema}".tessera_sessions (key, data, expires_at, version, user_id)
       SELECT 'expired-' || i, convert_to('{}', 'UTF8'), $1::bigint - i, 1, NULL FROM generate_series(1, 2500) AS i`,
      [t - 60_000],
    );
    const r = await tessera(['sessions', 'sweep', '--store', url, '--batch-size', '250']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^deleted 2,500 expired sessions in /);
    const progress = lines(r.stderr);
    assert.ok(progress.length >= 2 && progress.every((l) => /^sweep: [\d,]+ of 2,500 expired rows deleted \(\d+%\), \d+\.\d s$/.test(l)), r.stderr);
    const left = await opened.pool.query(`SELECT key FROM "${schema}".tessera_sessions WHERE key LIKE 'expired-%' OR key = 'live-after-sweep'`);
    assert.deepEqual(left.rows, [{ key: 'live-after-sweep' }]);
  });
});
