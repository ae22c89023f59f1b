/**
 * The Redis store: sessions shared by every process, freed by Redis's own expiry. It takes a client
 * (ioredis `Redis`/`Cluster`, node-redis `createClient`/`createCluster`) typed structurally, so it
 * never loads a driver. Each step is one single-key Lua script (EVALSHA, EVAL on NOSCRIPT): atomic,
 * and Redis Cluster-safe. Layout and trade-offs: docs/stores.md (Redis).
 * @module
 */
import { ConfigError, StoreError } from '../errors.ts';
import type { SessionStore, StoreListEntry, StoreRecord, StoreWrite, UpdateResult, UserIndexedStore } from '../session/store.ts';
import { CREATE, DELETE, GET, INDEX, TOUCH, UPDATE, type RedisScript } from './redis-scripts.ts';

type Reply = Promise<unknown>;
type ScanReply = Promise<[cursor: string, keys: string[]]>;

/** One ioredis connection, e.g. a `Cluster#nodes('master')` element. */
export interface IoRedisNodeLike {
  readonly options: { host?: string | undefined; port?: number | undefined };
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): ScanReply;
}

/** The part of an ioredis `Redis` or `Cluster` the store uses (`nodes` only on a `Cluster`). */
export interface IoRedisClientLike extends Omit<IoRedisNodeLike, 'options'> {
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
  /** Prepended to every key; default `tessera:`. Entries are `<prefix>s:<key>`, user indexes `<prefix>u:<userId>`. */
  prefix?: string;
  /** Every operation rejects with StoreError after this many milliseconds without an answer; default 2000. */
  operationTimeoutMs?: number;
}

/** The Redis store: the whole contract except `deleteExpired` (Redis expires entries itself). */
export interface RedisStore extends UserIndexedStore {
  list: NonNullable<SessionStore['list']>;
}

type ScanNode = { id: string; scan(cursor: string, pattern: string, count: number): ScanReply };
type Adapter = { run(script: RedisScript, key: string, args: string[]): Reply; nodes(): ScanNode[] };

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
      run: (s, key, args) => cached(() => io.evalsha(s.sha, 1, key, ...args), () => io.eval(s.source, 1, key, ...args)),
      nodes: () => (io.nodes === undefined ? [ioScan('', io)] : io.nodes('master').map((m) => ioScan(`${m.options.host}:${m.options.port}`, m))),
    };
  }
  if (typeof c.sendCommand === 'function') {
    // Raw commands, not node-redis's eval(): v4's cluster routes eval() to a random node.
    const nr = client as NodeRedisClientLike | NodeRedisClusterLike;
    const send = (key: string, args: string[]) => ('masters' in nr ? nr.sendCommand(key, false, args) : nr.sendCommand(args));
    return {
      run: (s, key, args) => cached(() => send(key, ['EVALSHA', s.sha, '1', key, ...args]), () => send(key, ['EVAL', s.source, '1', key, ...args])),
      nodes: () => ('masters' in nr ? nr.masters.map((m) => nodeScan(m.address, () => nr.nodeClient(m as never))) : [nodeScan('', () => nr)]),
    };
  }
  throw new ConfigError('client', 'must be an ioredis Redis/Cluster or a node-redis createClient()/createCluster() client');
}

const str = (x: unknown): string => (typeof x === 'string' ? x : String(x));
const nullable = (x: unknown): string | null => (x === null || x === undefined ? null : str(x));
const toRecord = (r: unknown): StoreRecord | null =>
  Array.isArray(r) ? { data: str(r[0]), expiresAt: Number(r[1]), version: Number(r[2]), userId: nullable(r[3]) } : null;
const withKey = (key: string, record: StoreRecord | null | undefined): StoreListEntry[] => (record ? [{ key, ...record }] : []);
/** PEXPIREAT takes whole milliseconds; rounding up never frees an entry before it expires. */
const pxat = (expiresAt: number) => String(Math.ceil(expiresAt));
const userArgs = (userId: string | null) => (userId === null ? ['0', ''] : ['1', userId]);

