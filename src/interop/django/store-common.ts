/**
 * What the two `django_session` stores share: the key rule, the version fingerprint and the
 * table-name checks (specs/python-interop.md §5.3).
 *
 * The table has no version column, so a version is a fingerprint of `session_data`: the first
 * 48 bits of its MD5, plus one. Compare-and-swap on it also notices Django's own writes
 * (each one changes the data, whose encoding carries a timestamp); an A→B→A change passes,
 * which is harmless because the write is based on exactly the data found.
 * @module
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../../errors.ts';

/** Longest `session_key` the column holds (`varchar(40)`). */
export const DJANGO_SESSION_KEY_MAX = 40;

/** The fingerprint version of `data` (1 .. 2^48). The Postgres store computes the same in SQL. */
export function dataVersion(data: string): number {
  return createHash('md5').update(data, 'utf8').digest().readUIntBE(0, 6) + 1;
}

/** SQL text of the same fingerprint, for Postgres. */
export const PG_VERSION_SQL = "(('x' || substr(md5(session_data), 1, 12))::bit(48)::bigint + 1)";

/** Whether `key` can be a row of the table: at most 40 characters (longer ones are never stored, so never found). */
export function fitsKey(key: string): boolean {
  return typeof key === 'string' && key.length > 0 && key.length <= DJANGO_SESSION_KEY_MAX;
}

/** @throws ConfigError for a key that cannot be stored: a programming error (tessera's server mode uses 43-character keys). */
export function checkKey(key: string): void {
  if (!fitsKey(key)) {
    throw new ConfigError('key', `django_session.session_key holds 1 to ${DJANGO_SESSION_KEY_MAX} characters; use createDjangoSessionManager, whose keys are Django's 32-character ones`);
  }
}

/** A double-quoted SQL identifier. @throws ConfigError unless `name` is a plain identifier. */
export function quoteIdentifier(name: string, option: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new ConfigError(option, 'must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)');
  return `"${name}"`;
}
