/**
 * Shared plumbing of the jar conformance runners: the fixed clock, reading the data
 * files, and tallying results into a {@link FileResult}.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from './location.ts';
import type { CaseFailure, CaseSkip, FileResult } from './types.ts';

/** The clock the conformance README recommends for every jar case: 2025-01-01T00:00:00Z. */
export const FIXED_NOW = Date.UTC(2025, 0, 1, 0, 0, 0);

/** A clock that never moves, for `createCookieJar({ now })`. */
export const fixedClock = (): number => FIXED_NOW;

/** Parses one JSON data file of the conformance directory (`file` relative to it). */
export function readConformanceJson(file: string): unknown {
  return JSON.parse(readFileSync(join(conformanceDir(), file), 'utf8')) as unknown;
}

/** Accumulates case outcomes for one data file. */
export interface Tally {
  pass(): void;
  fail(id: string, detail: string): void;
  skip(id: string, reason: string): void;
  result(): FileResult;
}

/** Starts a {@link Tally} for `file` (path relative to the conformance directory). */
export function createTally(file: string): Tally {
  let passed = 0;
  const failures: CaseFailure[] = [];
  const skipped: CaseSkip[] = [];
  return {
    pass: () => {
      passed++;
    },
    fail: (id, detail) => {
      failures.push({ id, detail });
    },
    skip: (id, reason) => {
      skipped.push({ id, reason });
    },
    result: () => ({ file, passed, failed: failures.length, failures, skipped }),
  };
}

/** `JSON.stringify` shortened for one-line failure details (some cases hold 4 KB strings). */
export function show(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
