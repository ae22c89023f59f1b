/**
 * The Redis store: sessions shared by every process, freed by Redis's own expiry. It takes a client
 * (ioredis `Redis`/`Cluster`, node-redis `createClient`/`createCluster`) typed structurally, so it
 * never loads a driver. A read is one HMGET; each write is one Lua script (EVALSHA, EVAL on NOSCRIPT)
 * over an entry and at most its bucket's user index, which share a hash tag (redis-keys.ts): atomic,
 * one round trip, and Redis Cluster-safe. Layout and trade-offs: docs/stores.md (Redis).
 * @module
 */
import { ConfigError, StoreError } from '../errors.ts';
import type { SessionStore, StoreListEntry, StoreRecord, StoreWrite, UpdateResult, UserIndexedStore } from '../session/store.ts';
import { createDeadline } from './deadline.ts';
import { decodeCursor, encodeCursor } from './redis-cursor.ts';
import { BUCKET_TAGS, redisKeys, tagOf } from './redis-keys.ts';
import { CREATE, DELETE, MEMBERS, REPLACE, TOUCH, UNINDEX, UPDATE, type RedisScript } from './redis-scripts.ts';

type Reply = Promise<unknown>;
type ScanReply = Promise<[cursor: string, keys: string[]]>;

/** One ioredis connection, e.g. a `Cluster#nodes('master')` element. */
export interface IoRedisNodeLike {
  readonly options: { host?: string | undefined; port?: number | undefined };
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): ScanReply;
}

/** The part of an ioredis `Redis` or `Cluster` the store uses (`nodes` only on a `Cluster`). */
export interface IoRedisClientLike extends Omit<IoRedisNodeLike, 'options'> {
  hmget(key: string, ...fields: string[]): Reply;
  evalsha(sha: string, numKeys: number, ...args: string[]): Reply;
  eval(script: string, numKeys: number, ...args: string[]): Reply;
  nodes?(role: 'master'): IoRedisNodeLike[];
}

/** The part of a node-redis (v4.6+) `createClient()` client the store uses. */
export interface NodeRedisClientLike {
  sendCommand(args: string[]): Reply;
}

/** The part of a node-redis (v4.6+) `createCluster()` cluster the store uses. */
export interface NodeRedisClusterLike {
  sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Reply;
  readonly masters: readonly { readonly address: string }[];
  nodeClient(node: never): NodeRedisClientLike | Promise<NodeRedisClientLike>;
}

/** Any client the store accepts. */
export type RedisClientLike = IoRedisClientLike | NodeRedisClientLike | NodeRedisClusterLike;

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * A client (ioredis: built with {@link recommendedIoredisOptions}; node-redis: `await connect()`ed,
   * `disableOfflineQueue: true`). Both reconnect by themselves. Give it an `'error'` listener:
   * node-redis throws (ending the process) on an `'error'` event nobody listens to, ioredis logs
   * it; the store never touches the client's listeners. Don't set ioredis `keyPrefix` (SCAN
   * patterns ignore it); use `prefix`.
   */
  client: RedisClientLike;
  /**
   * Prepended to every key; default `tessera:`. Entries are `<prefix>s:{<tag>}<key>`, user indexes
   * `<prefix>u:{<tag>}<userId>` (one per user and bucket). Must not contain `{` or `}`: the store
   * places its own hash tags.
   */
  prefix?: string;
  /** Every operation rejects with StoreError after this many milliseconds without an answer; default 2000. */
  operationTimeoutMs?: number;
}

/** The Redis store: the whole contract except `deleteExpired` (Redis expires entries itself). */
export interface RedisStore extends UserIndexedStore {
  list: NonNullable<SessionStore['list']>;
  replace: NonNullable<SessionStore['replace']>;
  sameStep: NonNullable<SessionStore['sameStep']>;
}

type ScanNode = { id: string; scan(cursor: string, pattern: string, count: number): ScanReply };
type Adapter = {
  run(script: RedisScript, keys: string[], args: string[]): Reply;
  /** The entry's fields d, e, v, u in one plain command (a read needs no script). */
  fields(entry: string): Reply;
  nodes(): ScanNode[];
};

