import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/stores/sqlite.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-mp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Tally {
  ok: number[];
  conflicts: number;
  missing: number;
}

describe('sqlite store shared by several processes', () => {
  test('concurrent compare-and-swap updates from 3 processes lose no update and raise no error', { timeout: 60_000 }, async () => {
    const file = join(dir, 'shared.db');
    const keys = 3;
    const iterations = 1500;
    const T0 = Date.UTC(2030, 0, 1);
    const db = new Database(file, { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    const store = createSqliteStore({ db });
    for (let k = 0; k < keys; k++) await store.create(`key-${k}`, { data: 'start', expiresAt: T0 + 3_600_000, userId: null }, T0);

    const startAt = Date.now() + 1500; // the workers' start-up (tsx) takes a few hundred ms
    const worker = join(import.meta.dirname, '..', 'helpers', 'sqlite-cas-worker.ts');
    const outputs = await Promise.all(
      Array.from({ length: 3 }, () =>
        run(process.execPath, ['--import', 'tsx', worker, file, String(keys), String(iterations), String(startAt)], { timeout: 50_000 }),
      ),
    );
    const tallies = outputs.map((o) => JSON.parse(o.stdout) as Tally);
    for (let k = 0; k < keys; k++) {
      const successes = tallies.reduce((sum, t) => sum + t.ok[k]!, 0);
      const final = await store.get(`key-${k}`, T0);
      assert.equal(successes, final!.version - 1, `key-${k}: every successful update is one version step`);
    }
    const updates = tallies.reduce((sum, t) => sum + t.ok.reduce((a, b) => a + b, 0), 0);
    const conflicts = tallies.reduce((sum, t) => sum + t.conflicts, 0);
    assert.equal(updates + conflicts, 3 * iterations, 'every attempt either succeeded or conflicted');
    assert.equal(tallies.reduce((sum, t) => sum + t.missing, 0), 0);
    assert.ok(conflicts > 0, 'the processes did contend');
    console.warn(`sqlite multi-process: ${updates} updates, ${conflicts} conflicts across 3 processes`);
    db.close();
  });
});
