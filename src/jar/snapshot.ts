/**
 * Reading a persisted jar back ({@link CookieJar.toJSON} output, typically after a trip
 * through JSON and disk). Persisted data is treated as untrusted input: every entry is
 * checked field by field and malformed ones are skipped, never thrown on.
 * @module
 */

import type { CookiePriority, SameSiteEnforcement, StoredCookie } from './types.ts';

const SAME_SITE = new Set<string>(['Strict', 'Lax', 'None', 'Default']);
const PRIORITY = new Set<string>(['Low', 'Medium', 'High']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Whether a string holds a control character other than HTAB (RFC 6265bis §5.7 step 3). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x08 || (code >= 0x0a && code <= 0x1f) || code === 0x7f) return true;
  }
  return false;
}

/** One snapshot entry as a cookie, or null when any field is missing or of the wrong type. */
function readCookie(value: unknown): StoredCookie | null {
  if (!isRecord(value)) return null;
  const { name, value: cookieValue, domain, hostOnly, path, secure, httpOnly, sameSite, partitioned, priority } = value;
  const { expiresAt, createdAt, lastAccessedAt } = value;
  if (typeof name !== 'string' || typeof cookieValue !== 'string' || typeof domain !== 'string') return null;
  if (typeof path !== 'string' || !path.startsWith('/') || domain === '') return null;
  if (name === '' && cookieValue === '') return null;
  if (hasControl(name) || hasControl(cookieValue)) return null;
  if (typeof hostOnly !== 'boolean' || typeof secure !== 'boolean' || typeof httpOnly !== 'boolean') return null;
  if (typeof sameSite !== 'string' || !SAME_SITE.has(sameSite)) return null;
  if (expiresAt !== null && !isFiniteNumber(expiresAt)) return null;
  if (!isFiniteNumber(createdAt) || !isFiniteNumber(lastAccessedAt)) return null;
  return {
    name,
    value: cookieValue,
    domain,
    hostOnly,
    path,
    secure,
    httpOnly,
    sameSite: sameSite as SameSiteEnforcement,
    partitioned: partitioned === true,
    priority: typeof priority === 'string' && PRIORITY.has(priority) ? (priority as CookiePriority) : 'Medium',
    expiresAt,
    createdAt,
    lastAccessedAt,
  };
}

/**
 * The well-formed cookies of a snapshot `{ version: 1, cookies: [...] }`, in order.
 * @returns `[]` when `snapshot` is not such an object; malformed entries are left out.
 *   Never throws.
 */
export function readSnapshot(snapshot: unknown): StoredCookie[] {
  if (!isRecord(snapshot) || snapshot.version !== 1 || !Array.isArray(snapshot.cookies)) return [];
  const out: StoredCookie[] = [];
  for (const entry of snapshot.cookies as unknown[]) {
    const cookie = readCookie(entry);
    if (cookie !== null) out.push(cookie);
  }
  return out;
}
