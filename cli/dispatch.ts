/**
 * What the synchronous `main` and the asynchronous `run` share: the command names, the
 * top-level help, and how a failure is reported (one line; the stack only with `--debug`).
 * @module
 */
import { describeError, oneLine, OutcomeError } from './errors.ts';
import type { Io } from './io.ts';
import { UsageError } from './usage-error.ts';

/** Every command, in the order the help lists them. */
export const COMMAND_NAMES = ['keygen', 'decode', 'encode', 'inspect-set-cookie', 'sessions'] as const;

/** The top-level help, given decode's and encode's own usage lines. */
export function usage(decodeUsage: string, encodeUsage: string): string {
  return `usage: tessera <command> [options]      (tessera <command> --help for its options)

commands:
  keygen               a new secret and the TESSERA_SECRETS line that rotates to it
  decode               verify and decode a signed value (Flask, itsdangerous, Django, tessera)
  encode               make a signed value
  inspect-set-cookie   explain a Set-Cookie line and what browsers will do with it
  sessions             server-side sessions in a store: stats, list, show, revoke,
                       revoke-user, sweep (--store URL, default $SESSION_STORE_URL)

usage: tessera keygen [--bytes N] [--id ID] [--json]
${decodeUsage}
${encodeUsage}
usage: tessera inspect-set-cookie "LINE" [--url URL] [--now UNIX] [--json]
usage: tessera sessions stats|list|show|revoke|revoke-user|sweep [--store URL] [--json] [options]

formats: flask, itsdangerous-signer, itsdangerous-timestamp-signer, itsdangerous-serializer,
  itsdangerous-url-safe-serializer, itsdangerous-url-safe-timed-serializer, django-signed-cookies,
  django-db, django-signing, django-signer, django-timestamp-signer, django-signed-cookie,
  tessera-signed, tessera-sealed

exit status: 0 success; 1 an invalid value or a negative outcome; 2 a mistake in the command
line, the configuration or the environment (one line on stderr; the stack with --debug)`;
}

/** Whether `argv`'s first word asks for the top-level help. */
export function wantsHelp(command: string | undefined): boolean {
  return command === undefined || command === '--help' || command === '-h' || command === 'help';
}

/** The unknown-command error (exit 2), or null when `command` is a command. */
export function unknownCommand(command: string, io: Io): number | null {
  if ((COMMAND_NAMES as readonly string[]).includes(command)) return null;
  io.err(`tessera: unknown command ${JSON.stringify(oneLine(command))}; try ${COMMAND_NAMES.join(', ')}`);
  return 2;
}

/** The name failures are reported under: `decode`, or `sessions list` for a subcommand. */
export function commandName(command: string, args: readonly string[]): string {
  const sub = args[0];
  return command === 'sessions' && sub !== undefined && !sub.startsWith('-') ? `sessions ${oneLine(sub).slice(0, 40)}` : command;
}

/** Reports `error` on one line (with --debug also the stack of an unexpected one) and gives the exit status. */
export function fail(command: string, error: unknown, args: readonly string[], io: Io): number {
  io.err(`tessera ${command}: ${describeError(error)}`);
  const expected = error instanceof UsageError || error instanceof OutcomeError;
  if (args.includes('--debug') && error instanceof Error && !expected) {
    io.err(error.stack ?? '');
    if (error.cause instanceof Error) io.err(`caused by: ${error.cause.stack ?? error.cause.message}`);
  }
  return error instanceof OutcomeError ? 1 : 2;
}
