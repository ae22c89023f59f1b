/**
 * Turning SQL rows into store records. Both SQL stores name their columns alike
 * (`key`, `data`, `expires_at`, `version`, `user_id`).
 * @module
 */
import type { StoreListEntry, StoreRecord } from '../../session/store.ts';

/** A row as a driver returns it: integers may come back as number, bigint or (pg's int8) string. */
export interface SessionRow {
  key?: unknown;
  data: unknown;
  expires_at: unknown;
  version: unknown;
  user_id: unknown;
}

const utf8 = new TextDecoder();

/** The record held by `row`; `data` may be text or UTF-8 bytes (Postgres' bytea). */
export function toRecord(row: SessionRow): StoreRecord {
  return {
    data: typeof row.data === 'string' ? row.data : utf8.decode(row.data as Uint8Array),
    expiresAt: Number(row.expires_at),
    version: Number(row.version),
    userId: row.user_id === null || row.user_id === undefined ? null : String(row.user_id),
  };
}

/** The list entry held by `row` (which must include `key`). */
export function toEntry(row: SessionRow): StoreListEntry {
  return { key: String(row.key), ...toRecord(row) };
}

/** The page size asked of `list`: 100 by default, otherwise a whole number from 1 to 10,000. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(10_000, Math.max(1, Math.trunc(limit)));
}
