/**
 * The memory store: a bounded in-process map for tests, development and single-process apps.
 * Every operation is a synchronous body, so each is atomic. No timers: expired entries are
 * dropped when read and by `deleteExpired`. Sessions are lost on restart and not shared
 * between processes; use SQLite, Redis or Postgres for that.
 * @module
 */
import { ConfigError } from '../errors.ts';
import type {
  StoreListEntry,
  StorePage,
  StoreRecord,
  StoreWrite,
  SyncStoreOps,
  UpdateResult,
  UserIndexedStore,
} from '../session/store.ts';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most entries kept; past it the least recently used entry is evicted (its session ends).
   * Default 100,000. Bounds memory under a flood of distinct visitors.
   */
  maxEntries?: number;
  /** Called with the key of each entry evicted to respect `maxEntries`. */
  onEvict?: (key: string) => void;
}

interface Entry {
  data: string;
  expiresAt: number;
  version: number;
  userId: string | null;
}

/** A memory store, which also reports its current size (live and not-yet-swept expired entries). */
export interface MemoryStore extends UserIndexedStore {
  readonly size: number;
  replace: NonNullable<UserIndexedStore['replace']>;
  sync: SyncStoreOps;
}

/**
 * Creates a memory store implementing the whole contract, including `replace`, the per-user index
 * and the synchronous forms (`sync`; the promise-returning methods resolve what they return).
 * Throws ConfigError when `maxEntries` is not a positive integer.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigError('maxEntries', 'must be a positive integer (default 100000)');
  }
  const onEvict = options.onEvict;
  // Map iteration order is insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();
  const byUser = new Map<string, Set<string>>();

  const unindex = (key: string, userId: string | null) => {
    if (userId === null) return;
    const keys = byUser.get(userId);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) byUser.delete(userId);
  };
  const index = (key: string, userId: string | null) => {
    if (userId === null) return;
    let keys = byUser.get(userId);
    if (keys === undefined) byUser.set(userId, (keys = new Set()));
    keys.add(key);
  };
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return false;
    entries.delete(key);
    unindex(key, entry.userId);
    return true;
  };
  /** The live entry, moved to most-recently-used; expired entries are dropped on the way. */
  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      remove(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  };
  const put = (key: string, entry: Entry) => {
    entries.set(key, entry);
    index(key, entry.userId);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      remove(oldest);
      onEvict?.(oldest);
    }
  };
  const record = (e: Entry): StoreRecord => ({ data: e.data, expiresAt: e.expiresAt, version: e.version, userId: e.userId });

  const sync: SyncStoreOps = {
    get(key, now) {
      const entry = live(key, now);
      return entry === undefined ? null : record(entry);
    },
    update(key, write: StoreWrite, expectedVersion, now): UpdateResult {
      const entry = live(key, now);
      if (entry === undefined) return { status: 'missing' };
      if (entry.version !== expectedVersion) return { status: 'conflict', version: entry.version };
      // In place: `live` already made it the most recently used, and records handed out are copies.
      if (entry.userId !== write.userId) {
        unindex(key, entry.userId);
        index(key, write.userId);
      }
      entry.data = write.data;
      entry.expiresAt = write.expiresAt;
      entry.userId = write.userId;
      entry.version += 1;
      return { status: 'ok', version: entry.version };
    },
    touch(key, expiresAt, now) {
      const entry = live(key, now);
      if (entry === undefined) return false;
      entry.expiresAt = expiresAt;
      return true;
    },
  };

  const store: MemoryStore = {
    name: 'memory',
    sync,
    get size() {
      return entries.size;
    },
    get: (key, now) => Promise.resolve(sync.get(key, now)),
    create(key, write: StoreWrite, now) {
      if (live(key, now) !== undefined) return Promise.resolve(false);
      remove(key);
      put(key, { data: write.data, expiresAt: write.expiresAt, version: 1, userId: write.userId });
      return Promise.resolve(true);
    },
    replace(oldKey, key, write: StoreWrite, now) {
      if (live(key, now) !== undefined) return Promise.resolve(false);
      remove(key);
      remove(oldKey);
      put(key, { data: write.data, expiresAt: write.expiresAt, version: 1, userId: write.userId });
      return Promise.resolve(true);
    },
    update: (key, write: StoreWrite, expectedVersion, now) => Promise.resolve(sync.update(key, write, expectedVersion, now)),
    touch: (key, expiresAt, now) => Promise.resolve(sync.touch(key, expiresAt, now)),
    delete(key) {
      remove(key);
      return Promise.resolve();
    },
    deleteExpired(now) {
      let removed = 0;
      for (const [key, entry] of entries) {
        if (entry.expiresAt <= now && remove(key)) removed++;
      }
      return Promise.resolve(removed);
    },
    list({ cursor = null, limit = 100 }, now): Promise<StorePage> {
      // The cursor is the last key returned; keys are listed in sorted order so paging is stable under LRU reordering.
      const keys = [...entries.keys()].filter((k) => cursor === null || k > cursor).sort();
      const page: StoreListEntry[] = [];
      let last: string | null = null;
      for (const key of keys) {
        if (page.length >= limit) break;
        last = key;
        const entry = entries.get(key)!;
        if (entry.expiresAt > now) page.push({ key, ...record(entry) });
      }
      const more = last !== null && keys.length > 0 && keys[keys.length - 1] !== last;
      return Promise.resolve({ entries: page, cursor: more ? last : null });
    },
    listByUser(userId, now) {
      const keys = byUser.get(userId);
      const out: StoreListEntry[] = [];
      for (const key of keys === undefined ? [] : [...keys]) {
        const entry = entries.get(key);
        if (entry === undefined) continue;
        if (entry.expiresAt <= now) remove(key);
        else out.push({ key, ...record(entry) });
      }
      return Promise.resolve(out);
    },
    deleteByUser(userId, exceptKeys = []) {
      const keys = byUser.get(userId);
      let removed = 0;
      for (const key of keys === undefined ? [] : [...keys]) {
        if (!exceptKeys.includes(key) && remove(key)) removed++;
      }
      return Promise.resolve(removed);
    },
  };
  return store;
}

