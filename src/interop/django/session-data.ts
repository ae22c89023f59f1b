/**
 * Django's session encoding, shared by the db, cache, cached_db and file backends
 * (specs/python-interop.md §5.1): `signing.dumps(session, salt="django.contrib.sessions." +
 * qualname, compress=True)`; the embedded timestamp is never checked. Also reads (and, for a
 * Django 3.1/3.2 `DEFAULT_HASHING_ALGORITHM = "sha1"` deployment, writes) the pre-3.1 format
 * `b64std(hex(HMAC-SHA1) ‖ ":" ‖ json)`.
 * @module
 */
import { refuse, type InteropResult } from '../outcome.ts';
import { b64std, pyB64DecodeText } from '../python/base64.ts';
import { hash, hmac, secretBytes, textEqual, type SecretInput } from '../python/secrets.ts';
import { decodeLatin1, decodeUtf8Strict } from '../python/text.ts';
import { isPyDict, type PyDict } from '../python/values.ts';
import { createDjangoSigning, djangoJson } from './signing.ts';
import type { TextCodec } from '../itsdangerous/serializer.ts';

/** The salt of the signed-cookies session backend (§5.2). */
export const DJANGO_SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';

/** Options of {@link createDjangoSessionData}. */
export interface DjangoSessionDataOptions {
  /** `SECRET_KEY`. */
  secretKey: SecretInput;
  /** `SECRET_KEY_FALLBACKS` (Django ≥ 4.1), tried after `secretKey`. */
  fallbackKeys?: readonly SecretInput[] | undefined;
  /**
   * The session store class's `__qualname__` (§5.1, §8.6): `"SessionStore"` for every built-in
   * backend; a project subclass gives its own name, and so a different salt.
   */
  storeQualname?: string | undefined;
  /**
   * `"sha256"` (default): the format of Django ≥ 3.1. `"sha1"`: write the pre-3.1 format, as Django
   * 3.1/3.2 do under `DEFAULT_HASHING_ALGORITHM = "sha1"` (unreadable from Django 4.0).
   */
  algorithm?: 'sha256' | 'sha1' | undefined;
  /** Read the pre-3.1 format too (Django ≤ 3.2 does). Default true. */
  acceptLegacy?: boolean | undefined;
  /** Default Django's JSON serializer. */
  serializer?: TextCodec | undefined;
  /** Clock, epoch milliseconds (the timestamp written inside). Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Encodes and decodes `session_data`. */
export interface DjangoSessionData {
  /** `SessionBase.encode(session)`. @throws SessionDataError for a value Django's JSON cannot hold. */
  encode(session: PyDict): string;
  /**
   * `SessionBase.decode(data)`, with a reason where Django logs "Session data corrupted" and
   * uses an empty session. Never throws: `malformed`/`bad-signature` (neither format
   * authenticates), `bad-payload` (authentic but undecodable, or not a dict).
   */
  decode(data: string): InteropResult<PyDict>;
}

/** Creates the session-data codec. @throws ConfigError for a bad key. */
export function createDjangoSessionData(options: DjangoSessionDataOptions): DjangoSessionData {
  const qualname = options.storeQualname ?? 'SessionStore';
  const codec = options.serializer ?? djangoJson;
  const signing = createDjangoSigning({
    key: options.secretKey,
    fallbackKeys: options.fallbackKeys,
    salt: 'django.contrib.sessions.' + qualname,
    serializer: codec,
    compress: true,
    now: options.now,
  });
  // The legacy hash salt has no dot and uses the class name, not the qualname (§5.1, §8.6).
  const legacySalt = Buffer.from('django.contrib.sessions' + qualname.slice(qualname.lastIndexOf('.') + 1), 'utf8');
  const legacyKeys = [options.secretKey, ...(options.fallbackKeys ?? [])].map((k, i) => hash('sha1', legacySalt, secretBytes(k, i === 0 ? 'secretKey' : `fallbackKeys[${i - 1}]`)));
  const legacyHash = (key: Buffer, serialized: Uint8Array) => hmac('sha1', key, serialized).toString('hex');

  const decodeLegacy = (data: string): InteropResult<PyDict> => {
    const raw = pyB64DecodeText(data);
    const colon = raw === null ? -1 : raw.indexOf(0x3a);
    if (raw === null || colon < 0) return refuse('malformed');
    const hex = decodeUtf8Strict(raw.subarray(0, colon));
    const serialized = raw.subarray(colon + 1);
    const at = hex === null ? -1 : legacyKeys.findIndex((k) => textEqual(hex, legacyHash(k, serialized)));
    if (at < 0) return refuse('bad-signature');
    try {
      const value = codec.loads(decodeLatin1(serialized));
      return isPyDict(value) ? { ok: true, value, keyIndex: at, stale: true, timestamp: null } : refuse('bad-payload');
    } catch {
      return refuse('bad-payload');
    }
  };

  return {
    encode(session) {
      if (!isPyDict(session)) throw new TypeError('a Django session is a dict (a plain object)');
      if (options.algorithm !== 'sha1') return signing.dumps(session);
      const serialized = Buffer.from(codec.dumps(session), 'latin1');
      return b64std(Buffer.concat([Buffer.from(legacyHash(legacyKeys[0]!, serialized) + ':'), serialized]));
    },
    decode(data) {
      const result = signing.loads(data);
      if (result.ok) return isPyDict(result.value) ? { ...result, value: result.value } : refuse('bad-payload');
      if (options.acceptLegacy === false || typeof data !== 'string') return result;
      // Django 3.x retries the legacy format after any failure of the new one.
      const legacy = decodeLegacy(data);
      return legacy.ok || result.reason === 'malformed' ? legacy : result;
    },
  };
}
