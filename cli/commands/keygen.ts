/**
 * `tessera keygen [--bytes N] [--id ID] [--json]`: a new random secret (unpadded base64url,
 * at least 32 bytes) and the `TESSERA_SECRETS` value that rotates to it: the new secret
 * first (it signs and seals), then the secrets already in `TESSERA_SECRETS` (they still
 * verify). Every secret printed is checked by `createKeyring`, so the line works as is.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createKeyring, MIN_SECRET_BYTES } from '../../src/crypto/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { integer, parseCommand } from '../args.ts';
import type { Io } from '../io.ts';
import { UsageError } from '../usage-error.ts';

/** Help text of `keygen`. */
export const KEYGEN_USAGE = `usage: tessera keygen [--bytes N] [--id ID] [--json]

  Prints a new secret (N random bytes as unpadded base64url; N >= ${MIN_SECRET_BYTES}, default ${MIN_SECRET_BYTES})
  and the TESSERA_SECRETS line for rotation: the new secret first, then the secrets
  already in $TESSERA_SECRETS (if set). Deploy that line; remove an old secret once
  every cookie it signed has expired.

  --bytes N   secret length in bytes (${MIN_SECRET_BYTES} to 1024)
  --id ID     the key id to give createKeyring ([A-Za-z0-9_-]{1,32}); by default the id
              is derived from the secret (TESSERA_SECRETS carries secrets only)
  --json      {"secret", "bytes", "id", "idSource", "secrets", "env"} on one line

  stdout, line 1: the secret; line 2: TESSERA_SECRETS=<new>,<old>...`;

const MAX_BYTES = 1024;

/** The secrets in `TESSERA_SECRETS` as the demo reads them: comma-separated, trimmed, empty ones dropped. */
export function envSecrets(value: string | undefined): string[] {
  return value?.split(',').map((s) => s.trim()).filter((s) => s.length > 0) ?? [];
}

/** `ConfigError` message without its `keys[i].secret: ` prefix. */
const reason = (error: ConfigError) => error.message.slice(error.option.length + 2);

/**
 * A random secret of `size` bytes that the keyring accepts first in line before `existing`,
 * and its key id. A random secret fails the keyring's entropy heuristics with probability
 * ~1e-8 (e.g. no upper-case letter); drawing again is the honest fix, so the printed secret
 * always works.
 */
function draw(size: number, id: string | undefined, existing: readonly string[]): { secret: string; keyId: string } {
  for (let attempt = 0; ; attempt++) {
    const secret = randomBytes(size).toString('base64url');
    try {
      return { secret, keyId: createKeyring([{ ...(id !== undefined ? { id } : {}), secret }, ...existing.map((s) => ({ secret: s }))]).currentId };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (error.option.endsWith('.id')) throw new UsageError(`--id ${JSON.stringify(id)}: ${reason(error)} (a secret in TESSERA_SECRETS has that id)`);
      if (error.option !== 'keys[0].secret' || attempt >= 20) throw new UsageError(error.message);
    }
  }
}

/** Runs `keygen`; returns the exit status. Throws UsageError for a bad command line or environment. */
export function keygen(args: string[], io: Io): number {
  const { values, positionals } = parseCommand(args, { bytes: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(KEYGEN_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`keygen takes no arguments, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  if (values.bytes !== undefined && /^\s*\d+\s*$/.test(values.bytes) && Number(values.bytes) < MIN_SECRET_BYTES) {
    throw new UsageError(`--bytes ${values.bytes} is too short: a secret needs at least ${MIN_SECRET_BYTES} random bytes (256 bits)`);
  }
  const size = values.bytes === undefined ? MIN_SECRET_BYTES : integer(values.bytes, '--bytes', MIN_SECRET_BYTES, MAX_BYTES);
  const id = values.id;
  if (id !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new UsageError(`--id must be 1 to 32 characters of A-Z a-z 0-9 _ -, got ${JSON.stringify(id)}`);

  const existing = envSecrets(io.env.TESSERA_SECRETS);
  // Check what is already deployed first, so a refusal names the old entry, not the new one.
  if (existing.length > 0) {
    try {
      createKeyring(existing.map((secret) => ({ secret })));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const index = /^keys\[(\d+)\]/.exec(error.option)?.[1];
      const which = index === undefined ? '' : ` (entry ${Number(index) + 1} of ${existing.length})`;
      throw new UsageError(`TESSERA_SECRETS holds a secret the keyring refuses${which}: ${reason(error)}; fix or remove it first`);
    }
  }

  const { secret, keyId } = draw(size, id, existing);
  const secrets = [secret, ...existing];
  const env = `TESSERA_SECRETS=${secrets.join(',')}`;
  if (values.json) {
    io.out(JSON.stringify({ secret, bytes: size, id: keyId, idSource: id === undefined ? 'derived' : 'given', secrets, env }));
    return 0;
  }
  io.out(secret);
  io.out(env);
  if (io.stderrIsTTY) {
    const kept = existing.length === 0 ? 'TESSERA_SECRETS was not set: this is the only key' : `then the ${existing.length} secret${existing.length === 1 ? '' : 's'} already in TESSERA_SECRETS, which still verify`;
    io.err(`# ${size} random bytes; key id ${keyId} (${id === undefined ? 'derived from the secret' : 'from --id: pass it to createKeyring with this secret'}).`);
    io.err(`# Rotation: the new secret comes first and signs; ${kept}.`);
  }
  return 0;
}
