/**
 * The demo's secrets: TESSERA_SECRETS (comma-separated, first one current, older ones still
 * accepted, for rotation). In development, when it is unset, a secret is generated once and
 * kept in `<data dir>/secret` (mode 0600) with a warning; in production the demo refuses to
 * start without it.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { StartupError } from './config.ts';

/** The secrets to build the keyring from, current first, and a warning to print (or null). */
export interface LoadedSecrets {
  secrets: string[];
  /** Where they came from, for the start-up line: `TESSERA_SECRETS` or the file's path. */
  source: string;
  warning: string | null;
}

const HOW_TO_MAKE_ONE =
  "Make a secret with `npx tessera keygen` (or `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"`) and start with TESSERA_SECRETS=<secret>. To rotate, put the new secret first: TESSERA_SECRETS=<new>,<old>.";

/**
 * Reads the secrets. Throws StartupError in production when TESSERA_SECRETS is unset, saying how
 * to make one. In development, generates `<dataDir>/secret` (0600: readable by its owner only,
 * since anyone who reads it can forge the demo's signed cookies) when it is missing.
 */
export function loadSecrets(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): LoadedSecrets {
  const fromEnv = env.TESSERA_SECRETS?.split(',').map((s) => s.trim()).filter((s) => s.length > 0) ?? [];
  if (fromEnv.length > 0) return { secrets: fromEnv, source: 'TESSERA_SECRETS', warning: null };
  if (production) throw new StartupError(`TESSERA_SECRETS is not set, and NODE_ENV=production refuses a generated one. ${HOW_TO_MAKE_ONE}`);
  const file = join(dataDir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  }
  return {
    secrets: [readFileSync(file, 'utf8').trim()],
    source: file,
    warning: `TESSERA_SECRETS is not set: using the development secret in ${file}. In production: ${HOW_TO_MAKE_ONE}`,
  };
}
