/**
 * What a command may touch of the outside world: two output streams (by line, plus raw
 * stderr for a progress bar), whether each is a terminal, and the environment. The
 * executable passes the process's; tests pass their own, so commands run in process too.
 * @module
 */

/** The streams and environment a command runs with. */
export interface Io {
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** Writes raw text to stderr (a progress bar redrawn with `\r`). */
  errWrite(text: string): void;
  /** stdout is a terminal: aligned tables may use colour (see {@link useColour}). */
  stdoutIsTTY: boolean;
  /** stderr is a terminal: progress is a bar redrawn in place, else periodic lines. */
  stderrIsTTY: boolean;
  /** Width of the stderr terminal (80 when unknown). */
  stderrColumns: number;
  env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams and environment. */
export function processIo(): Io {
  return {
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
    errWrite: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns ?? 80,
    env: process.env,
  };
}

/** An Io that only prints lines (for the synchronous `main`): no terminal, no colour. */
export function lineIo(out: (line: string) => void, err: (line: string) => void, env: Io['env'] = process.env): Io {
  return { out, err, errWrite: (text) => err(text.replace(/\n$/, '')), stdoutIsTTY: false, stderrIsTTY: false, stderrColumns: 80, env };
}

/**
 * Colour on stdout only when it is a terminal, `NO_COLOR` is unset or empty (no-color.org)
 * and `TERM` is not `dumb`: piped output and logs never carry escape codes.
 */
export function useColour(io: Io): boolean {
  const noColor = io.env.NO_COLOR;
  return io.stdoutIsTTY && (noColor === undefined || noColor === '') && io.env.TERM !== 'dumb';
}

/** ANSI styles that become identity functions when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

/** The styles for stdout of `io`. */
export function styleFor(io: Io): Style {
  if (!useColour(io)) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}

/** The visible width of `text`: without ANSI escapes, one column per code point. */
export function visibleWidth(text: string): number {
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}
