/**
 * itsdangerous serializers (specs/python-interop.md §2.3): `Serializer` (JSON with Python's
 * default separators, signed as is), `URLSafeSerializer` and `URLSafeTimedSerializer` (compact
 * raw-UTF-8 JSON, the zlib "." rule, base64url; signed, with a timestamp for the timed one).
 * @module
 */
import { refuse, type InteropResult } from '../outcome.ts';
import { decodeUtf8Strict } from '../python/text.ts';
import { pyJsonDumps } from '../python/json-write.ts';
import { pyJsonLoads } from '../python/json-read.ts';
import type { PyValue } from '../python/values.ts';
import { decodePayloadField, encodePayloadField } from '../python/zlib-marker.ts';
import type { SecretInput } from '../python/secrets.ts';
import { createSigner, type SignerOptions } from './signer.ts';
import { createTimestampSigner, type TimedSignOptions, type TimedVerifyOptions, type TimestampSignerOptions } from './timestamp-signer.ts';

/** What turns values into text and back: Python's `json` by default, Flask's tagged JSON for sessions. */
export interface TextCodec {
  /** @throws for a value it cannot write (a programmer error). */
  dumps(value: PyValue): string;
  /** @throws for text it cannot read; the serializer reports that as `bad-payload`. */
  loads(text: string): PyValue;
}

/** `json.dumps(obj)` / `json.loads`: Python's defaults (`", "`, `": "`, ensure_ascii, insertion order). */
export const defaultJson: TextCodec = {
  dumps: (value) => pyJsonDumps(value),
  loads: (text) => pyJsonLoads(text),
};

/** itsdangerous `_CompactJSON`: compact separators, raw UTF-8 (`ensure_ascii=False`). */
export const compactJson: TextCodec = {
  dumps: (value) => pyJsonDumps(value, { ensureAscii: false, separators: [',', ':'] }),
  loads: (text) => pyJsonLoads(text),
};

/** Options of the serializers; defaults are the Python classes' own. */
export interface SerializerOptions extends Omit<TimestampSignerOptions, 'salt'> {
  /** Default `"itsdangerous"`; `null` gives the Signer's default `"itsdangerous.Signer"`, as in Python. */
  salt?: SecretInput | null | undefined;
  /** Default: `defaultJson` for `Serializer`, `compactJson` for the URL-safe ones. */
  serializer?: TextCodec | undefined;
}

/** Options of the URL-safe serializers. */
export interface URLSafeSerializerOptions extends SerializerOptions {
  /** Apply the zlib rule when writing (default true, as Python always does). Reading always understands it. */
  compress?: boolean | undefined;
}

/** An untimed serializer. */
export interface ItsdangerousSerializer {
  /** The signed text of `value`. @throws SessionDataError for a value the codec cannot write. */
  dumps(value: PyValue): string;
  /** The value, or why not (never throws; `bad-payload` when the signature is good but the payload does not load). */
  loads(signed: string): InteropResult<PyValue>;
}

/** A timed serializer. */
export interface ItsdangerousTimedSerializer {
  /** @throws SessionDataError for a value the codec cannot write. */
  dumps(value: PyValue, options?: TimedSignOptions): string;
  /** As {@link TimestampSigner.unsign}, then the payload: `bad-payload` when it does not load. Never throws. */
  loads(signed: string, options?: TimedVerifyOptions): InteropResult<PyValue>;
}

const signerOptions = (o: SerializerOptions): SignerOptions & TimestampSignerOptions => ({
  ...o,
  salt: o.salt === undefined ? 'itsdangerous' : o.salt,
});

/** Runs `codec.loads`; `bad-payload` when it throws. */
function load(codec: TextCodec, text: string | null, from: InteropResult<string>): InteropResult<PyValue> {
  if (!from.ok) return from;
  if (text === null) return refuse('bad-payload');
  try {
    return { ...from, value: codec.loads(text) };
  } catch {
    return refuse('bad-payload');
  }
}

/** itsdangerous `Serializer`: the JSON text itself is signed (not URL-safe). @throws ConfigError as `createSigner`. */
export function createSerializer(options: SerializerOptions): ItsdangerousSerializer {
  const signer = createSigner(signerOptions(options));
  const codec = options.serializer ?? defaultJson;
  return {
    dumps: (value) => signer.sign(codec.dumps(value)),
    loads(signed) {
      const result = signer.unsign(signed);
      return load(codec, result.ok ? result.value : null, result);
    },
  };
}

/** The text of a URL-safe payload field; null where Python raises `BadPayload`. */
function fieldText(field: string): string | null {
  const bytes = decodePayloadField(field, 'itsdangerous');
  return bytes === null ? null : decodeUtf8Strict(bytes);
}

/** itsdangerous `URLSafeSerializer`. @throws ConfigError as `createSigner`. */
export function createURLSafeSerializer(options: URLSafeSerializerOptions): ItsdangerousSerializer {
  const signer = createSigner(signerOptions(options));
  const codec = options.serializer ?? compactJson;
  const compress = options.compress ?? true;
  return {
    dumps: (value) => signer.sign(encodePayloadField(Buffer.from(codec.dumps(value), 'utf8'), compress)),
    loads(signed) {
      const result = signer.unsign(signed);
      return load(codec, result.ok ? fieldText(result.value) : null, result);
    },
  };
}

/** itsdangerous `URLSafeTimedSerializer` (Flask's session serializer with other defaults, §3.1). @throws ConfigError as `createSigner`. */
export function createURLSafeTimedSerializer(options: URLSafeSerializerOptions): ItsdangerousTimedSerializer {
  const signer = createTimestampSigner(signerOptions(options));
  const codec = options.serializer ?? compactJson;
  const compress = options.compress ?? true;
  return {
    dumps: (value, signOptions) => signer.sign(encodePayloadField(Buffer.from(codec.dumps(value), 'utf8'), compress), signOptions),
    loads(signed, verifyOptions) {
      const result = signer.unsign(signed, verifyOptions);
      return load(codec, result.ok ? fieldText(result.value) : null, result);
    },
  };
}
