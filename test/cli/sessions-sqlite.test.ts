/**
 * `tessera sessions` against the real SQLite store (a temporary file), and the sweep of
 * 100,000 expired rows with its line-based progress (a spawned process is not a terminal).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createStoreFromUrl } from '../../src/stores/index.ts';
import { storeCommandTests } from './store-suite.ts';
import { lines, makeSessions, tessera } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera sessions on SQLite', () => {
  const url = `sqlite:${join(dir, 'sessions.db')}`;
  storeCommandTests(() => ({ url, countsExpired: true }), false);
});

describe('tessera sessions sweep: 100,000 expired rows', () => {
  const file = join(dir, 'sweep.db');
  const url = `sqlite:${file}`;
  const EXPIRED = 100_000;
  let live: string[] = [];

  before(async () => {
    const made = await createStoreFromUrl(url);
    live = (await makeSessions(made.store, [{ user: 'u1' }, {}, {}])).map((s) => s.key);
    await made.close();
    // Straight into the store's table in one transaction: already expired in real time.
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO tessera_sessions (key, data, expires_at, version, user_id) VALUES (?, ?, ?, 1, ?)');
    const past = Date.now() - 3_600_000;
    db.transaction(() => {
      for (let i = 0; i < EXPIRED; i++) insert.run(`expired-${i.toString(36).padStart(6, '0')}`, '{"v":1,"c":0,"a":0,"d":{}}', past + (i % 1000), i % 10 === 0 ? `user-${i % 97}` : null);
    })();
    db.close();
  });

  test('finishes, reports the count, and prints progress as lines', async () => {
    const r = await tessera(['sessions', 'sweep', '--store', url], {}, { timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^deleted 100,000 expired sessions in \d+\.\d\d s \(sqlite:/);
    assert.doesNotMatch(r.stderr, /\r|\x1b/, 'no terminal control codes when stderr is not a terminal');
    const progress = lines(r.stderr);
    assert.ok(progress.length >= 2, `several progress lines, got ${JSON.stringify(r.stderr)}`);
    let previous = 0;
    for (const line of progress) {
      const m = /^sweep: ([\d,]+) of 100,000 expired rows deleted \((\d+)%\), \d+\.\d s$/.exec(line);
      assert.ok(m !== null, `a progress line: ${line}`);
      const done = Number(m[1]!.replace(/,/g, ''));
      assert.ok(done > previous && done < EXPIRED, 'progress grows and reflects the real count');
      assert.equal(Number(m[2]), Math.floor((done / EXPIRED) * 100));
      previous = done;
    }
    const db = new Database(file, { readonly: true });
    const left = db.prepare('SELECT key FROM tessera_sessions ORDER BY key').all() as Array<{ key: string }>;
    db.close();
    assert.deepEqual(left.map((row) => row.key), [...live].sort(), 'only the live sessions remain');
  });

  test('--json and --quiet: the totals only', async () => {
    const r = await tessera(['sessions', 'sweep', '--store', url, '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const body = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(body.deleted, 0);
    assert.equal(body.expiredAtStart, 0);
    assert.equal(typeof body.seconds, 'number');
  });
});
