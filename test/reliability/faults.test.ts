// Faults under load, CI-sized (`npm run faults` is the full run): the demo on a private Redis
// (AOF, fsync always) and then a private Postgres, loaded by autocannon while the server is
// SIGKILLed and restarted. The app must not exit, fail only with 503 and only while the store is
// down or reconnecting, answer within the timeout + margin, recover, and keep every session
// committed before the outage. The claim checker itself is tested first on made-up timelines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFaultRun, brokenClaims, type FaultLimits, type FaultMarks } from '../../reliability/lib/faults-analysis.ts';
import { runFaultExperiment } from '../../reliability/lib/faults-experiment.ts';
import type { Sample } from '../../reliability/lib/faults-load.ts';
import { FAULT_STORES, faultTargetUnavailable } from '../../reliability/lib/faults-stores.ts';

const LIMITS: FaultLimits = { timeoutMs: 1000, latencyMarginMs: 1000, recoverWithinMs: 5000 };

describe('the fault claims checker', () => {
  const marks: FaultMarks = { loadStartAt: 0, killAt: 1000, restartAt: 3000, upAt: 3100, loadEndAt: 6000 };
  const ok = (at: number, latencyMs = 5): Sample => ({ at, status: 200, latencyMs, kind: 'read' });
  const failed = (at: number, status = 503, latencyMs = 5): Sample => ({ at, status, latencyMs, kind: 'write' });
  const good = [ok(100), ok(900), failed(1200), failed(2000, 503, 1000), failed(3300), ok(3400), ok(5000)];
  const intact: { appExit: string | null; sessions: number; sessionsLost: number } = { appExit: null, sessions: 10, sessionsLost: 0 };

  test('a run that holds: figures per phase, recovery measured from the server answering', () => {
    const f = analyzeFaultRun(good, marks);
    assert.deepEqual([f.before, f.down, f.after], [
      { total: 2, ok: 2, status503: 0, other: 0 },
      { total: 2, ok: 0, status503: 2, other: 0 },
      { total: 3, ok: 2, status503: 1, other: 0 },
    ]);
    assert.equal(f.maxLatencyOutageMs, 1000);
    assert.equal(f.downtimeMs, 2100);
    assert.equal(f.restartMs, 100);
    assert.equal(f.medianLatency503Ms, 5);
    assert.equal(f.firstOkAfterUpMs, 300);
    assert.equal(f.recoverMs, 200);
    assert.equal(f.okAfterRecovery, 2);
    assert.deepEqual(brokenClaims(f, LIMITS, intact), []);
  });

  test('a 500, a hang, a slow 503, a failure before the kill, a late recovery, an exit and a lost session each break a claim', () => {
    const hang: Sample = { at: 2500, status: 0, latencyMs: 10_000, kind: 'unknown', error: 'request timed out' };
    const cases: [string, Sample[], typeof intact, RegExp][] = [
      ['500', [...good, failed(2500, 500)], intact, /every failure is a 503 .*"500":1/],
      ['hang', [...good, { ...hang, latencyMs: 1500 }], intact, /"0":1/],
      ['slow', [...good, failed(2500, 503, 2500)], intact, /timeout \+ margin \(2000 ms\).*slowest 2500 ms/],
      ['early', [...good, failed(500)], intact, /before the kill every request succeeds \(2 of 3\)/],
      ['late', [...good, failed(8200), ok(9000)], intact, /recovers within 5000 ms .*5100 ms/],
      ['exit', good, { ...intact, appExit: 'signal SIGSEGV' }, /app process exited \(signal SIGSEGV\)/],
      ['lost', good, { ...intact, sessionsLost: 1 }, /1 of 10 lost/],
    ];
    for (const [name, samples, extra, expected] of cases) {
      const broken = brokenClaims(analyzeFaultRun(samples, marks), LIMITS, extra);
      assert.equal(broken.length, 1, `${name}: ${JSON.stringify(broken)}`);
      assert.match(broken[0]!, expected, name);
    }
    assert.equal(brokenClaims(analyzeFaultRun([...good, hang], marks), LIMITS, intact).length, 2, 'a hang is no 503, and slow');
    const neverRecovered = analyzeFaultRun([ok(100), failed(1200), failed(3500)], marks);
    assert.deepEqual(brokenClaims(neverRecovered, LIMITS, intact).length, 2, 'no success after the restart, none after the last failure');
  });
});

for (const store of FAULT_STORES) {
  const unavailable = faultTargetUnavailable(store);
  if (unavailable !== null && process.env.CI) throw new Error(`the ${store} fault-under-load test cannot run: ${unavailable} (CI is set, so it may not skip)`);
  describe(`faults under load: the demo on ${store}`, { skip: unavailable ?? false, timeout: 90_000 }, () => {
    test('SIGKILL and restart the store under load: only 503s while down, bounded latency, recovery, no session lost', async () => {
      const report = await runFaultExperiment({ store, sessions: 30, connections: 20, beforeMs: 1500, downMs: 2500, afterMs: 3000, ...LIMITS });
      const f = report.figures;
      assert.deepEqual(report.broken, [], JSON.stringify({ figures: f, lost: report.lostExamples }, null, 1));
      // The figures the claims rest on, restated so a failure names them.
      assert.equal(report.appExit, null);
      assert.equal(f.before.ok, f.before.total);
      assert.ok(f.down.status503 > 0);
      assert.deepEqual(f.otherStatuses, {});
      assert.equal(report.sessionsLost, 0);
    });
  });
}
