/**
 * Django's `signing.dumps` / `signing.loads` (specs/python-interop.md §4.3): compact
 * ASCII-escaped JSON in insertion order, read back as Latin-1; the zlib "." rule when
 * `compress` is set; base64url; signed by a `TimestampSigner` (default salt `django.core.signing`).
 * @module
 */
import { SessionDataError } from '../../errors.ts';
import { refuse, type InteropResult } from '../outcome.ts';
import { pyJsonLoads } from '../python/json-read.ts';
import { pyJsonDumps } from '../python/json-write.ts';
import { decodeLatin1 } from '../python/text.ts';
import type { PyValue } from '../python/values.ts';
import { decodePayloadField, encodePayloadField } from '../python/zlib-marker.ts';
import type { TextCodec } from '../itsdangerous/serializer.ts';
import { createDjangoTimestampSigner, type DjangoTimestampSignerOptions } from './signer.ts';

/**
 * Django's `JSONSerializer` as text: `json.dumps(obj, separators=(",", ":"))` (ASCII-escaped,
 * insertion order); reading takes the bytes as Latin-1, so raw UTF-8 from another writer
 * loads as mojibake, as in Django (§8.5).
 */
export const djangoJson: TextCodec = {
  dumps: (value) => pyJsonDumps(value, { separators: [',', ':'] }),
  loads: (text) => pyJsonLoads(text),
};

/** Options of {@link createDjangoSigning}. */
export interface DjangoSigningOptions extends Omit<DjangoTimestampSignerOptions, 'salt'> {
  /** Default `"django.core.signing"`; `""` gives the TimestampSigner's default, as in Django. */
  salt?: string | undefined;
  /** Default {@link djangoJson}. Its text must be Latin-1 (Django encodes it so). */
  serializer?: TextCodec | undefined;
  /** Apply the zlib rule when writing (`compress=True`). Default false, as `signing.dumps`. */
  compress?: boolean | undefined;
}

/** `dumps`/`loads` bound to one key, salt and serializer. */
export interface DjangoSigning {
  /** `signing.dumps(value)`. @throws SessionDataError for a value the serializer cannot write (bytes, datetimes, UUIDs with the default). */
  dumps(value: PyValue, options?: { now?: number | undefined }): string;
  /**
   * `signing.loads(text, max_age=…)`. Never throws: `malformed`/`bad-signature`/`expired` as
   * the TimestampSigner says; `bad-payload` for a good signature over a payload that does not
   * decode (base64, zlib, JSON), where Django raises a plain exception.
   */
  loads(signed: string, options?: { maxAgeSeconds?: number | undefined; now?: number | undefined }): InteropResult<PyValue>;
}

/** Creates Django's signing functions. @throws ConfigError as `createDjangoSigner`. */
export function createDjangoSigning(options: DjangoSigningOptions): DjangoSigning {
  const signer = createDjangoTimestampSigner({ ...options, salt: options.salt ?? 'django.core.signing' });
  const codec = options.serializer ?? djangoJson;
  const compress = options.compress ?? false;
  return {
    dumps(value, signOptions) {
      const text = codec.dumps(value);
      if (/[^\u0000-\u00ff]/.test(text)) throw new SessionDataError('value', 'the serializer wrote text that is not Latin-1, which Django cannot encode');
      return signer.sign(encodePayloadField(Buffer.from(text, 'latin1'), compress), signOptions);
    },
    loads(signed, verifyOptions) {
      const result = signer.unsign(signed, verifyOptions);
      if (!result.ok) return result;
      const bytes = decodePayloadField(result.value, 'django');
      if (bytes === null) return refuse('bad-payload');
      try {
        return { ...result, value: codec.loads(decodeLatin1(bytes)) };
      } catch {
        return refuse('bad-payload');
      }
    },
  };
}
