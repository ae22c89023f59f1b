/**
 * The demo's secrets: TESSERA_SECRETS (comma-separated, first one current, older ones still
 * accepted, for rotation). In development, when it is unset, a secret is generated once and
 * kept in ./data/secret (mode 0600) with a warning; with NODE_ENV=production the demo refuses
 * to start without it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const DATA_DIR = process.env.TESSERA_DATA_DIR ?? 'data';

/** The secrets to build the keyring from, current first. Exits the process with a message when production has none. */
export function loadSecrets(): string[] {
  const fromEnv = process.env.TESSERA_SECRETS?.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    console.error('TESSERA_SECRETS is not set. Make a secret with `npx tessera keygen` (or `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"`) and set TESSERA_SECRETS=<secret>.');
    process.exit(1);
  }
  const file = join(DATA_DIR, 'secret');
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  }
  console.warn(`warning: TESSERA_SECRETS is not set; using the development secret in ${file}. Set TESSERA_SECRETS in production.`);
  return [readFileSync(file, 'utf8').trim()];
}
