/**
 * {@link run}: every command, each loaded only when it runs (the executable starts faster:
 * `sessions` never loads the Python interop formats, `decode` never loads the stores).
 * @module
 */
import type { SessionsOptions } from './commands/sessions.ts';
import { commandName, fail, unknownCommand, usage, wantsHelp } from './dispatch.ts';
import { processIo, type Io } from './io.ts';

type Loader = () => Promise<(args: string[], io: Io, options: SessionsOptions) => number | Promise<number>>;

const LOADERS: Record<string, Loader> = {
  keygen: async () => (await import('./commands/keygen.ts')).keygen,
  decode: async () => {
    const { decode } = await import('./commands/decode.ts');
    return (args, io) => decode(args, io.out, io.err);
  },
  encode: async () => {
    const { encode } = await import('./commands/encode.ts');
    return (args, io) => encode(args, io.out);
  },
  'inspect-set-cookie': async () => (await import('./commands/inspect-set-cookie.ts')).inspectSetCookieCommand,
  sessions: async () => (await import('./commands/sessions.ts')).sessions,
};

/**
 * Runs any command line `argv` (without node and the script) on `io` (default: the process's
 * streams); resolves the exit status. `options.openStore` replaces createStoreFromUrl (tests).
 */
export async function run(argv: string[], io: Io = processIo(), options: SessionsOptions = {}): Promise<number> {
  const [command, ...args] = argv;
  if (wantsHelp(command)) {
    const [{ DECODE_USAGE }, { ENCODE_USAGE }] = await Promise.all([import('./commands/decode.ts'), import('./commands/encode.ts')]);
    io.out(usage(DECODE_USAGE, ENCODE_USAGE));
    return command === undefined ? 2 : 0;
  }
  const unknown = unknownCommand(command!, io);
  if (unknown !== null) return unknown;
  try {
    const command_ = await LOADERS[command!]!();
    return await command_(args, io, options);
  } catch (error) {
    return fail(commandName(command!, args), error, args, io);
  }
}
