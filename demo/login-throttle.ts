/**
 * Slows down password guessing: after a few tries for one username from one IP address, each
 * further try must wait, twice as long each time (up to a cap), until a correct password.
 * Keyed by username and IP together, so a guesser cannot lock a user out from everywhere else.
 * A try counts as soon as it is allowed (not once its password proved wrong), so a burst of
 * parallel guesses gets no more free tries than a sequence.
 * Memory is bounded: at most `maxEntries` keys, the least recently failed dropped first, and a
 * key forgotten `forgetAfterSeconds` after its last failure. The clock is injectable.
 * @module
 */

/** Options of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Tries allowed before waiting starts. Default 3. */
  freeAttempts?: number;
  /** Wait before the first try past the free ones, in seconds; doubles with each further try. Default 1. */
  baseDelaySeconds?: number;
  /** Longest wait, in seconds. Default 60. */
  maxDelaySeconds?: number;
  /** A key's tries are forgotten this long after its last one. Default 900 (15 minutes). */
  forgetAfterSeconds?: number;
  /** Most keys remembered. Default 10,000. */
  maxEntries?: number;
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number;
}

/** Whether a login attempt may go ahead. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The throttle. */
export interface LoginThrottle {
  /** Whether `username` may try a password from `ip` now; an allowed try is counted at once. */
  attempt(username: string, ip: string): ThrottleDecision;
  /** Forgets the key's tries (after a correct password). */
  succeed(username: string, ip: string): void;
  /** How many keys are remembered (for tests). */
  readonly size: number;
}

interface Tries {
  count: number;
  lastAt: number;
}

/** Creates a login throttle. */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const freeAttempts = options.freeAttempts ?? 3;
  const baseMs = (options.baseDelaySeconds ?? 1) * 1000;
  const maxMs = (options.maxDelaySeconds ?? 60) * 1000;
  const forgetMs = (options.forgetAfterSeconds ?? 900) * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on every try makes the first key the least recent.
  const entries = new Map<string, Tries>();

  const keyOf = (username: string, ip: string) => `${username.trim().toLowerCase()}\u0000${ip}`;
  const waitMs = (count: number) => (count < freeAttempts ? 0 : Math.min(maxMs, baseMs * 2 ** (count - freeAttempts)));
  const current = (key: string, at: number): Tries | null => {
    const entry = entries.get(key);
    if (entry === undefined) return null;
    if (at - entry.lastAt >= forgetMs) {
      entries.delete(key);
      return null;
    }
    return entry;
  };

  return {
    attempt(username, ip) {
      const at = now();
      const key = keyOf(username, ip);
      const entry = current(key, at);
      if (entry !== null) {
        const readyAt = entry.lastAt + waitMs(entry.count);
        if (at < readyAt) return { allowed: false, retryAfterSeconds: Math.ceil((readyAt - at) / 1000) };
      }
      entries.delete(key);
      entries.set(key, { count: (entry?.count ?? 0) + 1, lastAt: at });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return { allowed: true };
    },
    succeed(username, ip) {
      entries.delete(keyOf(username, ip));
    },
    get size() {
      return entries.size;
    },
  };
}
