/**
 * `tessera decode VALUE --format FORMAT --secret S [--secret OLDER …] [options]`: verifies and
 * decodes a value and prints its payload as JSON (typed JSON with `--typed`, spec §10), exit 0.
 * An invalid value prints one word on stderr (`bad-signature`, `expired`, `malformed`,
 * `bad-payload`) and exits 1.
 * @module
 */
import { stringifyTypedJson } from '../../src/interop/index.ts';
import { plainJson } from '../plain-json.ts';
import { nowMs, parse, resolveFormat, seconds } from '../options.ts';
import { UsageError } from '../usage-error.ts';

/** Help text of `decode`. */
export const DECODE_USAGE = `usage: tessera decode VALUE --format FORMAT --secret S [--secret OLDER ...]
       [--salt X] [--digest sha1|sha256|sha512] [--key-derivation concat|django-concat|hmac|none]
       [--sep C] [--name COOKIE] [--max-age SECONDS] [--now UNIX] [--typed]`;

/** Runs `decode`; returns the exit status. Throws UsageError for a bad command line. */
export function decode(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const { values, positionals } = parse(args);
  if (values.help) {
    out(DECODE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`decode takes exactly one VALUE, got ${positionals.length}`);
  const { format, settings } = resolveFormat(values, 'decode');
  const maxAge = values['max-age'] !== undefined ? seconds(values['max-age'], '--max-age') : typeof format.maxAge === 'number' ? format.maxAge : undefined;
  const codec = format.build(settings);
  const result = codec.decode(positionals[0]!, nowMs(values), maxAge);
  if (!result.ok) {
    err(result.reason);
    return 1;
  }
  out(values.typed ? stringifyTypedJson(result.value) : plainJson(result.value));
  return 0;
}
