/**
 * The `tessera` command's dispatchers (the executable is `cli/tessera.ts`). Subcommands live in `cli/commands/` (one file each):
 *
 *     tessera keygen [--bytes N] [--id ID] [--json]
 *     tessera decode VALUE --format FORMAT --secret S [options]
 *     tessera encode --format FORMAT --secret S --data JSON [options]
 *     tessera inspect-set-cookie "LINE" [--url URL] [--now UNIX] [--json]
 *     tessera sessions stats|list|show|revoke|revoke-user|sweep [--store URL] [--json]
 *
 * Exit status: 0 success; 1 an invalid value or a negative outcome (one line on stderr: the
 * reason word for decode, a sentence otherwise; inspect-set-cookie: warnings found); 2 a
 * mistake in the command line, the configuration or the environment (bad URL or secret,
 * unreachable server): one line on stderr, the stack trace only with `--debug`.
 *
 * {@link run} (cli/run.ts) runs every command; {@link main} is its synchronous subset (every
 * command but `sessions`), for callers that want the status back at once.
 * @module
 */
import { decode, DECODE_USAGE } from './commands/decode.ts';
import { encode, ENCODE_USAGE } from './commands/encode.ts';
import { inspectSetCookieCommand } from './commands/inspect-set-cookie.ts';
import { keygen } from './commands/keygen.ts';
import { commandName, fail, unknownCommand, usage, wantsHelp } from './dispatch.ts';
import { lineIo, type Io } from './io.ts';

export { run } from './run.ts';

const SYNC_COMMANDS: Record<string, (args: string[], io: Io) => number> = {
  keygen,
  decode: (args, io) => decode(args, io.out, io.err),
  encode: (args, io) => encode(args, io.out),
  'inspect-set-cookie': inspectSetCookieCommand,
};

/**
 * Runs the command line `argv` (without node and the script) with the synchronous commands
 * (all but `sessions`, which needs {@link run}); returns the exit status.
 */
export function main(
  argv: string[],
  out: (line: string) => void = (line) => void process.stdout.write(line + '\n'),
  err: (line: string) => void = (line) => void process.stderr.write(line + '\n'),
): number {
  const io = lineIo(out, err);
  const [command, ...args] = argv;
  if (wantsHelp(command)) {
    out(usage(DECODE_USAGE, ENCODE_USAGE));
    return command === undefined ? 2 : 0;
  }
  const unknown = unknownCommand(command!, io);
  if (unknown !== null) return unknown;
  const runSync = SYNC_COMMANDS[command!];
  if (runSync === undefined) {
    err(`tessera ${command}: needs run() (it is asynchronous), not main()`);
    return 2;
  }
  try {
    return runSync(args, io);
  } catch (error) {
    return fail(commandName(command!, args), error, args, io);
  }
}
