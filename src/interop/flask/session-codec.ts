/**
 * Flask's default session cookie, `SecureCookieSessionInterface` (specs/python-interop.md
 * §3.1, §3.2, §3.5, §3.7): an itsdangerous `URLSafeTimedSerializer` with salt
 * `cookie-session`, HMAC key derivation, SHA-1 and Flask's tagged JSON.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import { createURLSafeTimedSerializer, type TextCodec } from '../itsdangerous/serializer.ts';
import type { TimedSignOptions, TimedVerifyOptions } from '../itsdangerous/timestamp-signer.ts';
import type { KeyDerivation } from '../itsdangerous/key-derivation.ts';
import { refuse, type InteropResult } from '../outcome.ts';
import type { Digest, SecretInput } from '../python/secrets.ts';
import { isPyDict, type PyDict } from '../python/values.ts';
import { flaskTaggedJson } from './tagged-json.ts';

/** Flask's `PERMANENT_SESSION_LIFETIME` default: 31 days, in seconds. */
export const FLASK_PERMANENT_SESSION_LIFETIME_SECONDS = 2_678_400;

/** Options of {@link createFlaskSessionCodec}; defaults are Flask's. */
export interface FlaskSessionCodecOptions {
  /** `SECRET_KEY`: signs, and verifies first. */
  secretKey: SecretInput;
  /** `SECRET_KEY_FALLBACKS` (Flask ≥ 3.1) as configured: verified after `secretKey`, last to first (§3.7). */
  fallbackKeys?: readonly SecretInput[] | undefined;
  /** Default `"cookie-session"`. */
  salt?: SecretInput | undefined;
  /** Default `"sha1"`. */
  digest?: Digest | undefined;
  /** Default `"hmac"`. */
  keyDerivation?: KeyDerivation | undefined;
  /** Default `"."`. */
  sep?: string | undefined;
  /** Default {@link flaskTaggedJson} (sorted keys, ASCII). */
  json?: TextCodec | undefined;
  /** `PERMANENT_SESSION_LIFETIME`, applied on read to every session, permanent or not (§3.5, §8.3). Default 31 days. */
  maxAgeSeconds?: number | undefined;
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Reads and writes Flask session cookie values. */
export interface FlaskSessionCodec {
  /** The cookie value of `session` (compressed when that pays). @throws SessionDataError for a value Flask cannot store. */
  encode(session: PyDict, options?: TimedSignOptions): string;
  /**
   * The session in a cookie value. Never throws: `malformed`/`bad-signature`/`expired` where Flask
   * starts a new session; `bad-payload` where Flask answers HTTP 500 (a good signature over an
   * undecodable payload, or a payload that is not a dict). `keyIndex` 0 is `secretKey`, `1 + i` is `fallbackKeys[i]`.
   */
  decode(value: string, options?: TimedVerifyOptions): InteropResult<PyDict>;
}

/** Creates the codec. @throws ConfigError for a bad key, salt, digest, derivation, separator or max age. */
export function createFlaskSessionCodec(options: FlaskSessionCodecOptions): FlaskSessionCodec {
  const fallbacks = options.fallbackKeys ?? [];
  const maxAgeSeconds = options.maxAgeSeconds ?? FLASK_PERMANENT_SESSION_LIFETIME_SECONDS;
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds >= 0)) throw new ConfigError('maxAgeSeconds', 'must be a non-negative number of seconds');
  // Flask 3.1.1: [*fallbacks, SECRET_KEY]: sign with SECRET_KEY, verify it first, then the fallbacks last to first.
  const serializer = createURLSafeTimedSerializer({
    secretKey: [...fallbacks, options.secretKey],
    salt: options.salt ?? 'cookie-session',
    digest: options.digest ?? 'sha1',
    keyDerivation: options.keyDerivation ?? 'hmac',
    sep: options.sep,
    serializer: options.json ?? flaskTaggedJson,
    now: options.now,
  });
  const last = fallbacks.length;
  return {
    encode(session, signOptions) {
      if (!isPyDict(session)) throw new TypeError('a Flask session is a dict (a plain object)');
      return serializer.dumps(session, signOptions);
    },
    decode(value, verifyOptions = {}) {
      const result = serializer.loads(value, { now: verifyOptions.now, maxAgeSeconds: verifyOptions.maxAgeSeconds ?? maxAgeSeconds });
      if (!result.ok) return result;
      if (!isPyDict(result.value)) return refuse('bad-payload');
      return { ...result, value: result.value, keyIndex: result.keyIndex === last ? 0 : result.keyIndex + 1 };
    },
  };
}
