/**
 * `tessera encode --format FORMAT --secret S --data JSON [options] [--compress]`: prints the
 * value the format's Python code would make for the payload. `--data` is JSON read
 * losslessly (big integers stay integers, `1.0` stays a float); with `--typed` it is typed
 * JSON (spec §10). Signer formats take a JSON string; session formats an object.
 * @module
 */
import { isPyDict, parseTypedJson, pyJsonLoads, type PyValue } from '../../src/interop/index.ts';
import { nowMs, parse, resolveFormat, seconds } from '../options.ts';
import { UsageError } from '../usage-error.ts';

/** Help text of `encode`. */
export const ENCODE_USAGE = `usage: tessera encode --format FORMAT --secret S --data JSON [--typed] [--compress]
       [--salt X] [--digest sha1|sha256|sha512] [--key-derivation concat|django-concat|hmac|none]
       [--sep C] [--name COOKIE] [--now UNIX] [--max-age SECONDS (tessera formats: expiry)]`;

/** Runs `encode`; returns the exit status. Throws UsageError for a bad command line. */
export function encode(args: string[], out: (line: string) => void): number {
  const { values, positionals } = parse(args, { data: { type: 'string' } });
  if (values.help) {
    out(ENCODE_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`encode takes no positional arguments (give the payload with --data), got ${positionals.length}`);
  const { name, format, settings } = resolveFormat(values, 'encode');
  if (values.data === undefined) throw new UsageError('--data JSON is required');
  let value: PyValue;
  try {
    value = values.typed ? parseTypedJson(values.data) : pyJsonLoads(values.data);
  } catch (error) {
    throw new UsageError(`--data is not valid ${values.typed ? 'typed ' : ''}JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (format.payload === 'text' && typeof value !== 'string') throw new UsageError(`--format ${name} signs text: give --data a JSON string, e.g. --data '"hello"'`);
  if (format.payload === 'dict' && !isPyDict(value)) throw new UsageError(`--format ${name} is a session: give --data a JSON object`);
  const maxAge = values['max-age'] === undefined ? undefined : seconds(values['max-age'], '--max-age');
  out(format.build(settings).encode(value, nowMs(values), maxAge));
  return 0;
}