type ListCursor = [node: string | null, scan: string, pending: string[]];
const encodeCursor = (c: ListCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(cursor: string): ListCursor {
  let c: unknown = null;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    // not JSON: rejected below
  }
  const [node, scan, pending] = Array.isArray(c) ? (c as unknown[]) : [];
  const isKeys = (x: unknown): x is string[] => Array.isArray(x) && x.every((k) => typeof k === 'string');
  if ((node === null || typeof node === 'string') && typeof scan === 'string' && isKeys(pending)) return [node, scan, pending];
  throw new TypeError('redis store: list cursor is not one this store returned');
}

/**
 * ioredis options for "fail fast, recover by itself" (`new Redis(url, options)`, or a Cluster's
 * `redisOptions`): a command caught by a disconnection fails after one retry, not twenty; connecting
 * and each command give up after `operationTimeoutMs` (default 2000); commands sent before the first
 * `ready` wait for it in the offline queue.
 */
export function recommendedIoredisOptions(operationTimeoutMs = 2000): { maxRetriesPerRequest: number; connectTimeout: number; commandTimeout: number } {
  return { maxRetriesPerRequest: 1, connectTimeout: operationTimeoutMs, commandTimeout: operationTimeoutMs };
}

/**
 * Creates a Redis store implementing the contract, `list` and the per-user index; no
 * `deleteExpired`: every entry carries `PEXPIREAT expiresAt`, so Redis frees it by itself.
 *
 * Time: liveness is the caller's `now` against the stored expiry, inside the scripts, so an
 * injected clock works; `PEXPIREAT` runs on the server's clock, so the app's clock must be
 * roughly the server's (an expiry already in the server's past is freed at once).
 *
 * Cluster: every script touches one key, so no hash tags are needed. The user index
 * `<prefix>u:<userId>` (a sorted set of entry keys scored by their latest expiry) lives on any
 * node, so it is kept by separate single-key steps ordered to hold one invariant: every live
 * entry with a user is in that user's index with a score at least its expiry, and the index
 * lives until its highest score. Writes (and `touch` of a user's entry) extend the index first;
 * removals after `delete` or a user change are best effort; readers check each member's entry.
 *
 * Throws ConfigError for an unknown client, a non-string prefix or a bad timeout. Operations
 * reject with StoreError (store `redis`) on driver failure or after `operationTimeoutMs`.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? 'tessera:';
  const timeoutMs = options.operationTimeoutMs ?? 2000;
  if (typeof prefix !== 'string') throw new ConfigError('prefix', 'must be a string (default "tessera:")');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ConfigError('operationTimeoutMs', 'must be a positive number of milliseconds (default 2000)');
  const redis = adapt(options.client);
  const entryPrefix = `${prefix}s:`;
  const pattern = `${entryPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;

  const run = <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => void (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
    return Promise.race([body(), deadline])
      .catch((err: unknown) => Promise.reject(new StoreError('redis', operation, err)))
      .finally(() => clearTimeout(timer));
  };
  const entry = (script: RedisScript, key: string, args: string[]) => redis.run(script, entryPrefix + key, args);
  const read = async (key: string, now: number) => toRecord(await entry(GET, key, [String(now)]));
  const index = (userId: string, now: number | null, add: string | null, score: string, members: boolean, remove: string[] = []) =>
    redis.run(INDEX, `${prefix}u:${userId}`, [now === null ? '' : String(now), add ?? '', score, members ? '1' : '0', ...remove]);
  /** Best effort: a stale member is harmless (readers check its entry) and is pruned when its score passes. */
  const unindex = (userId: string, keys: string[]) => index(userId, null, null, '', false, keys).catch(() => undefined);
  const members = async (userId: string, now: number | null) => ((await index(userId, now, null, '', true)) as unknown[]).map(str);

  return {
    name: 'redis',
    get: (key, now) => run('get', () => read(key, now)),
    create: (key, write: StoreWrite, now) =>
      run('create', async () => {
        if (write.userId !== null) await index(write.userId, now, key, pxat(write.expiresAt), false);
        const args = [String(now), write.data, String(write.expiresAt), pxat(write.expiresAt), ...userArgs(write.userId)];
        return (await entry(CREATE, key, args)) === 1;
      }),
    update: (key, write: StoreWrite, expectedVersion, now) =>
      run('update', async (): Promise<UpdateResult> => {
        if (write.userId !== null) await index(write.userId, now, key, pxat(write.expiresAt), false);
        const args = [String(now), String(expectedVersion), write.data, String(write.expiresAt), pxat(write.expiresAt), ...userArgs(write.userId)];
        const [status, version, previous] = (await entry(UPDATE, key, args)) as unknown[];
        if (status === 0) return { status: 'missing' };
        if (status === 1) return { status: 'conflict', version: Number(version) };
        if (nullable(previous) !== null && previous !== write.userId) await unindex(str(previous), [key]);
        return { status: 'ok', version: Number(version) };
      }),
    touch: (key, expiresAt, now) =>
      run('touch', async () => {
        let indexed = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const [status, userId] = (await entry(TOUCH, key, [String(now), String(expiresAt), pxat(expiresAt), indexed])) as unknown[];
          if (status !== 2) return status === 1;
          await index(str(userId), now, key, pxat(expiresAt), false);
          indexed = `=${str(userId)}`;
        }
        throw new Error('the entry changed user during touch three times');
      }),
    delete: (key) =>
      run('delete', async () => {
        const [, userId] = (await entry(DELETE, key, [])) as unknown[];
        if (nullable(userId) !== null) await unindex(str(userId), [key]);
      }),
    list: async ({ cursor = null, limit = 100 }, now) => {
      const start = cursor === null ? null : decodeCursor(cursor);
      const max = Math.max(1, Math.floor(limit));
      return run('list', async () => {
        const nodes = redis.nodes().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const [firstNode, firstScan, keys] = start ?? [nodes[0]?.id ?? null, '0', []];
        let [node, scan] = [firstNode, firstScan];
        // SCAN may answer more keys than asked; the extra ones wait in the cursor.
        for (let round = 0; keys.length < max && node !== null && round < 10; round++) {
          const current = nodes.find((n) => n.id === node);
          const [next, found] = current === undefined ? ['0', []] : await current.scan(scan, pattern, Math.max(max, 100));
          for (const k of found) keys.push(str(k).slice(entryPrefix.length));
          if (str(next) === '0') [node, scan] = [nodes.find((n) => n.id > (node as string))?.id ?? null, '0'];
          else scan = str(next);
        }
        const pending = keys.splice(max);
        const records = await Promise.all(keys.map((k) => read(k, now)));
        const entries = keys.flatMap((key, i) => withKey(key, records[i]));
        return { entries, cursor: node === null && pending.length === 0 ? null : encodeCursor([node, scan, pending]) };
      });
    },
    listByUser: (userId, now) =>
      run('listByUser', async () => {
        const keys = await members(userId, now);
        const records = await Promise.all(keys.map((k) => read(k, now)));
        return keys.flatMap((key, i) => withKey(key, records[i]?.userId === userId ? records[i] : null));
      }),
    deleteByUser: (userId, exceptKeys = []) =>
      run('deleteByUser', async () => {
        const keep = new Set(exceptKeys);
        const keys = (await members(userId, null)).filter((k) => !keep.has(k));
        const results = await Promise.all(keys.map((k) => entry(DELETE, k, [userId])));
        const deleted = keys.filter((_, i) => (results[i] as unknown[])[0] === 1);
        if (deleted.length > 0) await unindex(userId, deleted);
        return deleted.length;
      }),
  };
}
