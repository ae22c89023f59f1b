/**
 * The formats `tessera decode` and `tessera encode` speak, each with its Python class's own
 * defaults (salt, digest, key derivation, separator, max age) and the options that may
 * override them. tessera's own formats (`tessera-signed`, `tessera-sealed`) go through
 * `tessera/crypto` with `--salt` as the purpose.
 * @module
 */
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { createKeyring, seal, sign, unseal, verify } from '../src/crypto/index.ts';
import {
  createSerializer,
  createSigner,
  createTimestampSigner,
  createURLSafeSerializer,
  createURLSafeTimedSerializer,
  type KeyDerivation,
} from '../src/interop/itsdangerous/index.ts';
import { createFlaskSessionCodec } from '../src/interop/flask/index.ts';
import {
  createDjangoSessionData,
  createDjangoSignedCookie,
  createDjangoSigner,
  createDjangoSigning,
  createDjangoTimestampSigner,
  DJANGO_SIGNED_COOKIES_SALT,
} from '../src/interop/django/index.ts';
import { isPyDict, pyJsonDumps, pyJsonLoads, type Digest, type InteropResult, type PyValue, type SecretInput } from '../src/interop/index.ts';
import { UsageError } from './usage-error.ts';

/** Options a format may take besides the secrets. */
export type FormatOption = 'salt' | 'digest' | 'key-derivation' | 'sep' | 'compress' | 'name';

/** What the command line gives a format. */
export interface FormatSettings {
  /** The secrets as typed: first current, then fallbacks (`hex:` not yet decoded). */
  secrets: string[];
  salt?: string | undefined;
  digest?: Digest | undefined;
  keyDerivation?: KeyDerivation | undefined;
  sep?: string | undefined;
  compress: boolean;
  name?: string | undefined;
}

/** One format: encode a value, decode a value. Times are epoch milliseconds. */
export interface FormatCodec {
  encode(value: PyValue, now: number, maxAgeSeconds: number | undefined): string;
  decode(text: string, now: number, maxAgeSeconds: number | undefined): InteropResult<PyValue>;
}

/** A format's description. */
export interface Format {
  /** What `--data` must be: a JSON string (`text`), an object (`dict`), or anything. */
  payload: 'text' | 'dict' | 'any';
  /** `none`: `--max-age` is refused on decode; `optional`: accepted, no default; a number: the default. */
  maxAge: 'none' | 'optional' | number;
  /** Whether `--max-age` on encode means an expiry (tessera formats). */
  encodeMaxAge: boolean;
  options: readonly FormatOption[];
  build(settings: FormatSettings): FormatCodec;
}

/** A secret as typed: `hex:…` is raw bytes, anything else UTF-8 text. */
export function parseSecret(text: string): SecretInput {
  if (!text.startsWith('hex:')) return text;
  const hex = text.slice(4);
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new UsageError(`--secret hex:… must be an even number of hex digits`);
  return Buffer.from(hex, 'hex');
}

const ITSDANGEROUS: readonly FormatOption[] = ['salt', 'digest', 'key-derivation', 'sep'];
const current = (s: FormatSettings) => parseSecret(s.secrets[0]!);
const fallbacks = (s: FormatSettings) => s.secrets.slice(1).map(parseSecret);
/** itsdangerous wants the keys oldest first, the signing key last. */
const itsdangerousKeys = (s: FormatSettings) => s.secrets.map(parseSecret).reverse();
const itsOptions = (s: FormatSettings) => ({ secretKey: itsdangerousKeys(s), digest: s.digest, keyDerivation: s.keyDerivation, sep: s.sep });
const text = (v: PyValue) => v as string;
const djangoOptions = (s: FormatSettings) => ({ key: current(s), fallbackKeys: fallbacks(s), algorithm: s.digest, sep: s.sep });
const mapResult = (r: InteropResult<string>): InteropResult<PyValue> => r;

