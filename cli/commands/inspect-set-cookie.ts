/**
 * `tessera inspect-set-cookie "LINE" [--url URL] [--now UNIX] [--json]`: explains each
 * attribute of a Set-Cookie line and warns about what browsers will do with it, each
 * warning with what the browser does and its RFC 6265bis section. Exit 0 when there is
 * nothing to warn about, 1 when there is (errors or warnings; notes do not count), 2 for
 * a bad command line.
 * @module
 */
import { MAX_NAME_VALUE_OCTETS } from '../../src/cookie/index.ts';
import { parseCommand } from '../args.ts';
import { fields, table, truncate, when } from '../human.ts';
import { styleFor, type Io } from '../io.ts';
import { seconds } from '../options.ts';
import { inspectSetCookie, type Finding } from '../set-cookie-check.ts';
import { UsageError } from '../usage-error.ts';

/** Help text of `inspect-set-cookie`. */
export const INSPECT_SET_COOKIE_USAGE = `usage: tessera inspect-set-cookie "LINE" [--url URL] [--now UNIX] [--json]

  Explains each attribute of a Set-Cookie line (with or without "Set-Cookie:") and what
  browsers will do with it, by RFC 6265bis: a missing Secure on SameSite=None, the
  __Secure- / __Host- / __Http- / __Host-Http- prefix rules, the 400-day cap on Max-Age
  and Expires, the 4096-byte name+value and 1024-byte attribute limits, Partitioned
  without Secure, Domain on a public suffix, invalid dates, duplicate attributes.

  --url URL   the response's URL: also checks Domain against its host and Secure
              against its scheme
  --now UNIX  the clock for Expires, in seconds since 1970 (default: now)
  --json      the whole report as one JSON object

  exit status: 0 nothing to warn about; 1 errors (the browser ignores the cookie) or
  warnings (it ignores, caps or changes part of it); 2 a bad command line`;

const MARK: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', note: 'note' };

/** Runs `inspect-set-cookie`; returns the exit status. */
export function inspectSetCookieCommand(args: string[], io: Io): number {
  const { values, positionals } = parseCommand(args, { url: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(INSPECT_SET_COOKIE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`inspect-set-cookie takes exactly one LINE (quote it: the line contains ";"), got ${positionals.length}`);
  }
  let url: URL | undefined;
  if (values.url !== undefined) {
    try {
      url = new URL(values.url);
    } catch {
      throw new UsageError(`--url ${JSON.stringify(values.url)} is not an absolute URL (e.g. https://app.example.com/)`);
    }
  }
  const now = values.now === undefined ? Date.now() : seconds(values.now, '--now') * 1000;
  const report = inspectSetCookie(positionals[0]!, { now, url });
  const status = report.findings.some((f) => f.severity !== 'note') ? 1 : 0;
  if (values.json) {
    io.out(JSON.stringify({ ...report, now }));
    return status;
  }

  const s = styleFor(io);
  const errors = report.findings.filter((f) => f.severity === 'error');
  const verdict = !report.accepted
    ? s.red(`ignored: browsers will not store this cookie (${errors.length} error${errors.length === 1 ? '' : 's'})`)
    : report.expiresAt === null
      ? s.green('stored as a session cookie')
      : report.expiresAt <= now
        ? s.yellow('a deletion: browsers remove the cookie and store nothing')
        : s.green(`stored until ${when(report.expiresAt, now)}`);
  io.out(`Set-Cookie: ${truncate(report.line, 200)}`);
  for (const line of fields(
    [
      ['cookie', `${report.name === '' ? '(no name)' : truncate(report.name, 60)} = ${truncate(report.value, 60)}`],
      ['size', `${report.nameValueOctets} of ${MAX_NAME_VALUE_OCTETS} bytes (name + value)`],
      ['verdict', verdict],
    ],
    s,
  )) {
    io.out(line);
  }
  if (report.attributes.length > 0) {
    io.out('');
    const rows = report.attributes.map((a) => [
      truncate(a.value === '' ? a.name : `${a.name}=${a.value}`, 40),
      a.status === 'used' ? a.status : s.yellow(a.status),
      a.meaning,
      s.dim(a.section),
    ]);
    for (const line of table([{ title: 'attribute' }, { title: 'status' }, { title: 'meaning' }, { title: 'see' }], rows, s)) io.out(line);
  }
  for (const severity of ['error', 'warning', 'note'] as const) {
    const found = report.findings.filter((f) => f.severity === severity);
    if (found.length === 0) continue;
    io.out('');
    const colour = severity === 'error' ? s.red : severity === 'warning' ? s.yellow : s.dim;
    for (const f of found) io.out(`${colour(MARK[severity].padEnd(7))}  ${f.message} — ${f.browser} ${s.dim(`[${f.section}]`)}`);
  }
  if (status === 0) {
    io.out('');
    io.out(s.green('no warnings'));
  }
  return status;
}
