/**
 * The store floor (bench/http/floors/store.ts) on SQLite (better-sqlite3, WAL, synchronous =
 * NORMAL like tessera's `sqlite:` store): one prepared
 * SELECT by primary key with the expiry in the WHERE clause, and one prepared upsert.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createStoreFloor } from '../floors/store.ts';
import { SQLITE_FILE } from './bench-store.ts';
import { serveNode } from './common.ts';

const db = new Database(SQLITE_FILE);
process.once('exit', () => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(SQLITE_FILE + suffix, { force: true });
});
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL'); // the same durability as tessera's `sqlite:` store
db.exec('CREATE TABLE IF NOT EXISTS floor (id TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL)');
const select = db.prepare<[string, number], { data: string }>('SELECT data FROM floor WHERE id = ? AND expires_at > ?');
const upsert = db.prepare('INSERT INTO floor (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at');
serveNode(
  createStoreFloor({
    get: (id) => select.get(id, Date.now())?.data ?? null,
    set: (id, json, ttlMs) => void upsert.run(id, json, Date.now() + ttlMs),
  }),
);
