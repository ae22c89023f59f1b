/**
 * The Lua scripts of the Redis store. Each touches exactly one key (`KEYS[1]`), so each runs
 * atomically on whichever Redis Cluster node owns that key. Time is always the caller's `now`
 * (`ARGV[1]`): an entry whose stored expiry `e` is `<= now` is expired even if Redis has not
 * evicted it yet. Entries are hashes `d` (data), `e` (expiresAt), `v` (version), `u` (user id,
 * absent when null); every write also sets `PEXPIREAT` so Redis frees the memory by itself.
 * @module
 */
import { createHash } from 'node:crypto';

/** A script with its SHA-1, for `EVALSHA` with a fallback to `EVAL` on `NOSCRIPT`. */
export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

const script = (source: string): RedisScript => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/** Shared prelude: `live` is the stored expiry when the entry is live at `ARGV[1]`, else false. */
const LIVE = `local e = redis.call('HGET', KEYS[1], 'e')
local live = e and tonumber(e) > tonumber(ARGV[1]) and e`;

/** get: ARGV now. Returns nil, or {data, expiresAt, version, userId|nil}. */
export const GET = script(`${LIVE}
if not live then return nil end
return redis.call('HMGET', KEYS[1], 'd', 'e', 'v', 'u')`);

/** create: ARGV now, data, expiresAt, pxat, hasUser ('1'|'0'), userId. Returns 1 inserted, 0 live entry kept. */
export const CREATE = script(`${LIVE}
if live then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'e', ARGV[3], 'v', '1')
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'u', ARGV[6]) end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1`);

/**
 * update (compare-and-swap): ARGV now, expectedVersion, data, expiresAt, pxat, hasUser, userId.
 * Returns {0} missing, {1, version} conflict, {2, newVersion, previousUserId|nil} ok.
 */
export const UPDATE = script(`${LIVE}
if not live then return {0} end
local cur = redis.call('HMGET', KEYS[1], 'v', 'u')
local v = tonumber(cur[1])
if v ~= tonumber(ARGV[2]) then return {1, v} end
redis.call('HSET', KEYS[1], 'd', ARGV[3], 'e', ARGV[4], 'v', tostring(v + 1))
if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'u', ARGV[7]) else redis.call('HDEL', KEYS[1], 'u') end
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return {2, v + 1, cur[2]}`);

/**
 * touch: ARGV now, expiresAt, pxat, indexedUser ('' = none, else '=' .. userId). Extends only when
 * the entry has no user or its user's index was already extended, so an index never expires
 * before one of its entries. Returns {0} missing, {1} touched, {2, userId} extend that index first.
 */
export const TOUCH = script(`${LIVE}
if not live then return {0} end
local u = redis.call('HGET', KEYS[1], 'u')
if u and '=' .. u ~= ARGV[4] then return {2, u} end
redis.call('HSET', KEYS[1], 'e', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1}`);

/**
 * delete: ARGV [userId]. With a user id, deletes only an entry bound to that user (deleteByUser).
 * Returns {deletedCount, userId|nil}.
 */
export const DELETE = script(`local u = redis.call('HGET', KEYS[1], 'u')
if ARGV[1] and u ~= ARGV[1] then return {0} end
return {redis.call('DEL', KEYS[1]), u}`);

/**
 * The per-user index, a sorted set of entry keys scored by the latest expiry (pxat) ever written
 * for them. ARGV: now ('' = no pruning by score), member to add ('' = none), its score,
 * returnMembers ('1'|'0'), members to remove... A score only grows; members scored `<= now` are
 * pruned (their entry has expired); the set's own PEXPIREAT is its highest score, so an empty
 * or fully expired index disappears by itself. Returns the members when asked, else 1.
 */
export const INDEX = script(`local k = KEYS[1]
if ARGV[2] ~= '' then
  local s = redis.call('ZSCORE', k, ARGV[2])
  if not s or tonumber(s) < tonumber(ARGV[3]) then redis.call('ZADD', k, ARGV[3], ARGV[2]) end
end
for i = 5, #ARGV do redis.call('ZREM', k, ARGV[i]) end
if ARGV[1] ~= '' then redis.call('ZREMRANGEBYSCORE', k, '-inf', ARGV[1]) end
local top = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
if top[2] then redis.call('PEXPIREAT', k, top[2]) end
if ARGV[4] == '1' then return redis.call('ZRANGE', k, 0, -1) end
return 1`);
