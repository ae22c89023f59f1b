/**
 * Revocation of cookie-mode sessions (SR-16), optional (`cookieMode.revocation`): logout and
 * "log out everywhere" for sessions that live in the cookie, kept in an ordinary session store.
 *
 * - Each cookie carries a random session id and, when bound to a user, the user's *generation*
 *   at the time its id was issued (state fields `sessionId`, `generation`).
 * - A user's entry holds the user's current generation and the ids of the user's sessions
 *   revoked one by one (`destroy()`, regenerate, a change of bound user), each until that
 *   cookie's absolute expiry. `revokeSessions(userId)` raises the generation.
 * - An unbound session's revoked id has an entry of its own.
 * So loading a cookie costs exactly one store `get`: its user's entry when bound, its id's entry
 * when not (none for a cookie with neither). Revoking costs one `create` (unbound) or a `get`
 * plus a compare-and-swap `update`/`create` of the user's entry (bound).
 *
 * Keys are the SHA-256 of a purpose-prefixed string (`tessera/revocation/v1`, the cookie name,
 * `user` or `session`, then the id), so they never collide with a server-mode or spill key (the
 * SHA-256 of a random token) nor with each other. Entries are written with no user, so they
 * never appear in a per-user index.
 *
 * Generations are monotonic even across the expiry of the user's entry: a raise sets
 * `max(current + 1, now)`, and the entry lives at least `absoluteMs` after the raise, by which
 * time every cookie issued with a lower generation has expired.
 * @module
 */
import { SessionConflictError } from '../errors.ts';
import { generateToken, hashToken } from '../crypto/index.ts';
import type { SessionStore } from './store.ts';
import type { SessionOp, SessionState } from './state.ts';

/** Most ids one user's entry keeps revoked; one more raises the user's generation instead (every earlier cookie of the user ends). */
export const MAX_REVOKED_IDS = 256;
/** Compare-and-swap attempts on a user's entry before SessionConflictError. */
const ATTEMPTS = 32;

/** What revoking one session needs, taken from the cookie as loaded (before the handler's changes). */
export interface RevocableSession {
  /** The session's id, or null for a cookie issued before revocation was on (it cannot be named). */
  sessionId: string | null;
  userId: string | null;
  /** The cookie's absolute expiry (createdAt + absolute timeout), epoch ms: the revocation lasts until then. */
  expiresAt: number;
}

/** The outcome of checking a loaded cookie. `generation` is the user's current one (null when unbound). */
export type RevocationCheck = { revoked: true } | { revoked: false; generation: number | null };

/** A user's entry: the current generation and the individually revoked ids with their expiry. */
interface UserEntry {
  g: number;
  r: Map<string, number>;
}

const EMPTY: UserEntry = { g: 0, r: new Map() };

/** Reads a stored user entry; null when it is not one this module wrote. */
function parseEntry(data: string): UserEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { g, r } = raw as { g?: unknown; r?: unknown };
  if (typeof g !== 'number' || !Number.isSafeInteger(g) || g < 0 || !Array.isArray(r)) return null;
  const revoked = new Map<string, number>();
  for (const pair of r as unknown[]) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'number') return null;
    revoked.set(pair[0], pair[1]);
  }
  return { g, r: revoked };
}

const waitBriefly = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/** The revocation operations of one cookie-mode manager. */
export interface CookieRevocation {
  /**
   * Checks a loaded, authentic, unexpired cookie state: one store `get` (the user's entry when
   * bound, else the id's entry), or null without any I/O when the state has neither an id nor a
   * user. Refused: a revoked id; a bound state whose generation (0 when absent) is below the user's;
   * a user entry that cannot be read (fail closed). Rejects with StoreError when the store fails.
   */
  check(state: SessionState, now: number): Promise<RevocationCheck> | null;
  /** Revokes one session until its cookie's absolute expiry; nothing for a state without an id or already expired. */
  revoke(session: RevocableSession, now: number): Promise<void>;
  /** The user's current generation (one `get`; 0 when the user has no entry). */
  generation(userId: string, now: number): Promise<number>;
  /** Raises the user's generation: every cookie of the user issued before is refused. Resolves the new generation. */
  raise(userId: string, now: number): Promise<number>;
  /** A stamp op: a new id, carrying `generation`. */
  stamp(generation: number | null): SessionOp;
}

