/**
 * Forwarding records (SR-14): when the rotation timeout gives a session a new id, the old store
 * entry is not deleted but replaced by a small record naming the new entry's store key, valid for
 * a short grace window, so requests still in flight with the old cookie reach (and write to) the
 * new entry. The record is an ordinary store entry (no new store operation): its data is a
 * version-1 payload that `decodeState` refuses (it has no `c`/`a`/`d`), so every reader that
 * does not know forwards (listSessions, the CLI, the per-user limit) skips it as undecodable.
 *
 * It names the new entry by its store key, the SHA-256 of the new token: it never holds a token.
 * @module
 */
/** Where a rotated session now lives, and until when its old id may reach it. */
export interface Forward {
  /** The new entry's store key (base64url SHA-256 of the new token, 43 characters). */
  key: string;
  /** End of the grace window, epoch ms: from then on the old id gives no session. */
  until: number;
}

/** Every forward starts with this, so a session payload is never mistaken for one. */
const PREFIX = '{"v":1,"fwd":';
const STORE_KEY = /^[A-Za-z0-9_-]{43}$/;

/** The stored form of `forward`. */
export function encodeForward(forward: Forward): string {
  return `${PREFIX}${JSON.stringify(forward.key)},"g":${forward.until}}`;
}

/** The forward encoded in `raw`, or null when `raw` is anything else (a session, garbage). Never throws. */
export function decodeForward(raw: string): Forward | null {
  if (!raw.startsWith(PREFIX) || raw.length > 128) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const { fwd, g } = parsed as { fwd?: unknown; g?: unknown };
  if (typeof fwd !== 'string' || !STORE_KEY.test(fwd) || typeof g !== 'number' || !Number.isSafeInteger(g) || g < 0) return null;
  return { key: fwd, until: g };
}
