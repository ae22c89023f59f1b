/**
 * The session's state, its wire encoding, and the change log replayed on commit.
 *
 * A handler's changes are recorded as operations, not as a final snapshot, so that when a
 * compare-and-swap meets a newer version the manager can re-read and replay them: two
 * requests that set different keys both keep them.
 * @module
 */
import { isWellFormedToken } from '../crypto/tokens.ts';
import { parseBoundedJson, type JsonLimits } from './json-safety.ts';

/** Context recorded when a session is bound to a user, shown by "active devices". */
export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

/** Everything a session holds. Times are epoch milliseconds. */
export interface SessionState {
  /**
   * The application's data. Read only through own-property checks, and written only on a
   * null-prototype copy, so keys never collide with Object.prototype (SR-29).
   */
  data: Record<string, unknown>;
  /** Flash values waiting to be read once. */
  flash: Record<string, unknown>;
  /** When the session (or its current authenticated period, after regenerate) began. */
  createdAt: number;
  /** Last request that wrote the session. */
  lastSeenAt: number;
  /**
   * When the session's current id was issued, when that differs from `createdAt` (a rotation by
   * `timeouts.rotateSeconds`, or `regenerate({ keepLifetime: true })`). Absent: since `createdAt`
   * (SR-14). Never moves the absolute deadline, which counts from `createdAt` (SR-10).
   */
  issuedAt?: number;
  /** The user bound by `bindUser`, or null. */
  userId: string | null;
  meta: SessionMeta | null;
  /** Until when the cookie is persistent ("remember me"), or null for a browser-session cookie. */
  persistUntil: number | null;
  /** Per-session secret for CSRF tokens; rotated on regenerate. Null until first needed. */
  csrfSecret: string | null;
  /**
   * Cookie modes with revocation on (SR-16): the session's random id (a 43-character token),
   * minted when the session is first issued and again on regenerate or when the bound user
   * changes; `destroy()` revokes it. Absent with revocation off, in server mode, and in cookies
   * issued before revocation was turned on (see src/session/cookie-revocation.ts).
   */
  sessionId?: string;
  /**
   * Cookie modes with revocation on (SR-16): the bound user's revocation generation when this id
   * was issued; `revokeSessions(userId)` raises the user's generation, refusing every cookie
   * carrying a lower one. Absent for an unbound session (and read as 0 in a cookie without an id).
   */
  generation?: number;
}

/** One recorded change. */
export type SessionOp =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'unset'; key: string }
  | { op: 'clear' }
  | { op: 'flash'; key: string; value: unknown }
  | { op: 'take-flash'; key: string }
  | { op: 'bind-user'; userId: string | null; meta: SessionMeta | null }
  | { op: 'persist'; until: number | null }
  | { op: 'csrf'; secret: string | null }
  /** Cookie-mode revocation (SR-16): the id and user generation a re-issued cookie carries. */
  | { op: 'stamp'; sessionId: string; generation: number | null };

/** A fresh, empty state created at `now`. */
export function emptyState(now: number): SessionState {
  return {
    data: Object.create(null) as Record<string, unknown>,
    flash: Object.create(null) as Record<string, unknown>,
    createdAt: now,
    lastSeenAt: now,
    userId: null,
    meta: null,
    persistUntil: null,
    csrfSecret: null,
  };
}

const copyRecord = (r: Record<string, unknown>) => Object.assign(Object.create(null) as Record<string, unknown>, r);

/** A copy of `state` whose data and flash records can be changed without touching the original. */
export function cloneState(state: SessionState): SessionState {
  return { ...state, data: copyRecord(state.data), flash: copyRecord(state.flash) };
}

/** Applies `op` to `state` in place. */
export function applyOp(state: SessionState, op: SessionOp): void {
  switch (op.op) {
    case 'set':
      state.data[op.key] = op.value;
      return;
    case 'unset':
      delete state.data[op.key];
      return;
    case 'clear':
      state.data = Object.create(null) as Record<string, unknown>;
      return;
    case 'flash':
      state.flash[op.key] = op.value;
      return;
    case 'take-flash':
      delete state.flash[op.key];
      return;
    case 'bind-user':
      state.userId = op.userId;
      state.meta = op.meta;
      return;
    case 'persist':
      state.persistUntil = op.until;
      return;
    case 'csrf':
      state.csrfSecret = op.secret;
      return;
    case 'stamp':
      state.sessionId = op.sessionId;
      if (op.generation === null) delete state.generation;
      else state.generation = op.generation;
      return;
  }
}

