// The long fuzz run (`npm run fuzz`): the properties of test/fuzz with a time budget instead of
// their CI-sized case counts, plus the crypto tamper properties at many times their CI size.
//
//   npm run fuzz                          about 8 minutes
//   npm run fuzz -- --seconds 120         about 2 minutes
//   npm run fuzz -- --scale 50            50 × each property's CI case count (no time budget)
//   npm run fuzz -- --seed 42 session     replay with a seed, only files whose path contains "session"
//
// Prints the cases run per property and in total. Exits non-zero when a property fails; the
// failure shows the seed and path to replay it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  if (value === undefined || !(Number(value) > 0)) throw new Error(`${name} needs a positive number`);
  return value;
};
const seconds = Number(option('--seconds') ?? process.env.FUZZ_SECONDS ?? 480);
const scale = option('--scale') ?? process.env.FUZZ_SCALE;
const seed = option('--seed') ?? process.env.FUZZ_SEED;
const CONCURRENCY = 2;

const files = readdirSync('test/fuzz')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test/fuzz', f))
  .filter((f) => args.length === 0 || args.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no fuzz files match');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-fuzz-'));
const report = join(dir, 'report.jsonl');
// Files run two at a time: each gets its share of the wall-clock budget.
const fileSeconds = Math.max(5, Math.floor((seconds * Math.min(CONCURRENCY, files.length)) / files.length));
const env = { ...process.env, FUZZ_LONG: '1', FUZZ_FILE_SECONDS: String(fileSeconds), FUZZ_REPORT: report };
if (scale !== undefined) env.FUZZ_SCALE = scale;
if (seed !== undefined) env.FUZZ_SEED = seed;

console.log(`fuzz: ${files.length} files, ${fileSeconds} s each, ${CONCURRENCY} at a time${scale ? `, ${scale} × the CI case counts` : ''}${seed ? `, seed ${seed}` : ''}`);
const started = Date.now();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', `--test-concurrency=${CONCURRENCY}`, ...files], {
  stdio: 'inherit',
  env,
});

let total = 0;
let lines = [];
try {
  lines = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // no property reported (all filtered out, or a crash before the first one)
}
for (const { file, name, runs: n, ms } of lines) {
  total += n;
  console.log(`${String(n).padStart(10)} cases ${String(ms).padStart(7)} ms  ${file}: ${name}`);
}
rmSync(dir, { recursive: true, force: true });
console.log(`fuzz: ${total.toLocaleString('en')} cases over ${lines.length} properties in ${Math.round((Date.now() - started) / 1000)} s; ${result.status === 0 ? 'all held' : 'FAILED'}`);
process.exit(result.status ?? 1);
