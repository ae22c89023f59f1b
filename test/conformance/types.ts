/**
 * The shape every conformance module reports in, so `npm run conformance` and the floors
 * test can print and check all suites the same way.
 */

/** One case that did not meet its expectation. */
export interface CaseFailure {
  /** The case id as the data file spells it. */
  id: string;
  /** What was expected and what came out, on one line. */
  detail: string;
}

/** One case not run, on purpose, with the reason (also listed in docs/conformance.md). */
export interface CaseSkip {
  id: string;
  reason: string;
}

/** The outcome of running one data file of ../shared/conformance. */
export interface FileResult {
  /** Path relative to the conformance directory, e.g. `wpt/cookies.json`. */
  file: string;
  passed: number;
  failed: number;
  failures: CaseFailure[];
  skipped: CaseSkip[];
}
