/**
 * The public cookie conformance suites, with the pass floors of the foundation issue. Each
 * data file is one test; a missing conformance directory fails (never skips).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SUITE_GROUPS, totalOf } from './suites.ts';

describe('public conformance suites (../shared/conformance)', () => {
  for (const group of SUITE_GROUPS) {
    test(`${group.name}: ${group.floor}`, async () => {
      const results = await group.run();
      const passed = results.reduce((n, r) => n + r.passed, 0);
      const total = results.reduce((n, r) => n + totalOf(r), 0);
      const skipped = results.reduce((n, r) => n + r.skipped.length, 0);
      const failures = results.flatMap((r) => r.failures.map((f) => `${r.file} ${f.id}: ${f.detail}`));
      assert.ok(group.meets(passed, total, skipped), `${passed}/${total} passed (${skipped} refused on purpose), floor ${group.floor}; failures:\n${failures.slice(0, 30).join('\n')}`);
    });
  }
});
