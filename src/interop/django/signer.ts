/**
 * Django's `Signer` and `TimestampSigner` (specs/python-interop.md §4.1, §4.2):
 * `value ‖ ":" ‖ b64u(HMAC-H(H(salt ‖ "signer" ‖ key), value))`, the timed one with a base62
 * timestamp before the signature. Signatures are compared as text (no base64 leniency, §1.3).
 * @module
 */
import { ConfigError } from '../../errors.ts';
import { isWellFormed } from '../../crypto/encoding.ts';
import { MAX_SIGNED_LENGTH, refuse, type InteropResult } from '../outcome.ts';
import { b64u } from '../python/base64.ts';
import { checkDigest, hash, hmac, secretBytes, textEqual, type Digest, type SecretInput } from '../python/secrets.ts';
import { b62Decode, b62Encode } from './base62.ts';

/** Options of {@link createDjangoSigner}; defaults are Django's (≥ 3.1). */
export interface DjangoSignerOptions {
  /** `SECRET_KEY` (or the `key=` argument): signs, and verifies first. */
  key: SecretInput;
  /** `SECRET_KEY_FALLBACKS` (Django ≥ 4.1): verified after `key`, in order. */
  fallbackKeys?: readonly SecretInput[] | undefined;
  /** Default `"django.core.signing.Signer"` (`…TimestampSigner` for the timed one); `""` also means the default, as in Django. */
  salt?: string | undefined;
  /** Default `":"`; a separator made only of `A-z0-9-_=` is refused, as Django refuses it. */
  sep?: string | undefined;
  /** Default `"sha256"` (Django 3.2's `DEFAULT_HASHING_ALGORITHM`, fixed from 4.0). */
  algorithm?: Digest | undefined;
  /** Also accept SHA-1 signatures, as Django 3.1/3.2 do (legacy; refused from 4.0). Default false. */
  acceptSha1?: boolean | undefined;
}

/** A Django signer. */
export interface DjangoSigner {
  readonly sep: string;
  /** `b64u(salted_hmac(salt + "signer", value, key))`. */
  signature(value: string): string;
  /** `value ‖ sep ‖ signature`. @throws TypeError for a non-string or lone surrogates. */
  sign(value: string): string;
  /**
   * The value before the last separator when the text after it equals the expected
   * signature under `key` or a fallback key (constant-time text comparison). Never throws:
   * `malformed` for a non-string, over-long or not well-formed text or one without the
   * separator; `bad-signature` otherwise.
   */
  unsign(signed: string): InteropResult<string>;
}

/** Options of the timed signer: the same plus a clock. */
export interface DjangoTimestampSignerOptions extends DjangoSignerOptions {
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** A Django timestamp signer. */
export interface DjangoTimestampSigner {
  readonly sep: string;
  /** `value ‖ sep ‖ base62(floor(now seconds))` signed. @throws TypeError for a non-string or lone surrogates. */
  sign(value: string, options?: { now?: number | undefined }): string;
  /**
   * Verifies as {@link DjangoSigner.unsign}, then reads the timestamp: `bad-payload` when it is
   * missing or not base62 (Django raises a plain `ValueError` there, not `BadSignature`); with
   * `maxAgeSeconds`, `expired` when `now - timestamp > maxAgeSeconds` in fractional seconds.
   * Timestamps from the future are accepted, as Django accepts them (§4.2, §8.2). Never throws.
   */
  unsign(signed: string, options?: { maxAgeSeconds?: number | undefined; now?: number | undefined }): InteropResult<string>;
}

const UNSAFE_SEP = /^[A-z0-9\-_=]*$/;

function checkSep(sep: unknown): string {
  // Python's `$` also matches before a final newline, so "\n" is refused too.
  if (typeof sep !== 'string' || UNSAFE_SEP.test(sep.replace(/\n$/, ''))) {
    throw new ConfigError('sep', 'must not be empty or made only of A-z0-9-_= (Django refuses it); the default is ":"');
  }
  return sep;
}

function checkValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isWellFormed(value)) throw new TypeError('the value to sign must be a string without lone surrogates');
}

/** Creates a Django `Signer`. `defaultSalt` is the class's own (`module.ClassName`). @throws ConfigError for a bad key, separator or algorithm. */
export function createDjangoSigner(options: DjangoSignerOptions, defaultSalt = 'django.core.signing.Signer'): DjangoSigner {
  const salt = options.salt || defaultSalt;
  const sep = checkSep(options.sep ?? ':');
  const algorithm = checkDigest(options.algorithm ?? 'sha256', 'algorithm');
  const secrets = [secretBytes(options.key, 'key'), ...(options.fallbackKeys ?? []).map((k, i) => secretBytes(k, `fallbackKeys[${i}]`))];
  const keySalt = Buffer.from(salt + 'signer', 'utf8');
  // salted_hmac: K' = H(key_salt ‖ secret), derived once per key and algorithm.
  const keys = secrets.map((s) => hash(algorithm, keySalt, s));
  const legacy = options.acceptSha1 === true && algorithm !== 'sha1' ? secrets.map((s) => hash('sha1', keySalt, s)) : [];
  const signature = (value: string) => b64u(hmac(algorithm, keys[0]!, value));
  return {
    sep,
    signature,
    sign(value) {
      checkValue(value);
      return value + sep + signature(value);
    },
    unsign(signed) {
      if (typeof signed !== 'string' || signed.length > MAX_SIGNED_LENGTH || !isWellFormed(signed)) return refuse('malformed');
      const at = signed.lastIndexOf(sep);
      if (at < 0) return refuse('malformed');
      const value = signed.slice(0, at);
      const sig = signed.slice(at + sep.length);
      const message = Buffer.from(value, 'utf8');
      for (let i = 0; i < keys.length; i++) {
        if (textEqual(sig, b64u(hmac(algorithm, keys[i]!, message))) || (legacy.length > 0 && textEqual(sig, b64u(hmac('sha1', legacy[i]!, message))))) {
          return { ok: true, value, keyIndex: i, stale: i > 0, timestamp: null };
        }
      }
      return refuse('bad-signature');
    },
  };
}

/** Creates a Django `TimestampSigner`. @throws ConfigError as {@link createDjangoSigner}. */
export function createDjangoTimestampSigner(options: DjangoTimestampSignerOptions, defaultSalt = 'django.core.signing.TimestampSigner'): DjangoTimestampSigner {
  const signer = createDjangoSigner(options, defaultSalt);
  const clock = options.now ?? Date.now;
  const sep = signer.sep;
  return {
    sep,
    sign(value, signOptions = {}) {
      checkValue(value);
      return signer.sign(value + sep + b62Encode(Math.floor((signOptions.now ?? clock()) / 1000)));
    },
    unsign(signed, verifyOptions = {}) {
      const result = signer.unsign(signed);
      if (!result.ok) return result;
      const at = result.value.lastIndexOf(sep);
      const timestamp = at < 0 ? null : b62Decode(result.value.slice(at + sep.length));
      if (timestamp === null) return refuse('bad-payload');
      const maxAge = verifyOptions.maxAgeSeconds;
      // Fractional now, as Django's time.time() (§6.6); no check for negative ages (§8.2).
      if (maxAge !== undefined && (verifyOptions.now ?? clock()) / 1000 - timestamp > maxAge) return refuse('expired');
      return { ...result, value: result.value.slice(0, at), timestamp };
    },
  };
}
