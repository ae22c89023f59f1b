/**
 * `npm run bench`: every benchmark suite, in alternating rounds, with medians and ratios from
 * the same run. Flags: `--rounds N` (default 5), `--cpu-ms N` (sampling time per contender per
 * round, default 300), `--only NAME` (micro; engine, stores or frameworks, the HTTP suites; or
 * http for all three), `--docs` (rewrite the generated parts of docs/benchmarks.md and its SVG
 * charts with this run's figures). The HTTP suites need `wrk` (`apt-get install -y wrk`), the
 * stores and frameworks suites Redis and Postgres (REDIS_URL, DATABASE_URL); they run compiled
 * servers, 3 rounds of 5 s, about 12 + 7 + 8 minutes.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runComparison, type ComparisonResult } from './lib/rounds.ts';
import { markdownReport, svgChart, textReport } from './lib/report.ts';
import { cryptoComparisons } from './micro/crypto.ts';
import { cookieComparisons } from './micro/cookie.ts';
import { runHttpBench } from './http/run.ts';
import { SUITES } from './http/suites/index.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'cpu-ms': { type: 'string', default: '300' },
    only: { type: 'string' },
    docs: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const cpuMs = Number(values['cpu-ms']);

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const date = new Date().toISOString().slice(0, 10);

async function micro(): Promise<ComparisonResult[]> {
  const results: ComparisonResult[] = [];
  for (const c of [...cookieComparisons(), ...cryptoComparisons()]) {
    process.stdout.write(`running: ${c.title} ... `);
    const r = await runComparison(c, rounds, cpuMs);
    results.push(r);
    console.log('done');
  }
  return results;
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `file`. */
function replaceSection(file: string, name: string, body: string): void {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} section`);
  writeFileSync(file, text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b));
}

console.log(`tessera benchmarks: ${machine}; ${date}; ${rounds} rounds, ${cpuMs} ms per contender per round`);
if (values.only === undefined || values.only === 'micro') {
  const results = await micro();
  console.log(textReport(results));
  if (values.docs) {
    const header = `Measured ${date} on ${machine}. ${rounds} alternating rounds, about ${cpuMs} ms of samples per contender per round (mitata \`measure\`).`;
    replaceSection('docs/benchmarks.md', 'micro', `${header}\n\n![micro benchmarks](benchmarks-micro.svg)\n\n${markdownReport(results)}`);
    writeFileSync('docs/benchmarks-micro.svg', svgChart(results, `tessera micro benchmarks, ${date}`));
    console.log('wrote docs/benchmarks.md (micro section) and docs/benchmarks-micro.svg');
  }
}

const only = values.only;
if (only !== undefined && only !== 'micro' && only !== 'http' && !(only in SUITES)) {
  throw new Error(`--only ${only}: expected micro, http, ${Object.keys(SUITES).join(', ')}`);
}
for (const suite of Object.values(SUITES)) {
  if (only === undefined || only === 'http' || only === suite.id) {
    await runHttpBench({ suite, rounds: Math.max(3, Math.min(rounds, 5)), durationSeconds: 5, connections: 50, docs: values.docs, compiled: true });
  }
}
