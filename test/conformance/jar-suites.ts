/**
 * Conformance runners for the user-agent side: the cookie-date algorithm and the cookie
 * jar against the public data in ../shared/conformance (see its README for what passing
 * means per file). Every runner is deterministic (fixed clock 2025-01-01T00:00:00Z, a
 * fresh jar per case) and returns one {@link FileResult} per data file. Cases failed or
 * skipped on purpose are listed, with reasons, in docs/conformance.md.
 */

import { parseCookieDate } from '../../src/cookie/cookie-date.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { createTally, fixedClock, readConformanceJson, show } from './jar-harness.ts';
import type { FileResult } from './types.ts';

export { runWptCookies, runWptSameSiteAttributes } from './jar-wpt-cookies.ts';

interface DateCase {
  test: string;
  expected: string | null;
}

function runDateFile(file: string): FileResult {
  const tally = createTally(file);
  const cases = readConformanceJson(file) as DateCase[];
  for (const [index, c] of cases.entries()) {
    const instant = parseCookieDate(c.test);
    // The files print the instant as Date.prototype.toUTCString() does.
    const got = instant === null ? null : new Date(instant).toUTCString();
    if (got === c.expected) tally.pass();
    else tally.fail(`#${index + 1} ${show(c.test, 60)}`, `expected ${show(c.expected)}, got ${show(got)}`);
  }
  return tally.result();
}

/** `ietf-http-state/dates/examples.json` and `dates/bsd-examples.json`, in that order. */
export function runDates(): FileResult[] {
  return [runDateFile('ietf-http-state/dates/examples.json'), runDateFile('ietf-http-state/dates/bsd-examples.json')];
}

/** Request URL of the http-state suites: `http://home.example.org:8888/cookie-parser?<id>`. */
const HTTP_STATE_ORIGIN = 'http://home.example.org:8888';

interface IetfParserCase {
  test: string;
  received: string[];
  'sent-to'?: string;
  sent: { name: string; value: string }[];
}

/**
 * `ietf-http-state/parser.json`, whose expectations are RFC 6265 (2011): the jar runs
 * with `profile: 'rfc6265'` (no nameless cookies; NUL/CR/LF end the line). Compares the
 * name/value list sent to the next URL with `sent`, in order.
 */
export function runIetfParser(): FileResult {
  const file = 'ietf-http-state/parser.json';
  const tally = createTally(file);
  for (const c of readConformanceJson(file) as IetfParserCase[]) {
    const id = c.test.toLowerCase().replaceAll('_', '-'); // the original lower-case id
    const setUrl = `${HTTP_STATE_ORIGIN}/cookie-parser?${id}`;
    const getUrl = new URL(c['sent-to'] ?? `/cookie-parser-result?${id}`, setUrl);
    const jar = createCookieJar({ now: fixedClock, profile: 'rfc6265' });
    for (const line of c.received) jar.setCookie(line, setUrl);
    const sent = jar.getCookies(getUrl).map(({ name, value }) => ({ name, value }));
    if (JSON.stringify(sent) === JSON.stringify(c.sent)) tally.pass();
    else tally.fail(c.test, `expected ${show(c.sent)}, got ${show(sent)}`);
  }
  return tally.result();
}

interface HttpStateBisCase {
  test: string;
  received: string[];
  'sent-to'?: string;
  expected_cookie_header: string | null;
}

/** Cases of wpt/http-state-6265bis.json not run, with the reason. */
const BIS_SKIPS: Record<string, string> = {
  'disabled-chromium0022':
    'disabled upstream; expects a CR inside the value to truncate it, which contradicts the RFC 6265bis §5.6 step 1 rule (a CTL other than HTAB ignores the whole line) that wpt/cookies.json tests (conformance README §3)',
};

/** Cases of wpt/http-state-6265bis.json failed on purpose: the reason goes into the failure detail. */
const BIS_KNOWN: Record<string, string> = {
  attribute0023:
    'inconsistent expectation: Path=/cookie-parser-result path-matches the retrieval path /cookie-parser-result (§5.1.4), and path0001-path0004 of this same file expect exactly that cookie sent; parser.json expects it sent too',
};

/** `wpt/http-state-6265bis.json`: RFC 6265bis storage and retrieval; compares the Cookie header exactly. */
export function runWpt6265bis(): FileResult {
  const file = 'wpt/http-state-6265bis.json';
  const tally = createTally(file);
  const data = readConformanceJson(file) as { tests: HttpStateBisCase[] };
  for (const c of data.tests) {
    const skip = BIS_SKIPS[c.test];
    if (skip !== undefined) {
      tally.skip(c.test, skip);
      continue;
    }
    const setUrl = `${HTTP_STATE_ORIGIN}/cookie-parser?${c.test}`;
    const getUrl = new URL(c['sent-to'] ?? `/cookie-parser-result?${c.test}`, setUrl);
    const jar = createCookieJar({ now: fixedClock });
    for (const line of c.received) jar.setCookie(line, setUrl);
    const header = jar.getCookieHeader(getUrl);
    const expected = c.expected_cookie_header ?? '';
    if (header === expected) tally.pass();
    else {
      const known = BIS_KNOWN[c.test];
      tally.fail(c.test, `expected ${show(expected)}, got ${show(header)}${known === undefined ? '' : ` (known: ${known})`}`);
    }
  }
  return tally.result();
}
