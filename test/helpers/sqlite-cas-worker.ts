// A child process of test/stores/sqlite-multiprocess.test.ts: hammers a shared SQLite file with
// compare-and-swap updates (get, then update at the version read) and prints its tally as JSON.
// argv: <file> <keys> <iterations> <startAt epoch ms>
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/stores/sqlite.ts';

const [file, keysArg, iterationsArg, startAtArg] = process.argv.slice(2);
const keys = Number(keysArg);
const iterations = Number(iterationsArg);
const db = new Database(file!, { timeout: 10_000 });
db.pragma('journal_mode = WAL');
const store = createSqliteStore({ db });
const now = Date.UTC(2030, 0, 1);
const ok: number[] = Array.from({ length: keys }, () => 0);
let conflicts = 0;
let missing = 0;

// Start together with the other workers, so their loops overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtArg) - Date.now())));
for (let i = 0; i < iterations; i++) {
  const k = i % keys;
  const key = `key-${k}`;
  const current = await store.get(key, now);
  if (current === null) throw new Error(`${key} vanished`);
  // Pause between the read and the write now and then, so other processes' writes get in between.
  if (i % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  const result = await store.update(key, { data: `${process.pid}:${i}`, expiresAt: now + 3_600_000, userId: null }, current.version, now);
  if (result.status === 'ok') ok[k]!++;
  else if (result.status === 'conflict') {
    if (result.version <= current.version) throw new Error(`conflict reported stale version ${result.version} <= ${current.version}`);
    conflicts++;
  } else missing++;
}
db.close();
process.stdout.write(JSON.stringify({ ok, conflicts, missing }));