/**
 * Creates the revocation operations over `store` for the cookie `cookieName`; revocations of a
 * user's generation last `absoluteMs` (the manager's absolute timeout).
 */
export function createCookieRevocation(store: SessionStore, cookieName: string, absoluteMs: number): CookieRevocation {
  const prefix = `tessera/revocation/v1\u0000${cookieName}\u0000`;
  const userKey = (userId: string) => hashToken(`${prefix}user\u0000${userId}`);
  const sessionKey = (sessionId: string) => hashToken(`${prefix}session\u0000${sessionId}`);

  /**
   * Compare-and-swap on a user's entry: `change` gets the live entry (a copy) and returns the
   * expiry the entry must at least reach. An entry that cannot be read is taken as raised at
   * `now` (fail closed: every earlier cookie of the user ends).
   */
  const mutate = async (userId: string, now: number, change: (entry: UserEntry) => number): Promise<UserEntry> => {
    const key = userKey(userId);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt > 1) await waitBriefly(attempt);
      const record = await store.get(key, now);
      const parsed = record === null ? EMPTY : parseEntry(record.data);
      const entry: UserEntry = parsed === null ? { g: now, r: new Map() } : { g: parsed.g, r: new Map(parsed.r) };
      let until = Math.max(record?.expiresAt ?? 0, parsed === null ? now + absoluteMs : 0, change(entry));
      for (const [id, expiresAt] of entry.r) if (expiresAt <= now) entry.r.delete(id);
      if (entry.r.size > MAX_REVOKED_IDS) {
        // Too many single revocations to keep: end every earlier cookie of the user instead.
        entry.g = Math.max(entry.g + 1, now);
        entry.r.clear();
        until = Math.max(until, now + absoluteMs);
      }
      const write = { data: JSON.stringify({ g: entry.g, r: [...entry.r] }), expiresAt: until, userId: null };
      const done = record === null ? await store.create(key, write, now) : (await store.update(key, write, record.version, now)).status === 'ok';
      if (done) return entry;
    }
    throw new SessionConflictError(ATTEMPTS);
  };

  return {
    check(state, now) {
      const userId = state.userId;
      if (userId === null) {
        const id = state.sessionId;
        if (id === undefined) return null;
        return store.get(sessionKey(id), now).then((record): RevocationCheck => (record === null ? { revoked: false, generation: null } : { revoked: true }));
      }
      return store.get(userKey(userId), now).then((record): RevocationCheck => {
        const entry = record === null ? EMPTY : parseEntry(record.data);
        if (entry === null) return { revoked: true };
        if ((state.generation ?? 0) < entry.g) return { revoked: true };
        const id = state.sessionId;
        if (id !== undefined && (entry.r.get(id) ?? 0) > now) return { revoked: true };
        return { revoked: false, generation: entry.g };
      });
    },

    async revoke(session, now) {
      const { sessionId, userId, expiresAt } = session;
      if (sessionId === null || expiresAt <= now) return;
      if (userId === null) {
        await store.create(sessionKey(sessionId), { data: '1', expiresAt, userId: null }, now); // false: already revoked
        return;
      }
      await mutate(userId, now, (entry) => {
        entry.r.set(sessionId, expiresAt);
        return expiresAt;
      });
    },

    async generation(userId, now) {
      const record = await store.get(userKey(userId), now);
      if (record === null) return 0;
      const entry = parseEntry(record.data);
      return entry !== null ? entry.g : (await mutate(userId, now, () => now + absoluteMs)).g;
    },

    async raise(userId, now) {
      const entry = await mutate(userId, now, (e) => {
        e.g = Math.max(e.g + 1, now);
        e.r.clear(); // every revoked id carried a lower generation
        return now + absoluteMs;
      });
      return entry.g;
    },

    stamp(generation) {
      return { op: 'stamp', sessionId: generateToken(), generation };
    },
  };
}
