/**
 * The result of `verify` and `unseal`: a value, or the reason it was refused. Callers treat
 * every refusal alike (no session; SR-39) and send the reason only to the security log.
 * @module
 */

/**
 * Why a token was refused:
 * - `malformed`: not a string, wrong version tag, wrong shape, bad or non-canonical
 *   base64url, too short or too long (over {@link MAX_TOKEN_LENGTH} characters).
 * - `unknown-key`: well-formed, but its key id is not in the keyring (e.g. a retired key);
 *   no other key is tried (SR-37).
 * - `bad-signature`: the HMAC (signed tokens) or the AES-GCM tag (sealed tokens) does not
 *   authenticate: tampered, forged, or made for another purpose.
 * - `expired`: authentic, but `now >= expiresAt`.
 */
export type VerifyFailureReason = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';

/** An authentic, unexpired token. */
export interface VerifySuccess {
  readonly ok: true;
  /** The string that was signed or sealed. */
  readonly value: string;
  /** Id of the key that authenticated it. */
  readonly keyId: string;
  /** True when that key is not the current one: re-issue the token under the current key (SR-37). */
  readonly stale: boolean;
  /** Expiry carried by the token, epoch milliseconds, or `null` if it has none. */
  readonly expiresAt: number | null;
}

/** A refused token. */
export interface VerifyFailure {
  readonly ok: false;
  readonly reason: VerifyFailureReason;
}

/** Outcome of `verify` and `unseal`. */
export type VerifyResult = VerifySuccess | VerifyFailure;

/** Longest token `verify` and `unseal` look at, in UTF-16 code units; `sign` and `seal` refuse to make longer ones. */
export const MAX_TOKEN_LENGTH = 65536;

function failure(reason: VerifyFailureReason): VerifyFailure {
  return Object.freeze({ ok: false, reason });
}

// Shared, frozen failure results: refusing a token allocates nothing.
/** `{ ok: false, reason: 'malformed' }`. */
export const MALFORMED = failure('malformed');
/** `{ ok: false, reason: 'unknown-key' }`. */
export const UNKNOWN_KEY = failure('unknown-key');
/** `{ ok: false, reason: 'bad-signature' }`. */
export const BAD_SIGNATURE = failure('bad-signature');
/** `{ ok: false, reason: 'expired' }`. */
export const EXPIRED = failure('expired');
