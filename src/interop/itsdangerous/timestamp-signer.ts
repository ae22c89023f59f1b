/**
 * itsdangerous `TimestampSigner` (specs/python-interop.md §2.2):
 * `value ‖ sep ‖ b64u(uint_be_min(now)) ‖ sep ‖ b64u(HMAC)`, the signature covering the timestamp.
 * @module
 */
import { refuse, type InteropResult } from '../outcome.ts';
import { b64u, itsdangerousB64Decode } from '../python/base64.ts';
import { checkSignable, createSigner, type Signer, type SignerOptions } from './signer.ts';

/** Options of {@link createTimestampSigner}: a Signer's, plus the clock. */
export interface TimestampSignerOptions extends SignerOptions {
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Per-call options of `sign`. */
export interface TimedSignOptions {
  /** Signing time, epoch milliseconds (floored to whole seconds). Default: the signer's clock. */
  now?: number | undefined;
}

/** Per-call options of `unsign`/`loads` for timed formats. */
export interface TimedVerifyOptions {
  /** Refuse values older than this many seconds (`age > maxAgeSeconds`). Default: no age check at all. */
  maxAgeSeconds?: number | undefined;
  /** Current time, epoch milliseconds. Default: the signer's clock. */
  now?: number | undefined;
}

/** A timestamp signer. */
export interface TimestampSigner {
  readonly sep: string;
  /** Signs `value` with the time. @throws TypeError for a non-string or lone surrogates; RangeError for a negative or non-finite time. */
  sign(value: string, options?: TimedSignOptions): string;
  /**
   * Verifies like `Signer.unsign`, then reads the timestamp. Never throws: `malformed`/`bad-signature`
   * as the Signer says; `bad-signature` when the timestamp is missing, not base64 or over 8 bytes
   * (Python's `BadTimeSignature`); with `maxAgeSeconds`, `expired` when `age > maxAgeSeconds` or
   * `age < 0` (from the future), `age = floor(now in seconds) - timestamp` (§2.2, §6.6).
   */
  unsign(signed: string, options?: TimedVerifyOptions): InteropResult<string>;
}

/** `b64u(uint_be_min(seconds))`: minimal big-endian bytes, empty for 0 (§2.2). */
export function encodeTimestamp(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('the signing time must be a non-negative safe integer of seconds');
  const bytes: number[] = [];
  for (let n = BigInt(seconds); n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  return b64u(Uint8Array.from(bytes));
}

/** Reads a timestamp field: base64 as Python decodes it, left-padded to 8 bytes, unsigned big-endian. Null where Python fails. */
export function decodeTimestamp(field: string): number | null {
  const bytes = itsdangerousB64Decode(field);
  if (bytes === null || bytes.length > 8) return null;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return Number(n);
}

/** Creates an itsdangerous `TimestampSigner`. @throws ConfigError as {@link createSigner}. */
export function createTimestampSigner(options: TimestampSignerOptions): TimestampSigner {
  const signer: Signer = createSigner(options);
  const clock = options.now ?? Date.now;
  const sep = signer.sep;
  return {
    sep,
    sign(value, signOptions = {}) {
      checkSignable(value);
      const now = signOptions.now ?? clock();
      return signer.sign(value + sep + encodeTimestamp(Math.floor(now / 1000)));
    },
    unsign(signed, verifyOptions = {}) {
      const result = signer.unsign(signed);
      if (!result.ok) return result;
      const at = result.value.lastIndexOf(sep);
      if (at < 0) return refuse('bad-signature');
      const timestamp = decodeTimestamp(result.value.slice(at + sep.length));
      if (timestamp === null) return refuse('bad-signature');
      const maxAge = verifyOptions.maxAgeSeconds;
      if (maxAge !== undefined) {
        const age = Math.floor((verifyOptions.now ?? clock()) / 1000) - timestamp;
        // Why both: itsdangerous ≥ 2.0 refuses timestamps from the future too (§2.2, §8.2).
        if (age > maxAge || age < 0) return refuse('expired');
      }
      return { ...result, value: result.value.slice(0, at), timestamp };
    },
  };
}
