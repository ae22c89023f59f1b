/**
 * Options shared by the Cookie header readers (`parseCookieHeader`, `getCookie`,
 * `getCookies`), resolved once per call into a plain record so the scanning loop reads
 * fields, not optional chains.
 * @module
 */
import { ConfigError } from '../errors.ts';
import { DEFAULT_MAX_HEADER_LENGTH, DEFAULT_MAX_PAIR_LENGTH, DEFAULT_MAX_PAIRS } from './limits.ts';
import { percentDecode } from './percent-decode.ts';

/**
 * A custom cookie-value decoder. Return the decoded value, or `undefined` to ignore the
 * pair (a later pair with the same name may then be used). A decoder that throws is
 * treated as returning `undefined`: the readers never throw on header content.
 */
export type CookieValueDecoder = (value: string) => string | undefined;

/** Options of {@link parseCookieHeader}, {@link getCookie} and {@link getCookies}. */
export interface ParseCookieHeaderOptions {
  /**
   * How values are decoded. `true` (default): percent-decoding as `decodeURIComponent`
   * does, only for values that contain `%`, keeping the raw value when an escape is
   * malformed or not UTF-8 (compatible with jshttp `cookie` and Express). `false`: raw
   * values, as sent. A function: your decoder (see {@link CookieValueDecoder}).
   * Signed or sealed cookies use URL-safe alphabets and should pass `false`.
   */
  decode?: boolean | CookieValueDecoder | undefined;
  /**
   * Characters of the header read, default 8192 (RFC 6265bis §4.2.1; SR-28). A pair that
   * does not end within the limit is ignored whole, never truncated. Lengths count UTF-16
   * code units, which are octets for header strings as Node and fetch deliver them (latin1).
   */
  maxHeaderLength?: number | undefined;
  /** Cookie-pairs read (pairs with `=`, duplicates included), default 512; later ones are ignored (SR-28). */
  maxPairs?: number | undefined;
  /**
   * Longest name plus value of a pair, default 4096 (RFC 6265bis §5.6 step 5); longer
   * pairs are ignored, as a browser never sends them (SR-28).
   */
  maxPairLength?: number | undefined;
}

/** Decode mode after resolution: 0 raw, 1 percent-decoding, or the caller's function. */
export type DecodeMode = 0 | 1 | CookieValueDecoder;

/** {@link ParseCookieHeaderOptions} with defaults applied and numbers checked. */
export interface ResolvedParseOptions {
  readonly decode: DecodeMode;
  readonly maxHeaderLength: number;
  readonly maxPairs: number;
  readonly maxPairLength: number;
}

const DEFAULTS: ResolvedParseOptions = {
  decode: 1,
  maxHeaderLength: DEFAULT_MAX_HEADER_LENGTH,
  maxPairs: DEFAULT_MAX_PAIRS,
  maxPairLength: DEFAULT_MAX_PAIR_LENGTH,
};

function limit(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  // Configuration is validated, headers are tolerated (DESIGN principle 4).
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!Number.isInteger(value) && value !== Infinity)) {
    throw new ConfigError(name, 'must be a non-negative integer or Infinity');
  }
  return value;
}

/**
 * Applies defaults to `options`. Returns a shared default record when `options` is
 * undefined. Throws {@link ConfigError} when a limit is not a non-negative integer
 * (or `Infinity`) or `decode` is neither boolean nor function: that is a programming
 * error, not header content.
 */
export function resolveParseOptions(options: ParseCookieHeaderOptions | undefined): ResolvedParseOptions {
  if (options === undefined) return DEFAULTS;
  const { decode } = options;
  let mode: DecodeMode;
  if (decode === undefined || decode === true) mode = 1;
  else if (decode === false) mode = 0;
  else if (typeof decode === 'function') mode = decode;
  else throw new ConfigError('decode', 'must be a boolean or a function');
  return {
    decode: mode,
    maxHeaderLength: limit(options.maxHeaderLength, 'maxHeaderLength', DEFAULT_MAX_HEADER_LENGTH),
    maxPairs: limit(options.maxPairs, 'maxPairs', DEFAULT_MAX_PAIRS),
    maxPairLength: limit(options.maxPairLength, 'maxPairLength', DEFAULT_MAX_PAIR_LENGTH),
  };
}

/**
 * Decodes one raw value by `mode`; `undefined` means "ignore this pair". Never throws:
 * a throwing custom decoder counts as `undefined` (the parser is total, SR-28).
 */
export function decodeValue(raw: string, mode: DecodeMode): string | undefined {
  if (mode === 1) return percentDecode(raw);
  if (mode === 0) return raw;
  try {
    const value = mode(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