/** Encoding version tag; a payload with another `v` is refused. */
const FORMAT_VERSION = 1;

/** Encodes `state` as compact JSON. Values were checked JSON-safe when set. */
export function encodeState(state: SessionState): string {
  // Written field by field (times are safe integers, so String() is their JSON): the same text
  // JSON.stringify gives for the object {v, c, a, d, f?, u?, ...}, without building that object.
  let json = `{"v":${FORMAT_VERSION},"c":${state.createdAt},"a":${state.lastSeenAt},"d":${JSON.stringify(state.data)}`;
  if (hasKeys(state.flash)) json += `,"f":${JSON.stringify(state.flash)}`;
  if (state.userId !== null) json += `,"u":${JSON.stringify(state.userId)}`;
  if (state.meta !== null) json += `,"m":${JSON.stringify(state.meta)}`;
  if (state.persistUntil !== null) json += `,"p":${state.persistUntil}`;
  if (state.csrfSecret !== null) json += `,"k":${JSON.stringify(state.csrfSecret)}`;
  if (state.sessionId !== undefined) json += `,"s":${JSON.stringify(state.sessionId)}`;
  if (state.generation !== undefined) json += `,"g":${state.generation}`;
  if (state.issuedAt !== undefined) json += `,"i":${state.issuedAt}`;
  return json + '}';
}

/** Whether `record` has an own enumerable key (without building the key list). */
function hasKeys(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** Why a stored or cookie payload could not be decoded. */
export type DecodeRefusal = 'malformed';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Decodes what {@link encodeState} produced. Never throws: anything that is not a well-formed
 * version-1 payload within `limits` is `{ ok: false, reason: 'malformed' }`. Exported from
 * `tessera/session` as `decodeStoredSession`, for tools that read a store directly (the CLI).
 */
export function decodeState(raw: string, limits: JsonLimits): { ok: true; state: SessionState } | { ok: false; reason: DecodeRefusal } {
  const parsed = parseBoundedJson(raw, limits);
  if (!parsed.ok) return { ok: false, reason: 'malformed' };
  const w = parsed.value;
  if (!isRecord(w) || w.v !== FORMAT_VERSION || !isTime(w.c) || !isTime(w.a) || !isRecord(w.d)) return { ok: false, reason: 'malformed' };
  if (w.f !== undefined && !isRecord(w.f)) return { ok: false, reason: 'malformed' };
  if (w.u !== undefined && typeof w.u !== 'string') return { ok: false, reason: 'malformed' };
  if (w.m !== undefined && !isRecord(w.m)) return { ok: false, reason: 'malformed' };
  if (w.p !== undefined && !isTime(w.p)) return { ok: false, reason: 'malformed' };
  if (w.k !== undefined && typeof w.k !== 'string') return { ok: false, reason: 'malformed' };
  if (w.s !== undefined && !isWellFormedToken(w.s)) return { ok: false, reason: 'malformed' };
  if (w.g !== undefined && !isTime(w.g)) return { ok: false, reason: 'malformed' };
  if (w.i !== undefined && !isTime(w.i)) return { ok: false, reason: 'malformed' };
  const meta = w.m === undefined ? null : pickMeta(w.m);
  const state: SessionState = {
    // As parsed: read through own-property checks, copied onto a null prototype on the first write (cloneState).
    data: w.d,
    flash: w.f === undefined ? (Object.create(null) as Record<string, unknown>) : w.f,
    createdAt: w.c,
    lastSeenAt: w.a,
    userId: w.u ?? null,
    meta,
    persistUntil: w.p ?? null,
    csrfSecret: w.k ?? null,
  };
  if (w.i !== undefined) state.issuedAt = w.i;
  if (w.s !== undefined) state.sessionId = w.s;
  if (w.g !== undefined) state.generation = w.g;
  return { ok: true, state };
}

function pickMeta(m: Record<string, unknown>): SessionMeta {
  const meta: SessionMeta = {};
  if (typeof m.userAgent === 'string') meta.userAgent = m.userAgent;
  if (typeof m.ip === 'string') meta.ip = m.ip;
  return meta;
}
