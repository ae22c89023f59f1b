/**
 * Finding a session from what an operator pastes: a cookie token (43 characters of
 * base64url, hashed with `hashToken` to get the store key, as server mode does), a store key
 * (as `list` prints), or a `name=token` cookie pair.
 * @module
 */
import { hashToken, isWellFormedToken } from '../../src/crypto/index.ts';
import type { SessionStore, StoreRecord } from '../../src/session/index.ts';
import { UsageError } from '../usage-error.ts';

/** A store key the CLI may look up, and how it was found. */
export interface Candidate {
  key: string;
  /** `token`: the SHA-256 of a cookie token; `key`: given as is. */
  via: 'token' | 'key';
}

/** A session found in the store. */
export interface Found extends Candidate {
  record: StoreRecord;
}

/** Store keys are at most 256 characters (the store contract). */
const MAX_KEY_LENGTH = 256;

/**
 * The keys `input` may name, the token's hash first. Throws UsageError for an empty, over-long
 * or whitespace-containing argument. A token and a key have the same shape (43 characters of
 * base64url), so both readings are tried; a collision between them would need a SHA-256 preimage.
 */
export function candidates(input: string, what: string): Candidate[] {
  if (input === '' || input.length > MAX_KEY_LENGTH * 2 || /\s/.test(input)) {
    throw new UsageError(`${what} must be a session cookie token or a store key (no spaces), got ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '…' : input)}`);
  }
  // A pasted cookie pair (`__Host-sid=TOKEN`): the token is after the "=" (base64url has none).
  const eq = input.lastIndexOf('=');
  const token = eq >= 0 && isWellFormedToken(input.slice(eq + 1)) ? input.slice(eq + 1) : input;
  const out: Candidate[] = [];
  if (isWellFormedToken(token)) out.push({ key: hashToken(token), via: 'token' });
  if (input.length <= MAX_KEY_LENGTH) out.push({ key: input, via: 'key' });
  return out;
}

/** The live session `input` names, or null. */
export async function findSession(store: SessionStore, input: string, now: number, what: string): Promise<Found | null> {
  for (const candidate of candidates(input, what)) {
    const record = await store.get(candidate.key, now);
    if (record !== null) return { ...candidate, record };
  }
  return null;
}
