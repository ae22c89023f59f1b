/**
 * Argument parsing for the commands that do not share decode/encode's options: node:util
 * parseArgs, strict, with every mistake turned into a one-line {@link UsageError}.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of `options`: strings, string arrays (`multiple`) and booleans. */
export type Values<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/** Options every new command accepts. */
export const BASE_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies Options;

/** parseArgs with errors as UsageError; `--help` and `--debug` always allowed. */
export function parseCommand<O extends Options>(args: string[], options: O): { values: Values<O & typeof BASE_OPTIONS>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...BASE_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: values as Values<O & typeof BASE_OPTIONS>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A whole number in `[min, max]`, or a UsageError naming the flag. */
export function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}
