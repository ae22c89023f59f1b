/**
 * The store floor (bench/http/floors/store.ts) on Postgres (pg Pool, default size): one
 * SELECT by primary key with the expiry in the WHERE clause, and one upsert.
 */
import pg from 'pg';
import { createStoreFloor } from '../floors/store.ts';
import { DATABASE_URL } from '../lib/services.ts';
import { SCHEMA } from './bench-store.ts';
import { serveNode } from './common.ts';

const pool = new pg.Pool({ connectionString: DATABASE_URL });
const table = `${SCHEMA}.floor`;
await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}; CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, data text NOT NULL, expires_at bigint NOT NULL)`);
const select = `SELECT data FROM ${table} WHERE id = $1 AND expires_at > $2`;
const upsert = `INSERT INTO ${table} (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`;
serveNode(
  createStoreFloor({
    get: async (id) => ((await pool.query<{ data: string }>(select, [id, Date.now()])).rows[0]?.data ?? null),
    set: async (id, json, ttlMs) => void (await pool.query(upsert, [id, json, Date.now() + ttlMs])),
  }),
);