/** EVALSHA first (no script body on the wire); EVAL loads the script where it is missing. */
const cached = (sha: () => Reply, source: () => Reply): Reply =>
  sha().catch((err: unknown) => (err instanceof Error && err.message.startsWith('NOSCRIPT') ? source() : Promise.reject(err)));
const ioScan = (id: string, c: Omit<IoRedisNodeLike, 'options'>): ScanNode => ({ id, scan: (cur, p, n) => c.scan(cur, 'MATCH', p, 'COUNT', n) });
const nodeScan = (id: string, c: () => NodeRedisClientLike | Promise<NodeRedisClientLike>): ScanNode => ({
  id,
  scan: async (cur, p, n) => (await (await c()).sendCommand(['SCAN', cur, 'MATCH', p, 'COUNT', String(n)])) as [string, string[]],
});

function adapt(client: RedisClientLike): Adapter {
  const c = (typeof client === 'object' && client !== null ? client : {}) as { evalsha?: unknown; sendCommand?: unknown };
  if (typeof c.evalsha === 'function') {
    const io = client as IoRedisClientLike;
    return {
      run: (s, keys, args) => cached(() => io.evalsha(s.sha, keys.length, ...keys, ...args), () => io.eval(s.source, keys.length, ...keys, ...args)),
      fields: (entry) => io.hmget(entry, ...ENTRY_FIELDS),
      nodes: () => (io.nodes === undefined ? [ioScan('', io)] : io.nodes('master').map((m) => ioScan(`${m.options.host}:${m.options.port}`, m))),
    };
  }
  if (typeof c.sendCommand === 'function') {
    // Raw commands, not node-redis's eval(): v4's cluster routes eval() to a random node.
    const nr = client as NodeRedisClientLike | NodeRedisClusterLike;
    const send = (key: string, args: string[], readonly = false) => ('masters' in nr ? nr.sendCommand(key, readonly, args) : nr.sendCommand(args));
    return {
      run: (s, keys, args) => {
        const n = String(keys.length);
        return cached(() => send(keys[0]!, ['EVALSHA', s.sha, n, ...keys, ...args]), () => send(keys[0]!, ['EVAL', s.source, n, ...keys, ...args]));
      },
      fields: (entry) => send(entry, ['HMGET', entry, ...ENTRY_FIELDS], true),
      nodes: () => ('masters' in nr ? nr.masters.map((m) => nodeScan(m.address, () => nr.nodeClient(m as never))) : [nodeScan('', () => nr)]),
    };
  }
  throw new ConfigError('client', 'must be an ioredis Redis/Cluster or a node-redis createClient()/createCluster() client');
}

/** An entry's hash fields, in the order {@link toRecord} reads them: data, expiresAt, version, userId. */
const ENTRY_FIELDS = ['d', 'e', 'v', 'u'] as const;

const str = (x: unknown): string => (typeof x === 'string' ? x : String(x));
const nullable = (x: unknown): string | null => (x === null || x === undefined ? null : str(x));
/**
 * The record in an HMGET reply of {@link ENTRY_FIELDS}, or null when there is no entry or it is
 * expired at `now` (the application's clock, as in the scripts: Redis may not have evicted it yet).
 */
const toRecord = (r: unknown, now: number): StoreRecord | null => {
  if (!Array.isArray(r) || r[0] === null || r[0] === undefined || r[1] === null || r[1] === undefined) return null;
  const expiresAt = Number(r[1]);
  return expiresAt > now ? { data: str(r[0]), expiresAt, version: Number(r[2]), userId: nullable(r[3]) } : null;
};
const withKey = (key: string, record: StoreRecord | null | undefined): StoreListEntry[] => (record ? [{ key, ...record }] : []);
/** PEXPIREAT takes whole milliseconds; rounding up never frees an entry before it expires. */
const pxat = (expiresAt: number) => String(Math.ceil(expiresAt));

/**
 * ioredis options for "fail fast, recover by itself" (`new Redis(url, options)`, or a Cluster's
 * `redisOptions`): a command caught by a disconnection fails after one retry, not twenty;
 * connecting gives up after `operationTimeoutMs` (default 2000); commands sent before the first
 * `ready` wait for it in the offline queue. No `commandTimeout`: the store bounds each of its
 * operations by its own `operationTimeoutMs`, and ioredis's would only add a timer per command.
 */
