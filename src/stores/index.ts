/**
 * `tessera/stores`: every store, and `createStoreFromUrl` to pick one from configuration.
 * Importing this module loads no database driver: each store takes a client you construct,
 * and `createStoreFromUrl` imports only the driver its URL names.
 * @module
 */
export { createMemoryStore } from './memory.ts';
export type { MemoryStore, MemoryStoreOptions } from './memory.ts';
export { createSqliteStore, sqliteSchemaSql } from './sqlite.ts';
export type { SqliteDatabase, SqliteStore, SqliteStoreOptions } from './sqlite.ts';
export { createPostgresStore, postgresSchemaSql } from './postgres.ts';
export type { PostgresQueryable, PostgresStore, PostgresStoreOptions } from './postgres.ts';
export { createRedisStore, recommendedIoredisOptions } from './redis.ts';
export type { RedisClientLike, RedisStore, RedisStoreOptions } from './redis.ts';
export { createStoreFromUrl, STORE_URL_SCHEMES } from './url.ts';
export type { StoreFromUrl } from './url.ts';
