/**
 * The `tessera` command's dispatcher (the executable is `cli/tessera.ts`). Subcommands live in `cli/commands/` (one file each):
 *
 *     tessera decode VALUE --format FORMAT --secret S [options]
 *     tessera encode --format FORMAT --secret S --data JSON [options]
 *
 * Exit status: 0 success; 1 an invalid value (one word on stderr); 2 a mistake in the
 * command line or configuration (one line on stderr; the stack trace only with `--debug`).
 * @module
 */
import { decode, DECODE_USAGE } from './commands/decode.ts';
import { encode, ENCODE_USAGE } from './commands/encode.ts';
import { UsageError } from './usage-error.ts';

const COMMANDS: Record<string, (args: string[], out: (line: string) => void, err: (line: string) => void) => number> = { decode, encode };

const USAGE = `usage: tessera <command> [options]

commands:
  decode   verify and decode a signed value (Flask, itsdangerous, Django, tessera)
  encode   make a signed value

${DECODE_USAGE}
${ENCODE_USAGE}

formats: flask, itsdangerous-signer, itsdangerous-timestamp-signer, itsdangerous-serializer,
  itsdangerous-url-safe-serializer, itsdangerous-url-safe-timed-serializer, django-signed-cookies,
  django-db, django-signing, django-signer, django-timestamp-signer, django-signed-cookie,
  tessera-signed, tessera-sealed`;

/** Runs the command line `argv` (without node and the script); returns the exit status. */
export function main(
  argv: string[],
  out: (line: string) => void = (line) => void process.stdout.write(line + '\n'),
  err: (line: string) => void = (line) => void process.stderr.write(line + '\n'),
): number {
  const [command, ...args] = argv;
  const debug = args.includes('--debug');
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    err(`tessera: unknown command ${JSON.stringify(command)}; try decode or encode`);
    return 2;
  }
  try {
    return run(args, out, err);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`tessera ${command}: ${message}`);
    if (debug && error instanceof Error && !(error instanceof UsageError)) err(error.stack ?? '');
    return 2;
  }
}