function tesseraFormat(mode: 'signed' | 'sealed'): Format {
  return {
    payload: 'any',
    maxAge: 'none',
    encodeMaxAge: true,
    options: ['salt', 'compress'],
    build(s) {
      const keyring = createKeyring(s.secrets.map((secret) => ({ secret })));
      const purpose = s.salt ?? '__Host-session';
      return {
        encode(value, now, maxAgeSeconds) {
          const json = pyJsonDumps(value, { ensureAscii: false, separators: [',', ':'] });
          let payload = json;
          if (s.compress) {
            const packed = '~' + deflateRawSync(json).toString('base64url');
            if (packed.length < json.length) payload = packed;
          }
          const expiresAt = maxAgeSeconds === undefined ? undefined : Math.floor(now + maxAgeSeconds * 1000);
          return mode === 'signed' ? sign(keyring, payload, { purpose, expiresAt }) : seal(keyring, payload, { purpose, expiresAt });
        },
        decode(token, now) {
          const r = mode === 'signed' ? verify(keyring, token, { purpose, now }) : unseal(keyring, token, { purpose, now });
          if (!r.ok) return { ok: false, reason: r.reason === 'unknown-key' ? 'bad-signature' : r.reason };
          try {
            const json = r.value.startsWith('~') ? inflateRawSync(Buffer.from(r.value.slice(1), 'base64url'), { maxOutputLength: 16 << 20 }).toString('utf8') : r.value;
            return { ok: true, value: pyJsonLoads(json), keyIndex: keyring.ids.indexOf(r.keyId), stale: r.stale, timestamp: null };
          } catch {
            return { ok: false, reason: 'bad-payload' };
          }
        },
      };
    },
  };
}

