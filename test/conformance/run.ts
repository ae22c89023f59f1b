/**
 * `npm run conformance`: runs every public conformance file and prints one line per file
 * (passed, failed, skipped with reasons), the failures, the floors, and the closing line
 * `N passed, N failed`. Exits 1 when a floor is not met.
 */
import { SUITE_GROUPS, totalOf } from './suites.ts';

const verbose = process.argv.includes('--verbose');
let passed = 0;
let failed = 0;
let floorsMissed = 0;
for (const group of SUITE_GROUPS) {
  const results = await group.run();
  let groupPassed = 0;
  let groupTotal = 0;
  let groupSkipped = 0;
  for (const r of results) {
    const skipped = r.skipped.length;
    console.log(`${r.file}: ${r.passed} passed, ${r.failed} failed, ${skipped} skipped (of ${totalOf(r)})`);
    for (const s of r.skipped) console.log(`    skipped ${s.id}: ${s.reason}`);
    for (const f of verbose ? r.failures : r.failures.slice(0, 20)) console.log(`    FAILED ${f.id}: ${f.detail}`);
    if (!verbose && r.failures.length > 20) console.log(`    ... ${r.failures.length - 20} more (--verbose)`);
    groupPassed += r.passed;
    groupTotal += totalOf(r);
    groupSkipped += skipped;
    passed += r.passed;
    failed += r.failed;
  }
  const ok = group.meets(groupPassed, groupTotal, groupSkipped);
  if (!ok) floorsMissed++;
  console.log(`  floor ${group.name}: ${group.floor}: ${groupPassed}/${groupTotal} passed, ${groupSkipped} refused on purpose: ${ok ? 'met' : 'NOT MET'}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(floorsMissed > 0 ? 1 : 0);
