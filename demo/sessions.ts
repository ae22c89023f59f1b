/**
 * The demo's session manager: server mode on the configured store, so a user's sessions can be
 * listed and ended ("active sessions"), with its lifetimes.
 * @module
 */
import { createSessionManager, type SessionStore, type SessionSummary } from '../src/session/index.ts';
import type { DemoData, DemoFlash, DemoSessions } from './context.ts';

/**
 * Lifetimes: a session ends 2 days after its last use, and 14 days after login whatever the
 * activity. "Remember me" keeps the cookie as long as the session lives.
 */
export const SESSION_TIMEOUTS = { absoluteSeconds: 14 * 86_400, idleSeconds: 2 * 86_400 } as const;

/** Creates the manager; `log` hears why a cookie the browser sent gave no session (tampered, ended, expired). */
export function createDemoSessions(store: SessionStore, log: (message: string) => void): DemoSessions {
  return createSessionManager<DemoData, DemoFlash>({
    mode: 'server', // sessions live in the store, so "active sessions" can list and end them
    store,
    timeouts: SESSION_TIMEOUTS,
    onInvalidCookie: (event) => log(`session cookie not accepted (${event.reason}): a fresh session was started`),
  });
}

/**
 * When a session was last used, at the touch interval's precision. `lastSeenAt` moves only when
 * the session's data is written; reads move the idle deadline (`expiresAt` = last use + idle
 * timeout, capped by the absolute one), so the later of the two is the better answer.
 */
export function lastActiveAt(summary: Pick<SessionSummary, 'lastSeenAt' | 'expiresAt'>): number {
  return Math.max(summary.lastSeenAt, summary.expiresAt - SESSION_TIMEOUTS.idleSeconds * 1000);
}
