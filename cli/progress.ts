/**
 * Progress of a long operation with a known total, on stderr: a bar redrawn in place when
 * stderr is a terminal, otherwise plain lines (logs, CI, pipes), one at most every second or
 * at every further tenth of the total. It only ever shows counts it is given: no spinner.
 * @module
 */
import { count } from './human.ts';
import type { Io } from './io.ts';

/** A progress display. */
export interface Progress {
  /** `done` units are finished so far. */
  update(done: number): void;
  /** The operation ended with `done` units finished; ends the bar's line. */
  finish(done: number): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is counted, e.g. `sweep`. */
  label: string;
  /** The units, e.g. `expired rows deleted`. */
  unit: string;
  /** How many units there are (known in advance). */
  total: number;
  /** Clock in milliseconds; default `performance.now`. */
  clock?: () => number;
  /** Show nothing. */
  quiet?: boolean;
}

const LINE_EVERY_MS = 1000;
const BAR_EVERY_MS = 100;

/** A progress display on `io`'s stderr (see the module comment for the two modes). */
export function createProgress(io: Io, options: ProgressOptions): Progress {
  const clock = options.clock ?? (() => performance.now());
  const start = clock();
  const { total, label, unit } = options;
  const elapsed = () => `${((clock() - start) / 1000).toFixed(1)} s`;
  const percent = (done: number) => (total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100)));
  if (options.quiet === true || total === 0) return { update() {}, finish() {} };

  if (io.stderrIsTTY) {
    let lastDraw = -Infinity;
    let drawn = false;
    const draw = (done: number) => {
      const text = ` ${percent(done).toString().padStart(3)}%  ${count(Math.min(done, total))}/${count(total)} ${unit}  ${elapsed()}`;
      const width = Math.max(10, Math.min(40, io.stderrColumns - label.length - text.length - 4));
      const filled = Math.round((width * percent(done)) / 100);
      io.errWrite(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${text}\x1b[K`);
      lastDraw = clock();
      drawn = true;
    };
    return {
      update(done) {
        if (clock() - lastDraw >= BAR_EVERY_MS) draw(done);
      },
      finish(done) {
        draw(done);
        if (drawn) io.errWrite('\n');
      },
    };
  }

  let lastLine = start;
  let nextTenth = 1;
  return {
    update(done) {
      const tenth = Math.floor((Math.min(done, total) / total) * 10);
      if (clock() - lastLine < LINE_EVERY_MS && tenth < nextTenth) return;
      if (done >= total) return; // the final count is the summary's job
      nextTenth = tenth + 1;
      lastLine = clock();
      io.err(`${label}: ${count(done)} of ${count(total)} ${unit} (${percent(done)}%), ${elapsed()}`);
    },
    finish() {},
  };
}
