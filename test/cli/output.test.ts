/**
 * Output for people, in process (a spawned CLI never has a terminal): colour only on a
 * terminal and never with NO_COLOR or TERM=dumb; the progress bar redrawn in place on a
 * terminal and periodic lines otherwise, both showing only the counts they are given; and
 * the capability errors of stores that lack `list` or the per-user index.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run } from '../../cli/main.ts';
import type { Io } from '../../cli/io.ts';
import { createProgress } from '../../cli/progress.ts';
import { createMemoryStore } from '../../src/stores/index.ts';
import type { SessionStore } from '../../src/session/index.ts';

function captureIo(overrides: Partial<Io> = {}): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (line: string) => void (io.stdout += line + '\n'),
    err: (line: string) => void (io.stderr += line + '\n'),
    errWrite: (text: string) => void (io.stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stderrColumns: 100,
    env: {},
    ...overrides,
  };
  return io;
}

const ESC = /\x1b\[/;

describe('terminal output', () => {
  test('colour only when stdout is a terminal, never with NO_COLOR or TERM=dumb', async () => {
    const line = ['inspect-set-cookie', 'sid=1; SameSite=None'];
    const tty = captureIo({ stdoutIsTTY: true, env: { TERM: 'xterm-256color' } });
    assert.equal(await run(line, tty), 1);
    assert.match(tty.stdout, ESC);
    for (const io of [captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } }), captureIo({ stdoutIsTTY: true, env: { TERM: 'dumb' } }), captureIo({ stdoutIsTTY: false })]) {
      assert.equal(await run(line, io), 1);
      assert.doesNotMatch(io.stdout, ESC);
      assert.match(io.stdout, /^error +SameSite=None without Secure/m);
    }
    const empty = captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '' } });
    await run(['sessions', 'stats', '--store', 'memory:'], empty);
    assert.match(empty.stdout, ESC, 'an empty NO_COLOR does not count (no-color.org)');
  });

  test('progress on a terminal: one bar redrawn in place, at most every 100 ms, ended by a newline', () => {
    let t = 0;
    const io = captureIo({ stderrIsTTY: true, stderrColumns: 80 });
    const progress = createProgress(io, { label: 'sweep', unit: 'rows', total: 1000, clock: () => t });
    for (let done = 100; done <= 1000; done += 100) {
      t += 60;
      progress.update(done);
    }
    progress.finish(1000);
    const frames = io.stderr.split('\r').filter((f) => f !== '');
    assert.ok(frames.length >= 5 && frames.length <= 7, `throttled redraws: ${frames.length}`);
    assert.match(frames[0]!, /^sweep \[#+-+\] +\d+% {2}\d+\/1,000 rows {2}0\.\d s\x1b\[K$/);
    assert.match(frames.at(-1)!, /^sweep \[#+\] 100% {2}1,000\/1,000 rows {2}0\.6 s\x1b\[K\n$/);
    assert.ok(io.stderr.split('\n').length === 2, 'one line in all');
  });

  test('progress without a terminal: a line per tenth or per second, the real counts, no control codes', () => {
    let t = 0;
    const io = captureIo();
    const progress = createProgress(io, { label: 'sweep', unit: 'expired rows deleted', total: 100_000, clock: () => t });
    for (let done = 1000; done <= 100_000; done += 1000) {
      t += 5; // fast: only the tenths print
      progress.update(done);
    }
    progress.finish(100_000);
    const fast = io.stderr.trimEnd().split('\n');
    assert.equal(fast.length, 9);
    assert.equal(fast[0], 'sweep: 10,000 of 100,000 expired rows deleted (10%), 0.1 s');
    assert.doesNotMatch(io.stderr, /\r|\x1b/);

    const slow = captureIo();
    t = 0;
    const slowProgress = createProgress(slow, { label: 'sweep', unit: 'rows', total: 1_000_000, clock: () => t });
    for (let done = 1000; done <= 5000; done += 1000) {
      t += 1500; // slow: one line per second even between tenths
      slowProgress.update(done);
    }
    assert.equal(slow.stderr.trimEnd().split('\n').length, 5);
    const quiet = captureIo();
    createProgress(quiet, { label: 'sweep', unit: 'rows', total: 10, quiet: true }).update(5);
    assert.equal(quiet.stderr, '');
  });

  test('capabilities: revoke-user without a per-user index and stats without list exit 2', async () => {
    const full = createMemoryStore();
    const bare: SessionStore = { name: 'bare', get: full.get, create: full.create, update: full.update, touch: full.touch, delete: full.delete };
    const openStore = async (url: string) => ({ store: bare, kind: 'bare', safeUrl: url, client: null, close: async () => {} });
    for (const [args, message] of [
      [['sessions', 'revoke-user', 'alice', '--store', 'memory:'], /the bare store has no per-user index \(listByUser and deleteByUser\)/],
      [['sessions', 'stats', '--store', 'memory:'], /the bare store cannot list sessions/],
      [['sessions', 'list', '--store', 'memory:', '--user', 'alice'], /no per-user index \(listByUser\)/],
    ] as const) {
      const io = captureIo();
      assert.equal(await run([...args], io, { openStore }), 2, io.stderr);
      assert.match(io.stderr, message);
      assert.equal(io.stderr.trimEnd().split('\n').length, 1);
    }
    const io = captureIo();
    assert.equal(await run(['sessions', 'sweep', '--store', 'memory:'], io, { openStore }), 0);
    assert.match(io.stdout, /^nothing to sweep: the bare store has no deleteExpired/);
  });
});
