/**
 * Sealed tokens (encrypted and authenticated): AES-256-GCM with a random 96-bit nonce, the
 * expiry inside the ciphertext, and the version, key id and purpose as associated data.
 *
 * Wire format, every character a cookie-octet (RFC 6265bis §4.1.1):
 *
 *     e1.<kid>.<data>
 *
 * - `e1`: format version; selects AES-256-GCM and nothing else. Signed tokens start with
 *   `s1`, so neither kind is ever accepted as the other (SR-35).
 * - `kid`: key id, `[A-Za-z0-9_-]{1,32}` (SR-37).
 * - `data`: unpadded base64url of `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`.
 * - plaintext: UTF-8 of `<expiresAt>.<value>`, `expiresAt` in canonical decimal epoch
 *   milliseconds or empty for no expiry.
 * - associated data: UTF-8 of `e1.<kid>.<purpose>`; the purpose is not transmitted, so a
 *   value sealed for one cookie does not open as another (SR-36).
 *
 * A tag that does not authenticate is reported as `bad-signature`, like a bad HMAC: one
 * reason for "not made by us for this purpose" whatever the format.
 * @module
 */
import type { Awaitable, CryptoMode } from './backend.ts';
import { isCanonicalBase64url, utf8Encode } from './encoding.ts';
import { isKeyId, keyFor, keyringState, type KeyEntry, type Keyring, type KeyringState } from './keyring.ts';
import { checkNow, checkPurpose, checkValue, expiryField, parseExpiry, type SealOptions, type UnsealOptions } from './options.ts';
import { BAD_SIGNATURE, EXPIRED, MALFORMED, MAX_TOKEN_LENGTH, UNKNOWN_KEY, type VerifyResult } from './result.ts';

/** Nonce + tag + the `.` that always precedes the value. */
const OVERHEAD_BYTES = 12 + 16 + 1;
/** base64url length of {@link OVERHEAD_BYTES}. */
const MIN_DATA_CHARS = Math.ceil((OVERHEAD_BYTES * 4) / 3);
/** `e1.` + 1-char kid + `.` + data. */
const MIN_SEALED_LENGTH = 5 + MIN_DATA_CHARS;

/**
 * Seals (encrypts and authenticates) `value` with the keyring's current key for `options.purpose`.
 * @returns the token (a string for a synchronous keyring, a promise of it for an asynchronous one).
 * @throws TypeError for a non-string or non-well-formed `value` or `purpose`, or an object
 * that is not a keyring; RangeError for an invalid `expiresAt` or a token that would exceed
 * {@link MAX_TOKEN_LENGTH}. Thrown synchronously for both back ends.
 */
export function seal<M extends CryptoMode>(keyring: Keyring<M>, value: string, options: SealOptions): Awaitable<M, string> {
  const { backend, current } = keyringState(keyring);
  const purpose = options.purpose;
  checkPurpose(purpose);
  checkValue(value);
  const plaintext = expiryField(options.expiresAt) + '.' + value;
  // A UTF-16 code unit takes at most 3 UTF-8 bytes; count exactly only when that bound is too big.
  if (sealedLength(current.sealPrefix, plaintext.length * 3) > MAX_TOKEN_LENGTH) {
    if (sealedLength(current.sealPrefix, utf8Encode(plaintext).length) > MAX_TOKEN_LENGTH) {
      throw new RangeError(`the sealed token would be over ${MAX_TOKEN_LENGTH} characters; seal a smaller value`);
    }
  }
  const data = backend.encrypt(current.sealKey, current.sealPrefix + purpose, plaintext);
  return (typeof data === 'string' ? current.sealPrefix + data : data.then((d) => current.sealPrefix + d)) as Awaitable<M, string>;
}

function sealedLength(prefix: string, plaintextBytes: number): number {
  return prefix.length + Math.ceil(((plaintextBytes + 28) * 4) / 3);
}

/**
 * Opens a sealed token for `options.purpose`. The AES-GCM tag is checked before anything
 * in the plaintext is read (SR-32).
 *
 * Never throws and never rejects for any `token`: anything that is not an authentic,
 * unexpired token of this keyring and purpose is `{ ok: false, reason }` (see
 * {@link VerifyFailureReason}; a failed tag is `bad-signature`). A token is expired when
 * `now >= expiresAt`.
 * @returns the result (a value for a synchronous keyring, a promise of it for an asynchronous one).
 * @throws TypeError only for programmer errors: a bad `purpose` or `now`, or an object that is not a keyring.
 */
export function unseal<M extends CryptoMode>(keyring: Keyring<M>, token: unknown, options: UnsealOptions): Awaitable<M, VerifyResult> {
  const state = keyringState(keyring);
  const purpose = options.purpose;
  checkPurpose(purpose);
  const result = unsealToken(state, token, purpose, checkNow(options.now));
  return (state.backend.mode === 'async' ? Promise.resolve(result) : result) as Awaitable<M, VerifyResult>;
}

function unsealToken(state: KeyringState, token: unknown, purpose: string, now: number | undefined): VerifyResult | Promise<VerifyResult> {
  if (
    typeof token !== 'string' ||
    token.length < MIN_SEALED_LENGTH ||
    token.length > MAX_TOKEN_LENGTH ||
    token.charCodeAt(0) !== 101 /* e */ ||
    token.charCodeAt(1) !== 49 /* 1 */ ||
    token.charCodeAt(2) !== 46 /* . */
  ) {
    return MALFORMED;
  }
  const kidEnd = token.indexOf('.', 3);
  // Why: canonical base64url has no '.', so this also pins the token to exactly three fields.
  if (kidEnd < 0 || token.length - kidEnd - 1 < MIN_DATA_CHARS || !isCanonicalBase64url(token, kidEnd + 1)) {
    return MALFORMED;
  }
  const entry = keyFor(state, token, kidEnd);
  // Why: the key id picks the one key to try; an unknown id is refused, never tried against every key (SR-37).
  if (entry === undefined) return isKeyId(token.slice(3, kidEnd)) ? UNKNOWN_KEY : MALFORMED;
  const plaintext = state.backend.decrypt(entry.sealKey, entry.sealPrefix + purpose, token.slice(kidEnd + 1));
  if (!(plaintext instanceof Promise)) return readOpened(plaintext, state, entry, now);
  return plaintext.then((opened) => readOpened(opened, state, entry, now));
}

/** Reads a plaintext whose tag has been checked (SR-32); `null` when it did not authenticate. */
function readOpened(plaintext: string | null, state: KeyringState, entry: KeyEntry, now: number | undefined): VerifyResult {
  if (plaintext === null) return BAD_SIGNATURE;
  const dot = plaintext.indexOf('.');
  const expiresAt = dot < 0 ? -1 : parseExpiry(plaintext.slice(0, dot));
  if (expiresAt === -1) return MALFORMED;
  if (expiresAt !== null && (now ?? Date.now()) >= expiresAt) return EXPIRED;
  return { ok: true, value: plaintext.slice(dot + 1), keyId: entry.id, stale: entry !== state.current, expiresAt };
}
