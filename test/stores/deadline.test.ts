/**
 * The stores' operation deadline (src/stores/deadline.ts): values and errors pass through, an
 * operation without an answer fails after the timeout, and the one timer keeps the process alive
 * only while an operation waits (real time: these are the timer's own behaviours).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDeadline } from '../../src/stores/deadline.ts';

const wrap = (error: unknown) => new Error('wrapped', { cause: error });

test('a value passes through; a rejection is given to fail', async () => {
  const deadline = createDeadline(1000, 'late');
  assert.equal(await deadline.within(Promise.resolve(42), wrap), 42);
  const cause = new Error('ECONNREFUSED');
  await assert.rejects(deadline.within(Promise.reject(cause), wrap), (e: unknown) => e instanceof Error && e.message === 'wrapped' && e.cause === cause);
});

test('an operation without an answer fails with the message after the timeout (at most an eighth late), and its late answer is ignored', async () => {
  const deadline = createDeadline(200, 'no answer within 200 ms');
  let answer: (v: number) => void = () => {};
  const started = Date.now();
  const pending = deadline.within(new Promise<number>((r) => (answer = r)), wrap);
  // Operations that come and go meanwhile do not reset or stop the timer.
  for (let i = 0; i < 3; i++) assert.equal(await deadline.within(Promise.resolve(i), wrap), i);
  await assert.rejects(pending, (e: unknown) => e instanceof Error && (e.cause as Error).message === 'no answer within 200 ms');
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 195 && elapsed < 200 + 25 + 150, `failed after ${elapsed} ms`);
  answer(1); // too late: nothing happens
  assert.equal(await deadline.within(Promise.resolve(7), wrap), 7, 'the deadline works on');
});

/** Runs `body` (module code with `createDeadline` in scope, ending by printing `performance.now()`) in a child process; returns how long the process lived after that, in ms. */
function timeChild(body: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-deadline-'));
  try {
    const file = join(dir, 'child.mts');
    writeFileSync(file, `import { createDeadline } from ${JSON.stringify(resolve('src/stores/deadline.ts'))};\n${body}\n`);
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    return Date.now() - started - Number(run.stdout.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('settled operations leave nothing that keeps the process alive; a waiting one does, until it times out', () => {
  const idle = timeChild(`const d = createDeadline(16_000, 'late');
for (let i = 0; i < 3; i++) await d.within(Promise.resolve(i), (e) => e);
process.stdout.write(String(Math.round(performance.now())));`);
  // The check interval is 2 s (16 s / 8): a timer still held would keep the process that long.
  assert.ok(idle < 1500, `the process lingered ${idle} ms after its last operation`);

  const waiting = timeChild(`const d = createDeadline(400, 'late');
d.within(new Promise(() => {}), (e) => e).catch(() => {});
process.stdout.write(String(Math.round(performance.now())));`);
  assert.ok(waiting >= 350, `the process exited ${waiting} ms after starting a waiting operation, before its timeout`);
});
