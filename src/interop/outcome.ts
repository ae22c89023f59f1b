/**
 * What every interop decoder returns: the value, or one word saying why not
 * (specs/python-interop.md §2.4). Decoders never throw on bad input.
 * @module
 */

/**
 * Why a value was refused:
 * - `malformed`: not even the shape of the format (not a string, no separator, a lone
 *   surrogate, over the length limit); Python raises `BadSignature` for these too.
 * - `bad-signature`: the MAC does not match under any key, or (after a good MAC) the
 *   timestamp is missing or unreadable, as Python's `BadSignature`/`BadTimeSignature`.
 * - `expired`: authentic, but older than the max age (itsdangerous also: from the future).
 * - `bad-payload`: authentic, but the payload does not decode (base64, zlib, UTF-8, JSON,
 *   tags). Python raises `BadPayload` (itsdangerous, Flask: HTTP 500) or a plain exception (Django).
 */
export type InteropFailureReason = 'malformed' | 'bad-signature' | 'expired' | 'bad-payload';

/** An authentic value. */
export interface InteropSuccess<T> {
  readonly ok: true;
  readonly value: T;
  /** Index, in the caller's key list, of the key that verified it. */
  readonly keyIndex: number;
  /** True when that key is not the signing key: re-issue the value under the current key. */
  readonly stale: boolean;
  /** Unix seconds the value was signed at (timed formats), else null. */
  readonly timestamp: number | null;
}

/** A refused value. */
export interface InteropFailure {
  readonly ok: false;
  readonly reason: InteropFailureReason;
}

/** Outcome of every interop `unsign`/`loads`/`decode`. */
export type InteropResult<T> = InteropSuccess<T> | InteropFailure;

const failures = new Map<InteropFailureReason, InteropFailure>(
  (['malformed', 'bad-signature', 'expired', 'bad-payload'] as const).map((r) => [r, Object.freeze({ ok: false, reason: r })]),
);

/** The shared, frozen failure for `reason`. */
export function refuse(reason: InteropFailureReason): InteropFailure {
  return failures.get(reason)!;
}

/** Longest signed value the decoders look at, in UTF-16 code units (a cookie is at most 4096 octets; stored sessions can be larger). */
export const MAX_SIGNED_LENGTH = 1 << 22;
