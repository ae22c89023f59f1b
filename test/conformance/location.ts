import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/**
 * Directory of the public conformance data: `$TESSERA_CONFORMANCE_DIR`, or
 * `../shared/conformance` beside the repository (where CI places it).
 * Throws when it is missing: a conformance suite that silently skips proves nothing.
 */
export function conformanceDir(): string {
  const fromEnv = process.env.TESSERA_CONFORMANCE_DIR;
  const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const dir = fromEnv ?? join(repoRoot, '..', 'shared', 'conformance');
  if (!existsSync(dir)) {
    throw new Error(
      `conformance data not found at ${dir}; place the shared/ folder beside the repository or set TESSERA_CONFORMANCE_DIR`,
    );
  }
  return dir;
}