export function recommendedIoredisOptions(operationTimeoutMs = 2000): { maxRetriesPerRequest: number; connectTimeout: number } {
  return { maxRetriesPerRequest: 1, connectTimeout: operationTimeoutMs };
}

/**
 * Creates a Redis store implementing the contract, `list`, `replace` (one script when both keys
 * share a bucket, which `sameStep` tells) and the per-user index; no `deleteExpired`: every
 * entry carries `PEXPIREAT expiresAt`, so Redis frees it by itself.
 *
 * Time: liveness is the caller's `now` against the stored expiry, inside the scripts, so an
 * injected clock works; `PEXPIREAT` runs on the server's clock, so the app's clock must be
 * roughly the server's (an expiry already in the server's past is freed at once).
 *
 * Cluster and the per-user index: entries are spread over 64 buckets (hash tags with evenly spaced
 * slots) and a user's index is kept per bucket (`<prefix>u:{<tag>}<userId>`, a sorted set of entry
 * keys scored by their latest expiry), so each write updates the entry and its index in one script,
 * one round trip: every live entry bound to a user is in that user's index with a score at least its
 * expiry, and the index lives until its highest score. A deleted or re-bound entry leaves a member
 * behind (the old user's index key is not known to the script); readers check every member's entry
 * and remove such members. `listByUser`/`deleteByUser` read the user's 64 bucket indexes.
 *
 * Throws ConfigError for an unknown client, a non-string prefix or one with `{`/`}`, or a bad timeout.
 * Operations reject with StoreError (store `redis`) on driver failure or after `operationTimeoutMs`.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? 'tessera:';
  const timeoutMs = options.operationTimeoutMs ?? 2000;
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) throw new ConfigError('prefix', 'must be a string without { or } (the store places its own hash tags; default "tessera:")');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ConfigError('operationTimeoutMs', 'must be a positive number of milliseconds (default 2000)');
  const redis = adapt(options.client);
  const keys = redisKeys(prefix);

  const deadline = createDeadline(timeoutMs, `no answer within ${timeoutMs} ms`);
  const run = <T>(operation: string, body: () => Promise<T>): Promise<T> => deadline.within(body(), (err) => new StoreError('redis', operation, err));
  const read = async (key: string, now: number) => toRecord(await redis.fields(keys.entry(key)), now);
  /** The entry's Redis key, then its user's index in the same bucket when there is a user. */
  const keysFor = (key: string, userId: string | null) => {
    const entry = keys.entry(key);
    return userId === null ? [entry] : [entry, keys.index(tagOf(key), userId)];
  };
  /** Every member of the user's 64 bucket indexes (pruned of members scored `<= now` when given). */
  const members = async (userId: string, now: number | null) => {
    const perBucket = await Promise.all(BUCKET_TAGS.map((tag) => redis.run(MEMBERS, [keys.index(tag, userId)], [now === null ? '' : String(now)])));
    return perBucket.flatMap((m) => (m as unknown[]).map(str));
  };
  /** UNINDEX for one member: `now` null deletes the user's entry too (deleteByUser). Resolves 1 when an entry was deleted. */
  const unindex = async (userId: string, key: string, now: number | null) =>
    Number(await redis.run(UNINDEX, keysFor(key, userId), [now === null ? '' : String(now), key, userId, now === null ? '1' : '0']));

  const createArgs = (key: string, write: StoreWrite, now: number) => [String(now), write.data, String(write.expiresAt), pxat(write.expiresAt), key, ...(write.userId === null ? [] : [write.userId])];
  const create = async (key: string, write: StoreWrite, now: number) => (await redis.run(CREATE, keysFor(key, write.userId), createArgs(key, write, now))) === 1;

  return {
    name: 'redis',
    get: (key, now) => run('get', () => read(key, now)),
    create: (key, write: StoreWrite, now) => run('create', () => create(key, write, now)),
    replace: (oldKey, key, write: StoreWrite, now) =>
      run('replace', async () => {
        if (tagOf(oldKey) !== tagOf(key)) {
          // Different slots: no script may touch both, so two steps (the session manager picks same-slot keys; see sameStep).
          if (!(await create(key, write, now))) return false;
          await redis.run(DELETE, [keys.entry(oldKey)], []);
          return true;
        }
        const [entry, index] = keysFor(key, write.userId);
        const scriptKeys = index === undefined ? [entry!, keys.entry(oldKey)] : [entry!, keys.entry(oldKey), index];
        return (await redis.run(REPLACE, scriptKeys, createArgs(key, write, now))) === 1;
      }),
    sameStep: (oldKey, key) => tagOf(oldKey) === tagOf(key),
    update: (key, write: StoreWrite, expectedVersion, now) =>
      run('update', async (): Promise<UpdateResult> => {
        const args = [String(now), String(expectedVersion), write.data, String(write.expiresAt), pxat(write.expiresAt), key, ...(write.userId === null ? [] : [write.userId])];
        const [status, version] = (await redis.run(UPDATE, keysFor(key, write.userId), args)) as unknown[];
        if (status === 0) return { status: 'missing' };
        return { status: status === 1 ? 'conflict' : 'ok', version: Number(version) };
      }),
    touch: (key, expiresAt, now, userId = null) =>
      run('touch', async () => {
        // One script when `userId` is the entry's user (the caller's hint); else it names the user and we go again.
        let expected = userId;
        for (let attempt = 0; attempt < 3; attempt++) {
          const args = [String(now), String(expiresAt), pxat(expiresAt), key, ...(expected === null ? [] : [expected])];
          const [status, actual] = (await redis.run(TOUCH, keysFor(key, expected), args)) as unknown[];
          if (status !== 2) return status === 1;
          expected = str(actual);
        }
        throw new Error('the entry changed user during touch three times');
      }),
    delete: (key) =>
      run('delete', async () => {
        await redis.run(DELETE, [keys.entry(key)], []);
      }),
    list: async ({ cursor = null, limit = 100 }, now) => {
      const start = cursor === null ? null : decodeCursor(cursor);
      const max = Math.max(1, Math.floor(limit));
      return run('list', async () => {
        const nodes = redis.nodes().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const [firstNode, firstScan, found] = start ?? [nodes[0]?.id ?? null, '0', []];
        let [node, scan] = [firstNode, firstScan];
        // SCAN may answer more keys than asked; the extra ones wait in the cursor.
        for (let round = 0; found.length < max && node !== null && round < 10; round++) {
          const current = nodes.find((n) => n.id === node);
          const [next, page] = current === undefined ? ['0', []] : await current.scan(scan, keys.entryPattern, Math.max(max, 100));
          for (const k of page) found.push(keys.keyOfEntry(str(k)));
          if (str(next) === '0') [node, scan] = [nodes.find((n) => n.id > (node as string))?.id ?? null, '0'];
          else scan = str(next);
        }
        const pending = found.splice(max);
        const records = await Promise.all(found.map((k) => read(k, now)));
        const entries = found.flatMap((key, i) => withKey(key, records[i]));
        return { entries, cursor: node === null && pending.length === 0 ? null : encodeCursor([node, scan, pending]) };
      });
    },
    listByUser: (userId, now) =>
      run('listByUser', async () => {
        const found = await members(userId, now);
        const records = await Promise.all(found.map((k) => read(k, now)));
        const stale = found.filter((_, i) => records[i]?.userId !== userId);
        // Best effort: members of deleted, expired or re-bound entries (checked again inside the script).
        await Promise.all(stale.map((k) => unindex(userId, k, now).catch(() => 0)));
        return found.flatMap((key, i) => withKey(key, records[i]?.userId === userId ? records[i] : null));
      }),
    deleteByUser: (userId, exceptKeys = []) =>
      run('deleteByUser', async () => {
        const keep = new Set(exceptKeys);
        const found = (await members(userId, null)).filter((k) => !keep.has(k));
        const deleted = await Promise.all(found.map((k) => unindex(userId, k, null)));
        return deleted.reduce((a, b) => a + b, 0);
      }),
  };
}
