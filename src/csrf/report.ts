/**
 * CSRF rejections as lifecycle events (SR-48): every refused check is reported to the
 * protection's `onEvent` hook as `csrf-rejected` with its machine-readable reason, so an
 * application can log and alert on forgery attempts. The event carries no token (SR-47).
 * @module
 */
import { emitEvent, type SessionEventHook } from '../session/events.ts';
import type { CsrfCheck } from './origin-check.ts';

/** Reports `check` to `hook` when it is a rejection and there is a hook; returns `check` unchanged. Never throws. */
export function reportCheck(hook: SessionEventHook | null, check: CsrfCheck): CsrfCheck {
  if (!check.ok && hook !== null) emitEvent(hook, { type: 'csrf-rejected', at: Date.now(), reason: check.reason });
  return check;
}
