/**
 * itsdangerous `Signer` (specs/python-interop.md §2.1, §2.5, §2.6): `value ‖ sep ‖ b64u(HMAC)`.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import { isWellFormed } from '../../crypto/encoding.ts';
import { MAX_SIGNED_LENGTH, refuse, type InteropResult } from '../outcome.ts';
import { b64u, itsdangerousB64Decode } from '../python/base64.ts';
import { bytesEqual, checkDigest, hmac, secretBytes, secretList, type Digest, type SecretInput } from '../python/secrets.ts';
import { checkKeyDerivation, deriveKey, type KeyDerivation } from './key-derivation.ts';

/** Options of {@link createSigner}; defaults are `itsdangerous.Signer`'s. */
export interface SignerOptions {
  /** The secret, or a list oldest first: the last one signs, all verify, newest first (§2.5). */
  secretKey: SecretInput | readonly SecretInput[];
  /** Default `"itsdangerous.Signer"`; `null` also means the default, as in Python. */
  salt?: SecretInput | null | undefined;
  /** Default `"."`; must not be a substring of the base64url alphabet plus `=`. */
  sep?: string | undefined;
  /** Default `"django-concat"`. */
  keyDerivation?: KeyDerivation | undefined;
  /** Default `"sha1"`. */
  digest?: Digest | undefined;
}

/** A signer. Values are text, signed as their UTF-8 bytes (Python's `want_bytes`). */
export interface Signer {
  /** The separator. */
  readonly sep: string;
  /** `b64u(HMAC(derived current key, utf8(value)))`. */
  getSignature(value: string): string;
  /** `value ‖ sep ‖ signature`. @throws TypeError for a non-string or a string with lone surrogates (Python cannot encode it). */
  sign(value: string): string;
  /**
   * The value before the last separator when the signature after it verifies under any key
   * (newest first). The signature is base64-decoded as Python decodes it before the
   * constant-time byte comparison, so what Python accepts is accepted (§2.6, §8.1).
   * Never throws: `malformed` for a non-string, an over-long or not well-formed string, or one
   * without the separator; `bad-signature` when no key verifies.
   */
  unsign(signed: string): InteropResult<string>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=';

/** Checks a separator as itsdangerous does (`sep in _base64_alphabet` refuses it). @throws ConfigError. */
export function checkItsdangerousSep(sep: unknown, option: string): string {
  if (typeof sep !== 'string' || ALPHABET.includes(sep)) {
    throw new ConfigError(option, 'must be a string that is not part of the base64url alphabet (e.g. "." or "|"), as itsdangerous requires');
  }
  return sep;
}

/** Checks a value to sign. @throws TypeError for a non-string or lone surrogates. */
export function checkSignable(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isWellFormed(value)) throw new TypeError('the value to sign must be a string without lone surrogates');
}

/** Creates an itsdangerous `Signer`. @throws ConfigError for a bad secret, salt, separator, derivation or digest. */
export function createSigner(options: SignerOptions): Signer {
  const secrets = secretList(options.secretKey, 'secretKey');
  const salt = options.salt === undefined || options.salt === null ? Buffer.from('itsdangerous.Signer') : secretBytes(options.salt, 'salt');
  const sep = checkItsdangerousSep(options.sep ?? '.', 'sep');
  const derivation = checkKeyDerivation(options.keyDerivation ?? 'django-concat', 'keyDerivation');
  const digest = checkDigest(options.digest ?? 'sha1', 'digest');
  // Derived once, at construction; newest first, the order verification tries them in.
  const keys = secrets.map((s) => deriveKey(derivation, digest, s, salt)).reverse();
  const current = keys[0]!;

  const getSignature = (value: string) => b64u(hmac(digest, current, value));
  return {
    sep,
    getSignature,
    sign(value) {
      checkSignable(value);
      return value + sep + getSignature(value);
    },
    unsign(signed) {
      if (typeof signed !== 'string' || signed.length > MAX_SIGNED_LENGTH || !isWellFormed(signed)) return refuse('malformed');
      const at = signed.lastIndexOf(sep);
      if (at < 0) return refuse('malformed');
      const value = signed.slice(0, at);
      const sig = itsdangerousB64Decode(signed.slice(at + sep.length));
      if (sig === null) return refuse('bad-signature');
      const message = Buffer.from(value, 'utf8');
      for (let i = 0; i < keys.length; i++) {
        if (bytesEqual(sig, hmac(digest, keys[i]!, message))) {
          return { ok: true, value, keyIndex: keys.length - 1 - i, stale: i > 0, timestamp: null };
        }
      }
      return refuse('bad-signature');
    },
  };
}
