/**
 * A small bounded cache of verified cookie tokens, so a request carrying a cookie verified
 * moments ago skips the MAC or AEAD work, and, where it is safe, the decoding too. Only authentic
 * tokens are ever cached (a forged token is a different string and always misses); an entry is
 * used only while the token's own expiry has not passed; the key ring of a manager never
 * changes, so the cached `stale` flag stays true. Bounded in entries and in token length, first
 * in first out.
 *
 * The decoded state of a token is kept beside its verification only when every data and flash
 * value is a primitive (a string, number, boolean or null). Such a state is shared by every
 * request presenting the token, and nothing a handler receives can change it: reads hand out
 * primitives, copies (`all`) or new arrays (`keys`), and the first write copies the state
 * (session.ts `view`). A state holding an object or array is decoded again on every request, so a
 * handler that mutates a value it read changes only its own request's copy, as without a cache.
 * @module
 */
import type { VerifyResult, VerifySuccess } from '../crypto/index.ts';
import type { SessionState } from './state.ts';

/** Longest token cached, in characters (chunked sessions are not worth the memory). */
const MAX_TOKEN_LENGTH = 4096;

/** A cached verification: the verifier's success, plus the state decoded from it once known to be shareable. */
class CachedSuccess implements VerifySuccess {
  readonly ok = true;
  readonly value: string;
  readonly keyId: string;
  readonly stale: boolean;
  readonly expiresAt: number | null;
  /** The decoded state, shared read-only by every request with this token; null until kept. */
  state: SessionState | null = null;
  constructor(result: VerifySuccess) {
    this.value = result.value;
    this.keyId = result.keyId;
    this.stale = result.stale;
    this.expiresAt = result.expiresAt;
  }
}

/** The cache: `open` wraps a verifier; `decoded` and `keepDecoded` carry the state decoded from a result `open` gave. */
export interface VerifiedCache {
  /** `verifyFn(token, now)`, answered from the cache when the token verified before and has not expired. */
  open(token: string, now: number, verifyFn: (token: string, now: number) => VerifyResult | Promise<VerifyResult>): VerifyResult | Promise<VerifyResult>;
  /** The state decoded earlier from `result` (a result `open` returned), or null when none was kept. */
  decoded(result: VerifySuccess): SessionState | null;
  /**
   * Keeps `state`, decoded from `result` (a result `open` returned), for later requests with the
   * same token, when `result` is cached and every data and flash value of `state` is a primitive.
   * The caller must never change `state` afterwards.
   */
  keepDecoded(result: VerifySuccess, state: SessionState): void;
}

/** True when every value of `record` is a string, number, boolean or null (nothing a reader could mutate). */
function primitivesOnly(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'object' && value !== null) return false;
  }
  return true;
}

/** A cache of at most `maxEntries` tokens (0 disables it). */
export function createVerifiedCache(maxEntries: number): VerifiedCache {
  const entries = new Map<string, CachedSuccess>();
  const remember = (token: string, result: VerifyResult): VerifyResult => {
    if (!result.ok || maxEntries === 0 || token.length > MAX_TOKEN_LENGTH) return result;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    const cached = new CachedSuccess(result);
    entries.set(token, cached);
    return cached;
  };
  return {
    open(token, now, verifyFn) {
      const hit = entries.get(token);
      if (hit !== undefined) {
        if (hit.expiresAt === null || now < hit.expiresAt) return hit;
        entries.delete(token);
      }
      const result = verifyFn(token, now);
      return result instanceof Promise ? result.then((r) => remember(token, r)) : remember(token, result);
    },
    decoded(result) {
      return result instanceof CachedSuccess ? result.state : null;
    },
    keepDecoded(result, state) {
      if (!(result instanceof CachedSuccess) || result.state !== null) return;
      if (primitivesOnly(state.data) && primitivesOnly(state.flash)) result.state = state;
    },
  };
}
