/**
 * A small bounded cache of verified cookie tokens, so a read-only request carrying a cookie
 * verified moments ago skips the MAC or AEAD work. Only authentic tokens are ever cached (a
 * forged token is a different string and always misses); an entry is used only while the
 * token's own expiry has not passed; the key ring of a manager never changes, so the cached
 * `stale` flag stays true. Bounded in entries and in token length, first in first out.
 * @module
 */
import type { VerifyResult, VerifySuccess } from '../crypto/index.ts';

/** Longest token cached, in characters (chunked sessions are not worth the memory). */
const MAX_TOKEN_LENGTH = 4096;

/** The cache: `open` wraps a verifier. */
export interface VerifiedCache {
  /** `verifyFn(token, now)`, answered from the cache when the token verified before and has not expired. */
  open(token: string, now: number, verifyFn: (token: string, now: number) => VerifyResult | Promise<VerifyResult>): VerifyResult | Promise<VerifyResult>;
}

/** A cache of at most `maxEntries` tokens (0 disables it). */
export function createVerifiedCache(maxEntries: number): VerifiedCache {
  const entries = new Map<string, VerifySuccess>();
  const remember = (token: string, result: VerifyResult): VerifyResult => {
    if (!result.ok || maxEntries === 0 || token.length > MAX_TOKEN_LENGTH) return result;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(token, result);
    return result;
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
  };
}
