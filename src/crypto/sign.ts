/**
 * Signed tokens (readable, tamper-evident): HMAC-SHA-256 over a versioned format that
 * carries the key id and the expiry and binds the purpose without sending it.
 *
 * Wire format, every character a cookie-octet (RFC 6265bis §4.1.1):
 *
 *     s1.<kid>.<expiresAt>.<payload>.<mac>
 *
 * - `s1`: format version; selects HMAC-SHA-256 and nothing else (SR-35).
 * - `kid`: key id, `[A-Za-z0-9_-]{1,32}`; selects the one key to verify with (SR-37).
 * - `expiresAt`: epoch milliseconds in canonical decimal, or empty for no expiry.
 * - `payload`: unpadded base64url of the UTF-8 value (possibly empty).
 * - `mac`: unpadded base64url (43 chars) of HMAC-SHA-256 under the key's signing sub-key of
 *   the UTF-8 bytes of `s1.<kid>.<expiresAt>.<payload>.<purpose>`: every field before the
 *   MAC plus the purpose, which is not transmitted (SR-36). The four fields before the
 *   purpose contain no `.`, so this input is unambiguous.
 * @module
 */
import type { Awaitable, CryptoMode } from './backend.ts';
import { isCanonicalBase64url } from './encoding.ts';
import { isKeyId, keyFor, keyringState, type KeyEntry, type Keyring, type KeyringState } from './keyring.ts';
import { checkNow, checkPurpose, checkValue, expiryField, parseExpiry, type SignOptions, type VerifyOptions } from './options.ts';
import { BAD_SIGNATURE, EXPIRED, MALFORMED, MAX_TOKEN_LENGTH, UNKNOWN_KEY, type VerifyResult } from './result.ts';

const MAC_CHARS = 43;
/** `s1.` + 1-char kid + `.` + empty expiry + `.` + empty payload + `.` + MAC. */
const MIN_SIGNED_LENGTH = 7 + MAC_CHARS;

/**
 * Signs `value` with the keyring's current key for `options.purpose`.
 * @returns the token (a string for a synchronous keyring, a promise of it for an asynchronous one).
 * @throws TypeError for a non-string or non-well-formed `value` or `purpose`, or an object
 * that is not a keyring; RangeError for an invalid `expiresAt` or a token that would exceed
 * {@link MAX_TOKEN_LENGTH}. Thrown synchronously for both back ends.
 */
export function sign<M extends CryptoMode>(keyring: Keyring<M>, value: string, options: SignOptions): Awaitable<M, string> {
  const { backend, current } = keyringState(keyring);
  const purpose = options.purpose;
  checkPurpose(purpose);
  checkValue(value);
  const body = current.signPrefix + expiryField(options.expiresAt) + '.' + backend.utf8ToBase64url(value);
  if (body.length + 1 + MAC_CHARS > MAX_TOKEN_LENGTH) {
    throw new RangeError(`the signed token would be over ${MAX_TOKEN_LENGTH} characters; sign a smaller value`);
  }
  const mac = backend.macBase64url(current.signKey, body + '.' + purpose);
  return (typeof mac === 'string' ? body + '.' + mac : mac.then((m) => body + '.' + m)) as Awaitable<M, string>;
}

/**
 * Verifies a signed token for `options.purpose`. The MAC is checked, in constant time,
 * before the expiry is read or the payload decoded (SR-32, SR-33).
 *
 * Never throws and never rejects for any `token`: anything that is not an authentic,
 * unexpired token of this keyring and purpose is `{ ok: false, reason }` (see
 * {@link VerifyFailureReason}). A token is expired when `now >= expiresAt` (at the exact
 * millisecond of `expiresAt` it is already expired).
 * @returns the result (a value for a synchronous keyring, a promise of it for an asynchronous one).
 * @throws TypeError only for programmer errors: a bad `purpose` or `now`, or an object that is not a keyring.
 */
export function verify<M extends CryptoMode>(keyring: Keyring<M>, token: unknown, options: VerifyOptions): Awaitable<M, VerifyResult> {
  const state = keyringState(keyring);
  const purpose = options.purpose;
  checkPurpose(purpose);
  const now = checkNow(options.now);
  const result = verifyToken(state, token, purpose, now);
  return (state.backend.mode === 'async' ? Promise.resolve(result) : result) as Awaitable<M, VerifyResult>;
}

function verifyToken(state: KeyringState, token: unknown, purpose: string, now: number | undefined): VerifyResult | Promise<VerifyResult> {
  if (
    typeof token !== 'string' ||
    token.length < MIN_SIGNED_LENGTH ||
    token.length > MAX_TOKEN_LENGTH ||
    token.charCodeAt(0) !== 115 /* s */ ||
    token.charCodeAt(1) !== 49 /* 1 */ ||
    token.charCodeAt(2) !== 46 /* . */
  ) {
    return MALFORMED;
  }
  const kidEnd = token.indexOf('.', 3);
  const expiryEnd = kidEnd < 0 ? -1 : token.indexOf('.', kidEnd + 1);
  const payloadEnd = expiryEnd < 0 ? -1 : token.indexOf('.', expiryEnd + 1);
  // Why: a canonical 43-char MAC has no '.', so this also pins the token to exactly five fields.
  if (payloadEnd < 0 || token.length - payloadEnd - 1 !== MAC_CHARS || !isCanonicalBase64url(token, payloadEnd + 1)) {
    return MALFORMED;
  }
  const entry = keyFor(state, token, kidEnd);
  // Why: the key id picks the one key to try; an unknown id is refused, never tried against every key (SR-37).
  if (entry === undefined) return isKeyId(token.slice(3, kidEnd)) ? UNKNOWN_KEY : MALFORMED;
  const authentic = state.backend.verifyMac(entry.signKey, token.slice(0, payloadEnd) + '.' + purpose, token.slice(payloadEnd + 1));
  if (typeof authentic === 'boolean') return readVerified(authentic, state, entry, token, kidEnd, expiryEnd, payloadEnd, now);
  return authentic.then((ok) => readVerified(ok, state, entry, token, kidEnd, expiryEnd, payloadEnd, now));
}

/** Reads the fields of a token only once its MAC has been checked (SR-32). */
function readVerified(
  authentic: boolean,
  state: KeyringState,
  entry: KeyEntry,
  token: string,
  kidEnd: number,
  expiryEnd: number,
  payloadEnd: number,
  now: number | undefined,
): VerifyResult {
  if (!authentic) return BAD_SIGNATURE;
  let expiresAt: number | null = null;
  if (expiryEnd > kidEnd + 1) {
    const parsed = parseExpiry(token.slice(kidEnd + 1, expiryEnd));
    if (parsed === null || parsed === -1) return MALFORMED;
    if ((now ?? Date.now()) >= parsed) return EXPIRED;
    expiresAt = parsed;
  }
  return {
    ok: true,
    value: state.backend.base64urlToUtf8(token.slice(expiryEnd + 1, payloadEnd)),
    keyId: entry.id,
    stale: entry !== state.current,
    expiresAt,
  };
}
