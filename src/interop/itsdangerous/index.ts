/**
 * `tessera/interop/itsdangerous`: itsdangerous 2.x signers and serializers, byte for byte
 * (specs/python-interop.md §2): `createSigner`, `createTimestampSigner`, `createSerializer`,
 * `createURLSafeSerializer`, `createURLSafeTimedSerializer`, with Python's defaults (salts,
 * SHA-1, `django-concat` derivation, `.`), key lists for rotation and Python's leniencies.
 *
 * ```ts
 * const s = createURLSafeTimedSerializer({ secretKey: 'the Python app secret' });
 * const token = s.dumps({ user: 42 });
 * const back = s.loads(token, { maxAgeSeconds: 3600 }); // { ok: true, value: { user: 42 }, ... }
 * ```
 * @module
 */
export { createSigner, type Signer, type SignerOptions } from './signer.ts';
export { createTimestampSigner, type TimestampSigner, type TimestampSignerOptions, type TimedSignOptions, type TimedVerifyOptions } from './timestamp-signer.ts';
export {
  compactJson,
  createSerializer,
  createURLSafeSerializer,
  createURLSafeTimedSerializer,
  defaultJson,
  type ItsdangerousSerializer,
  type ItsdangerousTimedSerializer,
  type SerializerOptions,
  type TextCodec,
  type URLSafeSerializerOptions,
} from './serializer.ts';
export type { KeyDerivation } from './key-derivation.ts';
export type { InteropResult, InteropFailureReason } from '../outcome.ts';
