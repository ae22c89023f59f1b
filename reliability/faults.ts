/**
 * `npm run faults`: faults under load. For Redis, then Postgres (each a private server on a free
 * port, never the shared ones): the demo runs on the store, sessions are committed, autocannon
 * loads the demo throughout while the server is SIGKILLed, kept down and restarted on the same
 * port and data. Prints the figures per store and exits 1 when a claim fails: the app never
 * exits, nothing fails before the kill, every failure is a 503 within the timeout + margin, the
 * app recovers within a bound after the restart, and every session committed before is intact.
 *
 * Options (all optional): `--stores redis,postgres --sessions 200 --connections 50
 * --before-ms 5000 --down-ms 5000 --after-ms 10000 --timeout-ms 1000 --margin-ms 1000
 * --recover-within-ms 5000`.
 * @module
 */
import { parseArgs } from 'node:util';
import { runFaultExperiment, type FaultRunReport } from './lib/faults-experiment.ts';
import { FAULT_STORES, faultTargetUnavailable, type FaultStoreName } from './lib/faults-stores.ts';

const { values } = parseArgs({
  options: {
    stores: { type: 'string', default: FAULT_STORES.join(',') },
    sessions: { type: 'string', default: '200' },
    connections: { type: 'string', default: '50' },
    'before-ms': { type: 'string', default: '5000' },
    'down-ms': { type: 'string', default: '5000' },
    'after-ms': { type: 'string', default: '10000' },
    'timeout-ms': { type: 'string', default: '1000' },
    'margin-ms': { type: 'string', default: '1000' },
    'recover-within-ms': { type: 'string', default: '5000' },
  },
});

const int = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error(`--${name} must be a positive integer, got ${String(values[name])}`);
    process.exit(2);
  }
  return n;
};

const stores = values.stores.split(',').filter((s) => s !== '');
for (const s of stores) {
  if (!(FAULT_STORES as readonly string[]).includes(s)) {
    console.error(`--stores: unknown store ${s}; use ${FAULT_STORES.join(', ')}`);
    process.exit(2);
  }
}

const ms = (n: number | null) => (n === null ? 'none' : `${Math.round(n)} ms`);

function print(r: FaultRunReport): void {
  const f = r.figures;
  const other = Object.entries(f.otherStatuses).map(([status, n]) => `${n}× ${status === '0' ? 'no answer' : status}`);
  console.log(
    [
      `\n## ${r.label}`,
      `requests: ${f.total} (before the kill ${f.before.total}, while down ${f.down.total}, after the restart ${f.after.total})`,
      `503: ${f.before.status503 + f.down.status503 + f.after.status503} (while down ${f.down.status503}, after the restart ${f.after.status503}); other failures: ${other.length === 0 ? 0 : other.join(', ')}`,
      `successes while down: ${f.down.ok} (requests that completed just after the kill)`,
      `slowest response: before the kill ${ms(f.maxLatencyBeforeMs)}; during the outage ${ms(f.maxLatencyOutageMs)} (timeout ${r.options.timeoutMs} ms); median 503 ${ms(f.medianLatency503Ms)}`,
      `down: ${ms(f.downtimeMs)} from the kill until the server answered again (the restart took ${ms(f.restartMs)})`,
      `recovery after the server answered: first success ${ms(f.firstOkAfterUpMs)}, last failure ${ms(f.recoverMs)}; then ${f.okAfterRecovery} requests without a failure over ${ms(f.quietAfterRecoveryMs)}`,
      `sessions committed before the outage: ${r.options.sessions}, lost or changed: ${r.sessionsLost}${r.lostExamples.length > 0 ? ` (${r.lostExamples.join('; ')})` : ''}`,
      `app process: ${r.appExit === null ? 'never exited' : `exited (${r.appExit})`}; it logged ${r.appErrorLines} stderr lines`,
      r.broken.length === 0 ? 'claims: all hold' : `CLAIMS BROKEN:\n${r.broken.map((b) => `  - ${b}`).join('\n')}`,
    ].join('\n'),
  );
}

let failed = false;
for (const store of stores as FaultStoreName[]) {
  const unavailable = faultTargetUnavailable(store);
  if (unavailable !== null) {
    console.error(`${store}: cannot run: ${unavailable}`);
    failed = true;
    continue;
  }
  const report = await runFaultExperiment({
    store,
    sessions: int('sessions'),
    connections: int('connections'),
    beforeMs: int('before-ms'),
    downMs: int('down-ms'),
    afterMs: int('after-ms'),
    timeoutMs: int('timeout-ms'),
    latencyMarginMs: int('margin-ms'),
    recoverWithinMs: int('recover-within-ms'),
    log: (line) => console.log(`[${store}] ${line}`),
  });
  print(report);
  if (report.broken.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
