/**
 * Optional validation of loaded session data by a Standard Schema. Data that fails is
 * treated like a bad cookie: a fresh session plus the reason `invalid-data`, never an
 * exception in the handler.
 * @module
 */
import type { InvalidCookieReason, ResolvedOptions } from './options.ts';
import type { LoadedBase } from './session.ts';
import type { SessionTimeoutKind } from './events.ts';
import { emptyState } from './state.ts';
import type { StandardResult } from './standard-schema.ts';

/** What a mode's load produced: the base, the mode's own reference, and why a sent cookie gave no session. */
export interface LoadOutcome<Ref> {
  base: LoadedBase;
  ref: Ref;
  reason: InvalidCookieReason | null;
  /** Schema issue messages when `reason` is `invalid-data`. */
  issues?: string[];
  /** When `reason` is `expired` and the mode could tell: which timeout ended whose session (SR-48). */
  ended?: { timeout: SessionTimeoutKind; userId: string | null };
}

/** Runs the schema (if any) over a loaded, non-new session's data; sync when the schema is. */
export function validateData<Data, Ref>(o: ResolvedOptions<Data>, outcome: LoadOutcome<Ref>): LoadOutcome<Ref> | Promise<LoadOutcome<Ref>> {
  const schema = o.schema;
  if (schema === null || outcome.base.isNew) return outcome;
  const apply = (result: StandardResult<Data>): LoadOutcome<Ref> => {
    if (result.issues === undefined) {
      const data = Object.assign(Object.create(null) as Record<string, unknown>, result.value);
      return { ...outcome, base: { ...outcome.base, state: { ...outcome.base.state, data } } };
    }
    const now = o.now();
    return {
      base: { state: emptyState(now), isNew: true, expiresAt: now + o.absoluteMs },
      ref: outcome.ref,
      reason: 'invalid-data',
      issues: result.issues.map((i) => i.message),
    };
  };
  let result: StandardResult<Data> | Promise<StandardResult<Data>>;
  try {
    result = schema['~standard'].validate({ ...outcome.base.state.data });
  } catch {
    return apply({ issues: [{ message: 'schema threw while validating' }] });
  }
  return result instanceof Promise ? result.then(apply, () => apply({ issues: [{ message: 'schema rejected while validating' }] })) : apply(result);
}
