/**
 * SQL identifiers (table and schema names) given as store options. They are spliced into SQL
 * text, never bound as parameters, so they are validated at start-up and double-quoted.
 * @module
 */
import { ConfigError } from '../../errors.ts';

/**
 * A plain identifier: a letter or underscore, then letters, digits or underscores, at most 48
 * characters (so `<table>_expires_at_idx` stays within Postgres' 63-byte name limit).
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

/**
 * Returns `value` double-quoted for SQL, or throws ConfigError naming `option` when it is not a
 * plain identifier (why: it is spliced into SQL text, so anything else could inject SQL).
 */
export function quoteIdentifier(option: string, value: unknown): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new ConfigError(
      option,
      `must be a plain SQL identifier (a letter or _, then letters, digits or _, at most 48 characters), got ${JSON.stringify(value)}`,
    );
  }
  return `"${value}"`;
}

/** Returns `value` when it is a positive safe integer, else throws ConfigError naming `option`. */
export function positiveInteger(option: string, value: number, hint: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(option, `must be a positive integer (${hint})`);
  return value;
}
