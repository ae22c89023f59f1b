/**
 * How the command line reports a failure: one line, the driver's reason included, never a
 * stack trace unless `--debug`. Exit statuses: 1 for an outcome about the value asked for
 * (not found, invalid, a cookie with warnings), 2 for a mistake in the command line, the
 * configuration or the environment (bad URL or secret, unreachable server).
 * @module
 */

/** An outcome that is not a mistake in the command line: printed as one line, exit status 1. */
export class OutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeError';
  }
}

/** The message of `error` and of its causes that add something, on one line. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const message = messageOf(current);
    if (message !== '' && !parts.some((p) => p.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return oneLine(parts.join(': ') || String(error));
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  // pg and net report a refused dual-stack connection as an AggregateError without a message.
  if (error instanceof AggregateError) return [...new Set(error.errors.map(messageOf))].join('; ');
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

/** `text` with line breaks folded, so an error stays one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