/** Every format, by its command-line name. */
export const FORMATS: Readonly<Record<string, Format>> = {
  flask: {
    payload: 'dict',
    maxAge: 2_678_400,
    encodeMaxAge: false,
    options: [...ITSDANGEROUS, 'compress'],
    build(s) {
      const codec = createFlaskSessionCodec({ secretKey: current(s), fallbackKeys: fallbacks(s), salt: s.salt, digest: s.digest, keyDerivation: s.keyDerivation, sep: s.sep });
      return {
        encode: (v, now) => codec.encode(v as Record<string, PyValue>, { now }),
        decode: (t, now, maxAgeSeconds) => codec.decode(t, { now, maxAgeSeconds }),
      };
    },
  },
  'itsdangerous-signer': {
    payload: 'text',
    maxAge: 'none',
    encodeMaxAge: false,
    options: ITSDANGEROUS,
    build(s) {
      const signer = createSigner({ ...itsOptions(s), salt: s.salt });
      return { encode: (v) => signer.sign(text(v)), decode: (t) => mapResult(signer.unsign(t)) };
    },
  },
  'itsdangerous-timestamp-signer': {
    payload: 'text',
    maxAge: 'optional',
    encodeMaxAge: false,
    options: ITSDANGEROUS,
    build(s) {
      const signer = createTimestampSigner({ ...itsOptions(s), salt: s.salt });
      return { encode: (v, now) => signer.sign(text(v), { now }), decode: (t, now, maxAgeSeconds) => mapResult(signer.unsign(t, { now, maxAgeSeconds })) };
    },
  },
  'itsdangerous-serializer': {
    payload: 'any',
    maxAge: 'none',
    encodeMaxAge: false,
    options: ITSDANGEROUS,
    build(s) {
      const serializer = createSerializer({ ...itsOptions(s), salt: s.salt });
      return { encode: (v) => serializer.dumps(v), decode: (t) => serializer.loads(t) };
    },
  },
  'itsdangerous-url-safe-serializer': {
    payload: 'any',
    maxAge: 'none',
    encodeMaxAge: false,
    options: [...ITSDANGEROUS, 'compress'],
    build(s) {
      const serializer = createURLSafeSerializer({ ...itsOptions(s), salt: s.salt });
      return { encode: (v) => serializer.dumps(v), decode: (t) => serializer.loads(t) };
    },
  },
  'itsdangerous-url-safe-timed-serializer': {
    payload: 'any',
    maxAge: 'optional',
    encodeMaxAge: false,
    options: [...ITSDANGEROUS, 'compress'],
    build(s) {
      const serializer = createURLSafeTimedSerializer({ ...itsOptions(s), salt: s.salt });
      return { encode: (v, now) => serializer.dumps(v, { now }), decode: (t, now, maxAgeSeconds) => serializer.loads(t, { now, maxAgeSeconds }) };
    },
  },
  'django-signed-cookies': {
    payload: 'dict',
    maxAge: 1_209_600,
    encodeMaxAge: false,
    options: ['salt', 'digest', 'compress'],
    build(s) {
      const signing = createDjangoSigning({ ...djangoOptions(s), salt: s.salt ?? DJANGO_SIGNED_COOKIES_SALT, compress: true });
      return {
        encode: (v, now) => signing.dumps(v, { now }),
        decode(t, now, maxAgeSeconds) {
          const r = signing.loads(t, { now, maxAgeSeconds });
          return r.ok && !isPyDict(r.value) ? { ok: false, reason: 'bad-payload' } : r;
        },
      };
    },
  },
  'django-db': {
    payload: 'dict',
    maxAge: 'none',
    encodeMaxAge: false,
    options: ['salt', 'digest', 'compress'],
    build(s) {
      if (s.digest !== undefined && s.digest !== 'sha256' && s.digest !== 'sha1') throw new UsageError('--digest for django-db is sha256 (Django ≥ 3.1) or sha1 (the pre-3.1 format)');
      const prefix = 'django.contrib.sessions.';
      if (s.salt !== undefined && !s.salt.startsWith(prefix)) throw new UsageError(`--salt for django-db is "${prefix}" + the store class's qualname, e.g. ${prefix}SessionStore`);
      let now = 0;
      const data = createDjangoSessionData({
        secretKey: current(s),
        fallbackKeys: fallbacks(s),
        storeQualname: s.salt?.slice(prefix.length),
        algorithm: s.digest === 'sha1' ? 'sha1' : 'sha256',
        now: () => now,
      });
      return {
        encode(v, at) {
          now = at;
          return data.encode(v as Record<string, PyValue>);
        },
        decode: (t) => data.decode(t),
      };
    },
  },
  'django-signing': {
    payload: 'any',
    maxAge: 'optional',
    encodeMaxAge: false,
    options: ['salt', 'digest', 'sep', 'compress'],
    build(s) {
      const signing = createDjangoSigning({ ...djangoOptions(s), salt: s.salt, compress: s.compress });
      return { encode: (v, now) => signing.dumps(v, { now }), decode: (t, now, maxAgeSeconds) => signing.loads(t, { now, maxAgeSeconds }) };
    },
  },
  'django-signer': {
    payload: 'text',
    maxAge: 'none',
    encodeMaxAge: false,
    options: ['salt', 'digest', 'sep'],
    build(s) {
      const signer = createDjangoSigner({ ...djangoOptions(s), salt: s.salt });
      return { encode: (v) => signer.sign(text(v)), decode: (t) => mapResult(signer.unsign(t)) };
    },
  },
  'django-timestamp-signer': {
    payload: 'text',
    maxAge: 'optional',
    encodeMaxAge: false,
    options: ['salt', 'digest', 'sep'],
    build(s) {
      const signer = createDjangoTimestampSigner({ ...djangoOptions(s), salt: s.salt });
      return { encode: (v, now) => signer.sign(text(v), { now }), decode: (t, now, maxAgeSeconds) => mapResult(signer.unsign(t, { now, maxAgeSeconds })) };
    },
  },
  'django-signed-cookie': {
    payload: 'text',
    maxAge: 'optional',
    encodeMaxAge: false,
    options: ['name', 'salt', 'digest', 'sep'],
    build(s) {
      if (s.name === undefined) throw new UsageError('django-signed-cookie needs --name (the cookie name, the first part of the salt)');
      const cookie = createDjangoSignedCookie({ secretKey: current(s), fallbackKeys: fallbacks(s), name: s.name, salt: s.salt, algorithm: s.digest, sep: s.sep });
      return { encode: (v, now) => cookie.sign(text(v), { now }), decode: (t, now, maxAgeSeconds) => mapResult(cookie.unsign(t, { now, maxAgeSeconds })) };
    },
  },
  'tessera-signed': tesseraFormat('signed'),
  'tessera-sealed': tesseraFormat('sealed'),
};
