/**
 * The seam that keeps edge runtimes free of Node: only node-backend.ts touches `node:crypto`
 * or `Buffer`, and only the node-defaulting entry points import it. Checked on the sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '../../src/crypto');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const source = (file: string) => readFileSync(join(dir, file), 'utf8');
const importsOf = (file: string) => [...source(file).matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
const code = (file: string) => source(file).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

test('only node-backend.ts imports node:crypto (or any node: module) or uses Buffer', () => {
  for (const file of files) {
    const nodeImports = importsOf(file).filter((s) => s.startsWith('node:'));
    assert.deepEqual(nodeImports, file === 'node-backend.ts' ? ['node:crypto'] : [], file);
    if (file !== 'node-backend.ts') assert.ok(!/\bBuffer\b|\bimport\(/.test(code(file)), `${file} uses Buffer or a dynamic import`);
  }
});

test('only the node-defaulting entry points import node-backend.ts', () => {
  for (const file of files) {
    if (importsOf(file).includes('./node-backend.ts')) assert.ok(['defaults.ts', 'index.ts'].includes(file), file);
  }
});

test('the formats, keyring and Web Crypto back end never reach node-backend.ts, even transitively', () => {
  const reach = (file: string, seen = new Set<string>()): Set<string> => {
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('./') || seen.has(spec.slice(2))) continue;
      seen.add(spec.slice(2));
      reach(spec.slice(2), seen);
    }
    return seen;
  };
  for (const root of ['sign.ts', 'seal.ts', 'keyring.ts', 'web-backend.ts', 'tokens.ts', 'secrets.ts']) {
    assert.equal(reach(root).has('node-backend.ts'), false, root);
  }
});
