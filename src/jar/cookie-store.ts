/**
 * The jar's cookie store: cookies indexed by their domain field, with the lookups the
 * storage model needs (§5.7 steps 16 and 23), lazy removal of expired cookies, and
 * eviction of excess cookies (RFC 6265bis §5.7, "remove excess cookies").
 * @module
 */

import { domainMatch } from './domain-match.ts';
import { pathMatch } from './path-match.ts';
import type { StoredCookie } from './types.ts';

/**
 * A stored cookie plus two counters that order events when the clock does not move
 * (a fixed test clock gives every cookie the same times): `seq` orders creation
 * (kept on overwrite, like `createdAt`), `tick` orders the last access.
 */
export interface StoreEntry extends StoredCookie {
  seq: number;
  tick: number;
}

/** Mutable collection of {@link StoreEntry}s; see {@link createCookieStore}. */
export interface CookieStore {
  /** A fresh counter value for `seq` / `tick`. */
  nextCounter(): number;
  /** The live entries whose domain field is `domain` (expired ones are dropped first). The array must not be modified. */
  entriesFor(domain: string, now: number): readonly StoreEntry[];
  /** The live entry with the same name, domain, host-only flag and path (§5.7 step 23), if any. */
  findSame(cookie: StoredCookie, now: number): StoreEntry | undefined;
  /**
   * §5.7 step 16: whether a Secure cookie of the same name exists whose domain
   * domain-matches the new cookie's (or vice versa) and whose path the new cookie's path
   * path-matches. Expired cookies do not count.
   */
  hasSecureOverlay(cookie: StoredCookie, now: number): boolean;
  insert(entry: StoreEntry): void;
  remove(entry: StoreEntry): void;
  /** Removes every entry for which `predicate` is true. */
  removeWhere(predicate: (entry: StoreEntry) => boolean): void;
  /** Removes expired entries, then excess entries of `domain`, then excess entries overall. */
  evict(domain: string, now: number, maxPerDomain: number, maxTotal: number): void;
  /** Every live entry in creation order ({@link byCreation}). */
  all(now: number): StoreEntry[];
  clear(): void;
}

function isExpired(entry: StoredCookie, now: number): boolean {
  return entry.expiresAt !== null && entry.expiresAt <= now;
}

/** Least recently accessed first (§5.7: ties between equal priorities go to the earliest last-access-time). */
function byLastAccess(a: StoreEntry, b: StoreEntry): number {
  return a.lastAccessedAt - b.lastAccessedAt || a.tick - b.tick;
}

/** Earliest created first; `seq` breaks ties of equal creation times. */
export function byCreation(a: StoreEntry, b: StoreEntry): number {
  return a.createdAt - b.createdAt || a.seq - b.seq;
}

/** Creates an empty {@link CookieStore}. */
export function createCookieStore(): CookieStore {
  const byDomain = new Map<string, StoreEntry[]>();
  let size = 0;
  let counter = 0;

  function setList(domain: string, list: StoreEntry[]): void {
    if (list.length === 0) byDomain.delete(domain);
    else byDomain.set(domain, list);
  }

  function dropExpired(domain: string, now: number): StoreEntry[] {
    const list = byDomain.get(domain);
    if (list === undefined) return [];
    const live = list.filter((entry) => !isExpired(entry, now));
    if (live.length !== list.length) {
      size -= list.length - live.length;
      setList(domain, live);
    }
    return live;
  }

  function removeEntries(victims: Set<StoreEntry>): void {
    if (victims.size === 0) return;
    for (const [domain, list] of [...byDomain]) {
      const kept = list.filter((entry) => !victims.has(entry));
      size -= list.length - kept.length;
      setList(domain, kept);
    }
  }

  const store: CookieStore = {
    nextCounter: () => ++counter,

    entriesFor: (domain, now) => dropExpired(domain, now),

    findSame(cookie, now) {
      return dropExpired(cookie.domain, now).find((entry) => entry.name === cookie.name && entry.hostOnly === cookie.hostOnly && entry.path === cookie.path);
    },

    hasSecureOverlay(cookie, now) {
      for (const list of byDomain.values()) {
        for (const entry of list) {
          if (
            entry.secure &&
            !isExpired(entry, now) &&
            entry.name === cookie.name &&
            (domainMatch(entry.domain, cookie.domain) || domainMatch(cookie.domain, entry.domain)) &&
            pathMatch(cookie.path, entry.path)
          ) {
            return true;
          }
        }
      }
      return false;
    },

    insert(entry) {
      const list = byDomain.get(entry.domain);
      if (list === undefined) byDomain.set(entry.domain, [entry]);
      else list.push(entry);
      size++;
    },

    remove(entry) {
      const list = byDomain.get(entry.domain);
      const index = list?.indexOf(entry) ?? -1;
      if (list === undefined || index < 0) return;
      list.splice(index, 1);
      size--;
      setList(entry.domain, list);
    },

    removeWhere(predicate) {
      const victims = new Set<StoreEntry>();
      for (const list of byDomain.values()) for (const entry of list) if (predicate(entry)) victims.add(entry);
      removeEntries(victims);
    },

    evict(domain, now, maxPerDomain, maxTotal) {
      // 1. Expired cookies of this domain go first.
      const list = dropExpired(domain, now);
      // 2-3. Over the per-domain limit: non-Secure cookies first, then Secure ones,
      // least recently accessed first within each group.
      if (list.length > maxPerDomain) {
        const ordered = [...list.filter((e) => !e.secure).sort(byLastAccess), ...list.filter((e) => e.secure).sort(byLastAccess)];
        removeEntries(new Set(ordered.slice(0, list.length - maxPerDomain)));
      }
      // 4. Over the global limit: expired cookies everywhere, then least recently accessed.
      if (size > maxTotal) {
        store.removeWhere((entry) => isExpired(entry, now));
        if (size > maxTotal) {
          const everything = [...byDomain.values()].flat().sort(byLastAccess);
          removeEntries(new Set(everything.slice(0, size - maxTotal)));
        }
      }
    },

    all(now) {
      store.removeWhere((entry) => isExpired(entry, now));
      return [...byDomain.values()].flat().sort(byCreation);
    },

    clear() {
      byDomain.clear();
      size = 0;
    },
  };
  return store;
}
