/**
 * The Lua scripts of the Redis store's writes (a read is a plain HMGET). Each touches one entry and at most the user index of that
 * entry's bucket (same hash tag, so same cluster slot), all declared in `KEYS`, so each runs
 * atomically on whichever Redis Cluster node owns the slot. Time is always the caller's `now`
 * (`ARGV[1]`): an entry whose stored expiry `e` is `<= now` is expired even if Redis has not
 * evicted it yet. Entries are hashes `d` (data), `e` (expiresAt), `v` (version), `u` (user id,
 * absent when null); every write also sets `PEXPIREAT` so Redis frees the memory by itself.
 *
 * A user index is a sorted set of entry keys scored by the latest expiry (pxat) written for them;
 * a score only grows, members scored `<= now` are pruned on every write, and the set's own
 * PEXPIREAT is its highest score. Every script that writes an entry bound to a user indexes it in
 * the same step, so every live entry bound to user U is in U's index with a score at least its
 * expiry, and no index outlives its last possible live entry.
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

/** Shared: adds member `m` to index `k` with score `s` (scores only grow), prunes, sets the index's expiry. */
const INDEX_FN = `local function index(k, m, s)
  local cur = redis.call('ZSCORE', k, m)
  if not cur or tonumber(cur) < tonumber(s) then redis.call('ZADD', k, s, m) end
  redis.call('ZREMRANGEBYSCORE', k, '-inf', ARGV[1])
  local top = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
  if top[2] then redis.call('PEXPIREAT', k, top[2]) end
end`;

/**
 * The body shared by create and replace: writes the entry KEYS[1] (version 1) unless a live one
 * exists, indexes it in `indexKey` when given, and runs `after` once written. ARGV now, data,
 * expiresAt, pxat, member, userId (with an index). Returns 1 written, 0 a live entry kept.
 */
const createBody = (indexKey: string, after: string) => `${LIVE}
${INDEX_FN}
if live then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'e', ARGV[3], 'v', '1')
if ${indexKey} then
  redis.call('HSET', KEYS[1], 'u', ARGV[6])
  index(${indexKey}, ARGV[5], ARGV[4])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
${after}return 1`;

/**
 * create: KEYS entry [, user index]; ARGV now, data, expiresAt, pxat, member, userId (with an index).
 * Returns 1 inserted, 0 live entry kept.
 */
export const CREATE = script(createBody('KEYS[2]', ''));

/**
 * replace (regenerate in one step): KEYS new entry, old entry (same slot) [, user index];
 * ARGV as create. Create's rules for the new entry; only when it was written, the old entry is
 * deleted (its user's index keeps the member until pruned, as after DELETE). Returns 1 done, 0 a
 * live entry holds the new key (nothing changed).
 */
export const REPLACE = script(createBody('KEYS[3]', "redis.call('DEL', KEYS[2])\n"));

/**
 * update (compare-and-swap): KEYS entry [, user index]; ARGV now, expectedVersion, data, expiresAt,
 * pxat, member, userId (with an index). Returns {0} missing, {1, version} conflict, {2, newVersion} ok.
 * A previous user's index keeps its member (its key is not declared); readers check the entry.
 */
export const UPDATE = script(`local f = redis.call('HMGET', KEYS[1], 'e', 'v', 'u')
if not f[1] or tonumber(f[1]) <= tonumber(ARGV[1]) then return {0} end
${INDEX_FN}
local v = tonumber(f[2])
if v ~= tonumber(ARGV[2]) then return {1, v} end
redis.call('HSET', KEYS[1], 'd', ARGV[3], 'e', ARGV[4], 'v', tostring(v + 1))
if KEYS[2] then
  redis.call('HSET', KEYS[1], 'u', ARGV[7])
  index(KEYS[2], ARGV[6], ARGV[5])
elseif f[3] then
  redis.call('HDEL', KEYS[1], 'u')
end
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return {2, v + 1}`);

/**
 * touch: KEYS entry [, index of the user the caller expects]; ARGV now, expiresAt, pxat, member,
 * expected userId (with an index). Moves the expiry and, for an entry with a user, that user's
 * index score in the same step. Returns {0} missing, {1} touched, {2, userId} when the entry's
 * user is not the expected one (call again with that user's index; nothing was changed).
 */
export const TOUCH = script(`${LIVE}
${INDEX_FN}
if not live then return {0} end
local u = redis.call('HGET', KEYS[1], 'u')
if u and not (KEYS[2] and u == ARGV[5]) then return {2, u} end
redis.call('HSET', KEYS[1], 'e', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
if u then index(KEYS[2], ARGV[4], ARGV[3]) end
return {1}`);

/** delete: KEYS entry. Returns the number deleted. The user's index keeps the member until it is pruned. */
export const DELETE = script(`return redis.call('DEL', KEYS[1])`);

/**
 * delete of a user's entry (deleteByUser) and index clean-up: KEYS entry, user index; ARGV now
 * ('' = delete whatever its expiry), member, userId, deleteEntry ('1'|'0'). Removes the member;
 * deletes the entry only when it is bound to the user (and deleteEntry is '1'); with a `now`, an
 * entry that is live and still bound to the user keeps its member (clean-up after a read).
 * Returns 1 when an entry was deleted, else 0.
 */
export const UNINDEX = script(`local u = redis.call('HGET', KEYS[1], 'u')
local e = redis.call('HGET', KEYS[1], 'e')
local mine = u == ARGV[3]
if ARGV[1] ~= '' and mine and e and tonumber(e) > tonumber(ARGV[1]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[2])
if mine and ARGV[4] == '1' then return redis.call('DEL', KEYS[1]) end
return 0`);

/** members: KEYS user index; ARGV now ('' = no pruning). Prunes members scored `<= now`, returns the rest. */
export const MEMBERS = script(`if ARGV[1] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return redis.call('ZRANGE', KEYS[1], 0, -1)`);
