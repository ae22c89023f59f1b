/**
 * Decoding and vetting of keyring secrets (SR-38): at least 32 bytes, random-looking, not
 * a value copied from a tutorial. Every refusal is a {@link ConfigError} that says how to
 * generate a good secret and never repeats the secret (SR-47).
 * @module
 */
import { ConfigError } from '../errors.ts';
import { base64urlToBytes, hexToBytes } from './encoding.ts';

/** Smallest accepted secret, in bytes after decoding (256 bits). */
export const MIN_SECRET_BYTES = 32;

/** Smallest length of the base64url text of {@link MIN_SECRET_BYTES} bytes. */
const MIN_SECRET_CHARS = Math.ceil((MIN_SECRET_BYTES * 4) / 3);

/**
 * Fewest distinct byte values, and fewest distinct differences between neighbouring bytes,
 * a secret must show. 32 random bytes show about 30 of each; fewer than 16 has a
 * probability far below 1e-20, so random keys are never refused, while repeated
 * characters, short patterns and counters (00 01 02 ...) are.
 */
export const MIN_DISTINCT_BYTES = 16;

const HOW_TO =
  'generate one with `npx tessera keygen` or `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"`';

/** Values seen in tutorials and framework defaults, refused whatever their case. */
const WELL_KNOWN = new Set([
  'dev',
  'development',
  'secret',
  'secretkey',
  'secret_key',
  'secret-key',
  'mysecret',
  'my_secret',
  'my-secret',
  'supersecret',
  'super_secret',
  'super-secret',
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'your_secret_key',
  'your-secret-key',
  'yoursecretkey',
  'keyboard cat',
  'password',
  'passw0rd',
  'password123',
  'admin',
  'test',
  'testing',
  'default',
  'example',
  'letmein',
  'qwerty',
  'foobar',
  'abc123',
  '123456',
  '12345678',
  'replace_me',
  'replace-me',
  'replaceme',
  'insecure',
]);

/**
 * Words that mark a human-made secret when found anywhere in it (case-insensitive). All
 * have six or more letters: a random 43-character base64url string contains a given
 * six-letter word with probability about 4e-8, seven or more about 1e-9.
 */
const WEAK_WORDS = ['secret', 'password', 'passwd', 'changeme', 'changeit', 'example', 'default', 'keyboard', 'letmein', 'qwerty', 'insecure', 'replaceme'];

/**
 * Decodes a secret as a keyring accepts it and refuses weak ones.
 * - `Uint8Array`: the raw bytes.
 * - string starting with `hex:`: the hex digits after it.
 * - any other string: unpadded base64url, as `tessera keygen` prints.
 *
 * Refused (ConfigError naming `option`): another type; a well-known value; a weak word
 * inside (in the text, or in the bytes read as Latin-1); invalid base64url (standard base64,
 * other characters, non-canonical) or hex; fewer than {@link MIN_SECRET_BYTES} bytes; hex
 * digits without `hex:`; low entropy, meaning any of: fewer than {@link MIN_DISTINCT_BYTES}
 * distinct byte values, fewer than {@link MIN_DISTINCT_BYTES} distinct differences between
 * neighbouring bytes, bytes that are all printable ASCII (text, not random bytes), or
 * base64url text without both an upper-case and a lower-case letter (random base64url of
 * 32 bytes lacks one with probability about 4e-10; lower-case passphrases always do).
 * @returns a fresh copy of the decoded bytes; the caller wipes it after use.
 * @throws ConfigError as above; the message never contains the secret.
 */
export function decodeSecret(secret: unknown, option: string): Uint8Array {
  if (secret instanceof Uint8Array) {
    const bytes = new Uint8Array(secret);
    vetBytes(bytes, option);
    return bytes;
  }
  if (typeof secret !== 'string') {
    throw new ConfigError(option, `must be a string (base64url, or hex after "hex:") or a Uint8Array of at least ${MIN_SECRET_BYTES} random bytes; ${HOW_TO}`);
  }
  const lower = secret.trim().toLowerCase();
  if (WELL_KNOWN.has(lower) || WELL_KNOWN.has(lower.replace(/^hex:/, ''))) {
    throw new ConfigError(option, `is a well-known example value that attackers try first; ${HOW_TO}`);
  }
  vetText(lower, option);
  const isHex = secret.startsWith('hex:');
  const text = isHex ? secret.slice(4) : secret;
  const bytes = isHex ? hexToBytes(text) : base64urlToBytes(text);
  if (bytes === null) {
    throw new ConfigError(option, `${isHex ? 'is not valid hex after "hex:" (an even number of 0-9, a-f)' : base64urlProblem(text)}; ${HOW_TO}`);
  }
  if (!isHex && /^[0-9a-f]+$/i.test(text)) {
    throw new ConfigError(option, `looks like hex digits read as base64url; write it as "hex:<digits>", or ${HOW_TO}`);
  }
  vetBytes(bytes, option);
  if (!isHex && !(/[A-Z]/.test(text) && /[a-z]/.test(text))) {
    throw new ConfigError(option, `has low entropy: random base64url always mixes upper- and lower-case letters, so this looks typed by hand; ${HOW_TO}`);
  }
  return bytes;
}

function base64urlProblem(text: string): string {
  if (/[+/=]/.test(text)) {
    return 'looks like standard base64 (+, / or = padding), but secrets are unpadded base64url (- and _ instead of + and /); convert it, or give hex digits after "hex:"';
  }
  if (/[^A-Za-z0-9_-]/.test(text)) return 'contains characters outside base64url (A-Z, a-z, 0-9, -, _): a passphrase is not a key';
  if (text.length < MIN_SECRET_CHARS) {
    return `is ${text.length} characters; ${MIN_SECRET_BYTES} random bytes take at least ${MIN_SECRET_CHARS} base64url characters (SR-38)`;
  }
  return 'is not canonical unpadded base64url (its length or last character is impossible for encoded bytes)';
}

function vetText(lower: string, option: string): void {
  for (const word of WEAK_WORDS) {
    if (lower.includes(word)) {
      throw new ConfigError(option, `contains the word "${word}", so it was made by hand, not at random; ${HOW_TO}`);
    }
  }
}

function vetBytes(bytes: Uint8Array, option: string): void {
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(option, `is ${bytes.length} bytes after decoding; at least ${MIN_SECRET_BYTES} random bytes are required (SR-38); ${HOW_TO}`);
  }
  const values = new Set<number>();
  const steps = new Set<number>();
  let printable = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    values.add(b);
    if (i > 0) steps.add((b - bytes[i - 1]! + 256) & 255);
    if (b < 0x20 || b > 0x7e) printable = false;
  }
  if (values.size < MIN_DISTINCT_BYTES || steps.size < MIN_DISTINCT_BYTES) {
    throw new ConfigError(option, `has low entropy (repeated bytes or a regular pattern), so it is not random; ${HOW_TO}`);
  }
  if (printable) {
    throw new ConfigError(option, `is all printable text, not random bytes (pass a base64url string as a string, not as bytes); ${HOW_TO}`);
  }
  // Why: text given as bytes, or hex of text, hides weak words from the string check above.
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  vetText(text.toLowerCase(), option);
}
