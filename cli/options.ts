/**
 * The options `decode` and `encode` share: parsed with `node:util` parseArgs, checked against
 * the chosen format, turned into {@link FormatSettings}. Every mistake is a {@link UsageError}.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FORMATS, type Format, type FormatOption, type FormatSettings } from './formats.ts';
import { UsageError } from './usage-error.ts';
import type { Digest, KeyDerivation } from './types.ts';

/** Options both subcommands understand. */
export const COMMON_OPTIONS = {
  format: { type: 'string' },
  secret: { type: 'string', multiple: true },
  salt: { type: 'string' },
  digest: { type: 'string' },
  'key-derivation': { type: 'string' },
  sep: { type: 'string' },
  'max-age': { type: 'string' },
  now: { type: 'string' },
  typed: { type: 'boolean' },
  name: { type: 'string' },
  compress: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Parsed values of {@link COMMON_OPTIONS} (and `data` for encode). */
export type ParsedValues = {
  [K in keyof typeof COMMON_OPTIONS]?: (typeof COMMON_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof COMMON_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string;
} & { data?: string };

/** parseArgs with its errors turned into one-line usage errors. */
export function parse(args: string[], extra: NonNullable<ParseArgsConfig['options']> = {}): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, ...extra }, allowPositionals: true, strict: true });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const DIGESTS = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const DERIVATIONS = ['concat', 'django-concat', 'hmac', 'none'];

const flagOf: Record<FormatOption, keyof ParsedValues> = {
  salt: 'salt',
  digest: 'digest',
  'key-derivation': 'key-derivation',
  sep: 'sep',
  compress: 'compress',
  name: 'name',
};

/** A non-negative number of seconds. */
export function seconds(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a non-negative number of seconds, got ${JSON.stringify(text)}`);
  return n;
}

/** The format and its settings from the parsed options. */
export function resolveFormat(values: ParsedValues, command: 'decode' | 'encode'): { name: string; format: Format; settings: FormatSettings } {
  const name = values.format;
  if (name === undefined) throw new UsageError(`--format is required; one of: ${Object.keys(FORMATS).join(', ')}`);
  const format = FORMATS[name];
  if (format === undefined) throw new UsageError(`unknown --format ${JSON.stringify(name)}; one of: ${Object.keys(FORMATS).join(', ')}`);
  const secrets = values.secret ?? [];
  if (secrets.length === 0) throw new UsageError('--secret is required (repeat it for fallback keys: the first is the current key)');
  for (const option of Object.keys(flagOf) as FormatOption[]) {
    if (values[flagOf[option]] !== undefined && !format.options.includes(option)) throw new UsageError(`--${option} does not apply to --format ${name}`);
  }
  if (values.digest !== undefined && !DIGESTS.includes(values.digest)) throw new UsageError(`--digest must be one of ${DIGESTS.join(', ')}`);
  if (values['key-derivation'] !== undefined && !DERIVATIONS.includes(values['key-derivation'])) throw new UsageError(`--key-derivation must be one of ${DERIVATIONS.join(', ')}`);
  if (values['max-age'] !== undefined && command === 'decode' && format.maxAge === 'none') {
    throw new UsageError(`--max-age does not apply to decoding --format ${name} (${format.encodeMaxAge ? 'the expiry is inside the value' : 'it carries no age check'})`);
  }
  if (values['max-age'] !== undefined && command === 'encode' && !format.encodeMaxAge) {
    throw new UsageError(`--max-age applies to decoding --format ${name}, not to encoding`);
  }
  const settings: FormatSettings = {
    secrets,
    salt: values.salt,
    digest: values.digest as Digest | undefined,
    keyDerivation: values['key-derivation'] as KeyDerivation | undefined,
    sep: values.sep,
    compress: values.compress === true,
    name: values.name,
  };
  return { name, format, settings };
}

/** `--now` in epoch milliseconds (default: the clock). */
export function nowMs(values: ParsedValues): number {
  return values.now === undefined ? Date.now() : seconds(values.now, '--now') * 1000;
}
