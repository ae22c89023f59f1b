/**
 * Django session keys (specs/python-interop.md §5.3): 32 random characters of `[a-z0-9]`
 * (`get_random_string(32, VALID_KEY_CHARS)`), about 165 bits. Django treats a key shorter
 * than 8 characters as no key.
 * @module
 */
import { randomInt } from 'node:crypto';

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new session key, from the CSPRNG. */
export function generateDjangoSessionKey(): string {
  let key = '';
  for (let i = 0; i < 32; i++) key += CHARS[randomInt(36)];
  return key;
}

/**
 * Whether a cookie value can name a stored session: 8 to 40 printable ASCII characters (Django
 * accepts any key of 8 or more; the column holds 40). Checked before any store read (SR-4).
 */
export function isDjangoSessionKey(value: string): boolean {
  return /^[\x21-\x7e]{8,40}$/.test(value);
}
