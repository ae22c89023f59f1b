/**
 * The session store contract. Stores are small and dumb: they keep an opaque string, an
 * absolute expiry and a version per key, atomically, plus an optional user id for the
 * per-user index. Tokens, hashing, encoding, timeouts and every policy live in the core.
 *
 * Rules every implementation follows (the conformance suite in `tessera/testing` checks each):
 * - Each operation is one atomic step (a synchronous body, one SQL statement, one Lua script).
 * - Time comes from the caller (`now`, epoch milliseconds), never from the store's own clock,
 *   so one injected clock decides every expiry (SR-13). An entry with `expiresAt <= now` is
 *   expired: `get` returns null for it and `update`/`touch` treat it as missing.
 * - Not-found, expired and conflict are values; only infrastructure failures throw, as
 *   `StoreError` with the store's name, the operation and the driver error as `cause`.
 * - `update` and `touch` never insert: a session destroyed by one request is never
 *   resurrected by another (SR-17).
 * @module
 */

/** What a store keeps under one key. */
export interface StoreRecord {
  /** The encoded session, opaque to the store. */
  data: string;
  /** Absolute expiry, epoch milliseconds. */
  expiresAt: number;
  /** Starts at 1 on create and grows by 1 on every successful `update`; `touch` keeps it. */
  version: number;
  /** The user the session is bound to, or null. */
  userId: string | null;
}

/** What `create` and `update` write. */
export interface StoreWrite {
  data: string;
  /** Absolute expiry, epoch milliseconds; must be later than `now`. */
  expiresAt: number;
  /** The user the session is bound to (for `listByUser`/`deleteByUser`), or null. */
  userId: string | null;
}

/** Outcome of a compare-and-swap `update`. */
export type UpdateResult =
  | { status: 'ok'; version: number }
  | { status: 'conflict'; version: number }
  | { status: 'missing' };

/** One entry as listed by `list` or `listByUser`. */
export interface StoreListEntry extends StoreRecord {
  key: string;
}

/** One page of `list`. `cursor` is null after the last page. */
export interface StorePage {
  entries: StoreListEntry[];
  cursor: string | null;
}

/**
 * A session store. Keys are opaque strings of at most 256 characters made by the core
 * (a SHA-256 of the cookie token, base64url); stores must not interpret them.
 */
export interface SessionStore {
  /** Short name used in errors and logs, e.g. `memory`, `redis`. */
  readonly name: string;

  /** The live entry under `key`, or null when absent or expired at `now`. */
  get(key: string, now: number): Promise<StoreRecord | null>;

  /**
   * Inserts `key` if no live entry exists (an expired one is replaced). Resolves true when
   * inserted (version 1), false when a live entry already holds the key.
   */
  create(key: string, write: StoreWrite, now: number): Promise<boolean>;

  /**
   * Compare-and-swap: replaces the entry only if its version is `expectedVersion`. `ok` gives
   * the new version; `conflict` gives the current one; `missing` when absent or expired.
   * Never inserts. `loadedExpiresAt` is a hint: the expiry the caller read with `expectedVersion`.
   * When it equals `write.expiresAt`, a store may leave its stored expiry as it is (sparing an
   * index update) after checking that the stored expiry is still that value (a `touch` moves it
   * without a new version); the outcome must be the same as without the hint. Stores may ignore it.
   */
  update(key: string, write: StoreWrite, expectedVersion: number, now: number, loadedExpiresAt?: number): Promise<UpdateResult>;

  /**
   * Moves a live entry's expiry to `expiresAt` without changing data or version. False when absent
   * or expired. Never inserts. `userId` is the user the caller loaded the entry with: a hint that
   * lets a store with a per-user index extend it in the same step. Stores must not trust it (the
   * entry's own user decides) and may ignore it.
   */
  touch(key: string, expiresAt: number, now: number, userId?: string | null): Promise<boolean>;

  /**
   * Optional (regenerate in one step): `create(key, write, now)` and, only when that inserted,
   * `delete(oldKey)`, as one atomic step where the store can (one statement). Resolves as `create`
   * does; when false, the entry under `oldKey` is untouched. `oldKey` differs from `key`. Without
   * it the session manager calls `create`, then `delete`.
   */
  replace?(oldKey: string, key: string, write: StoreWrite, now: number): Promise<boolean>;

  /**
   * Optional, with `replace`: whether `replace(oldKey, key, …)` is one round trip for this pair
   * (Redis: only when both keys share a bucket, i.e. a cluster slot). Without it, every pair is.
   * The session manager then draws new ids until one pairs with the old in one step (one pair in
   * 64 on Redis: the id keeps 250 of its 256 random bits, see docs/security.md). Pure and cheap:
   * called for each id drawn.
   */
  sameStep?(oldKey: string, key: string): boolean;

  /** Removes the entry. Idempotent: deleting an absent key is not an error. */
  delete(key: string): Promise<void>;

  /** Optional: removes entries expired at `now`, returning how many were removed. For stores without native expiry. */
  deleteExpired?(now: number): Promise<number>;

  /** Optional: pages through live entries in a stable order. `limit` defaults to 100. */
  list?(options: { cursor?: string | null; limit?: number }, now: number): Promise<StorePage>;

  /** Optional (per-user index): every live entry bound to `userId`. */
  listByUser?(userId: string, now: number): Promise<StoreListEntry[]>;

  /** Optional (per-user index): deletes every entry bound to `userId` except the keys in `exceptKeys`; resolves the count removed. */
  deleteByUser?(userId: string, exceptKeys?: readonly string[]): Promise<number>;

  /**
   * Optional: synchronous forms of the three operations of an ordinary request, for stores whose
   * operations finish without waiting on I/O (memory; SQLite, whose driver is synchronous). With
   * them the session manager loads a server-mode session and commits its write in the request's
   * own tick, without a promise turn (and `commitSync` can answer a write). See {@link SyncStoreOps}.
   * A wrapper that overrides `get`, `update` or `touch` (to count, log or fail them) must override
   * or drop `sync` as well (`{ ...store, sync: undefined, get }`): the manager calls `sync` first.
   */
  readonly sync?: SyncStoreOps | undefined;
}

/**
 * Synchronous forms of `get`, `update` and `touch`: the same rules and the same results as the
 * promise-returning methods of the same store, returned directly; an infrastructure failure
 * throws `StoreError` instead of rejecting. A store offering them runs the conformance suite
 * with `syncForms: true`, which runs every case again through them.
 */
export interface SyncStoreOps {
  /** As {@link SessionStore.get}: the live entry under `key`, or null when absent or expired at `now`. */
  get(key: string, now: number): StoreRecord | null;
  /** As {@link SessionStore.update}: compare-and-swap; never inserts. */
  update(key: string, write: StoreWrite, expectedVersion: number, now: number, loadedExpiresAt?: number): UpdateResult;
  /** As {@link SessionStore.touch}: false when absent or expired; never inserts. */
  touch(key: string, expiresAt: number, now: number, userId?: string | null): boolean;
}

/** A store that implements the per-user index. */
export type UserIndexedStore = SessionStore & Required<Pick<SessionStore, 'listByUser' | 'deleteByUser'>>;

/** True when `store` implements both per-user index operations. */
export function hasUserIndex(store: SessionStore): store is UserIndexedStore {
  return typeof store.listByUser === 'function' && typeof store.deleteByUser === 'function';
}
