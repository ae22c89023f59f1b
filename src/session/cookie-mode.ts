/**
 * Cookie modes: the whole session travels in the cookie, signed (readable, HMAC-SHA-256) or
 * sealed (AES-256-GCM), with its expiry inside the authenticated payload (SR-11).
 *
 * A token longer than one cookie can hold is split into chunks: `name` carries
 * `~<count>~<first part>`, `name.1` … `name.<count-1>` the rest. Chunks a shrinking session
 * no longer needs are cleared; past `maxChunks` the commit throws CookieTooLargeError rather
 * than emit a cookie the browser would silently drop.
 * @module
 */
import { CookieTooLargeError } from '../errors.ts';
import { getCookies } from '../cookie/get-cookie.ts';
import { seal, sign, unseal, verify, type VerifyResult } from '../crypto/index.ts';
import type { LoadedBase } from './session.ts';
import type { ResolvedOptions } from './options.ts';
import { applyOp, cloneState, decodeState, emptyState, encodeState, type SessionState } from './state.ts';
import { decompress, maybeCompress } from './payload-compression.ts';
import type { SessionCookieWriter } from './session-cookie.ts';
import { validateData, type LoadOutcome } from './validate-data.ts';
import { createSpill, type SpillRef } from './spill.ts';
import { createCookieRevocation, type RevocableSession } from './cookie-revocation.ts';
import { createVerifiedCache } from './verified-cache.ts';
import { endedBy, isStampedInFuture } from './lifetime-checks.ts';
import type { SessionOp } from './state.ts';

/** Most values of the session cookie name considered on one request (SR-30: several may be injected). */
const MAX_CANDIDATES = 4;
/** Browsers' limit on name plus value (RFC 6265bis §5.6 step 5, SR-25). */
const COOKIE_LIMIT = 4096;
/** Header bytes read when looking for the session cookie and its chunks. */
const READ_OPTIONS = { decode: false, maxHeaderLength: 64 * 1024, maxPairs: 1024 } as const;

/** What cookie mode remembers between load and commit. */
export interface CookieRef {
  /** The store entry of a spilled session, or null. */
  spill: SpillRef | null;
  /** The token accepted, or null. */
  token: string | null;
  /** The token verified under an old key: re-issue under the current one (SR-37). */
  stale: boolean;
  /** How many cookies (main + chunks) the request carried, so stale chunks can be cleared. */
  chunksSeen: number;
  /** Revocation on (SR-16): the session as loaded, whose id destroy, regenerate or a change of user revokes. */
  revocable?: RevocableSession;
  /** Revocation on: re-issue with a new id carrying this user generation (a cookie without an id; `except` of revokeSessions). */
  restamp?: { generation: number | null };
}

/** Splits a chunked session cookie's first value `~<n>~<part>` into count and part. */
function chunkHeader(value: string): { count: number; part: string } | null {
  if (value.charCodeAt(0) !== 126 /* ~ */) return null;
  const end = value.indexOf('~', 1);
  if (end < 2 || end > 3) return null;
  const count = Number(value.slice(1, end));
  if (!Number.isInteger(count) || count < 2) return null;
  return { count, part: value.slice(end + 1) };
}

/** Cookie-mode load and commit for one manager. */
export function createCookieMode<Data>(o: ResolvedOptions<Data>, writer: SessionCookieWriter) {
  const keys = o.keys!;
  const name = o.cookie.name;
  const spill = o.spill === null ? null : createSpill(o, o.spill.store, (state) => sessionExpiry(o, state));
  const revocation = o.revocation === null ? null : createCookieRevocation(o.revocation.store, name, o.absoluteMs);
  const verifyToken = (token: string, now: number): VerifyResult | Promise<VerifyResult> =>
    o.mode === 'sealed' ? unseal(keys, token, { purpose: name, now }) : verify(keys, token, { purpose: name, now });
  // Read-only requests repeat the same cookie: verified tokens are cached, within a bound.
  const cache = createVerifiedCache(o.verifiedCacheSize);
  const open = (token: string, now: number) => cache.open(token, now, verifyToken);

  /** Reassembles the candidate tokens the request carries (each main value plus its chunks). */
  const candidates = (header: string | null): { tokens: string[]; chunksSeen: number } => {
    const mains = getCookies(header, name, READ_OPTIONS).slice(0, MAX_CANDIDATES);
    let chunksSeen = mains.length > 0 ? 1 : 0;
    const tokens: string[] = [];
    for (const value of mains) {
      const chunked = chunkHeader(value);
      if (chunked === null) {
        tokens.push(value);
        continue;
      }
      let token = chunked.part;
      for (let i = 1; i < chunked.count && i < o.maxChunks; i++) {
        const part = getCookies(header, `${name}.${i}`, READ_OPTIONS);
        if (part.length !== 1) break; // missing or duplicated chunk: unusable
        token += part[0];
        chunksSeen = Math.max(chunksSeen, i + 1);
      }
      tokens.push(token);
    }
    return { tokens, chunksSeen };
  };

  /** The Set-Cookie lines carrying `token`: one cookie, or chunks; then clearing lines for stale chunks. */
  function write(ref: CookieRef, token: string, maxAgeSeconds: number | null): string[] {
    const lines: string[] = [];
    const room = COOKIE_LIMIT - name.length - 3; // the longest chunk name adds ".N"
    if (token.length + name.length <= COOKIE_LIMIT) {
      lines.push(writer.set(name, token, maxAgeSeconds));
    } else {
      const partSize = room - 4; // "~N~" header on the first chunk
      const count = Math.ceil(token.length / partSize);
      if (count > o.maxChunks) {
        throw new CookieTooLargeError(token.length + name.length, o.maxChunks === 1 ? COOKIE_LIMIT : o.maxChunks * partSize);
      }
      for (let i = 0; i < count; i++) {
        const part = token.slice(i * partSize, (i + 1) * partSize);
        lines.push(writer.set(i === 0 ? name : `${name}.${i}`, i === 0 ? `~${count}~${part}` : part, maxAgeSeconds));
      }
    }
    const written = Math.max(1, lines.length);
    for (let i = written; i < ref.chunksSeen; i++) lines.push(writer.clear(`${name}.${i}`));
    return lines;
  }

  /** Clearing lines for the cookie and every chunk the request carried. */
  const clearAll = (ref: CookieRef): string[] => {
    const lines: string[] = [];
    for (let i = 0; i < Math.max(1, ref.chunksSeen); i++) lines.push(writer.clear(i === 0 ? name : `${name}.${i}`));
    return lines;
  };

  /** Signs or seals `payload` and returns the lines carrying it. */
  const issue = (ref: CookieRef, state: SessionState, payload: string, now: number): string[] | Promise<string[]> => {
    const expiresAt = sessionExpiry(o, state);
    const token = o.mode === 'sealed' ? seal(keys, payload, { purpose: name, expiresAt }) : sign(keys, payload, { purpose: name, expiresAt });
    const maxAgeSeconds = state.persistUntil === null ? null : Math.max(1, Math.ceil((Math.min(state.persistUntil, expiresAt) - now) / 1000));
    return token instanceof Promise ? token.then((t) => write(ref, t, maxAgeSeconds)) : write(ref, token, maxAgeSeconds);
  };

  const fresh = (ref: CookieRef, now: number, reason: LoadOutcome<CookieRef>['reason']): LoadOutcome<CookieRef> => ({
    base: { state: emptyState(now), isNew: true, expiresAt: now + o.absoluteMs },
    ref,
    reason,
  });

  /**
   * An `expired` outcome for a token the keyring refused as expired, explained (which timeout,
   * whose session) by opening it again with the clock at 0. It was authentic, so reading it is
   * safe (SR-32); costs one more MAC or AEAD check per expired cookie, and only with a hook. A
   * spilled session's cookie holds no state: left unexplained.
   */
  const explainExpiry = (token: string, ref: CookieRef, now: number): LoadOutcome<CookieRef> | Promise<LoadOutcome<CookieRef>> => {
    const outcome = fresh(ref, now, 'expired');
    const explain = (result: VerifyResult): LoadOutcome<CookieRef> => {
      const json = result.ok ? decompress(result.value, o.limits.maxLength) : null;
      if (json === null || (spill !== null && spill.reference(json) !== null)) return outcome;
      const decoded = decodeState(json, o.limits);
      if (decoded.ok) outcome.ended = { timeout: endedBy(o, decoded.state, now), userId: decoded.state.userId };
      return outcome;
    };
    const reopened = verifyToken(token, 0);
    return reopened instanceof Promise ? reopened.then(explain) : explain(reopened);
  };

  /**
   * Revocation on (SR-16): refuses a revoked cookie (one store `get`; none for a cookie with neither
   * id nor user), remembers what destroy, regenerate or a new user must revoke, and has a cookie
   * without an id re-issued with one. A refused spilled session's entry is not reused.
   */
  const checkRevocation = (state: SessionState, ref: CookieRef, now: number, accepted: { token: string; stale: boolean; expiresAt: number }) => {
    const checked = revocation!.check(state, now);
    const keep = (generation: number | null): LoadOutcome<CookieRef> => {
      ref.token = accepted.token;
      ref.stale = accepted.stale;
      ref.revocable = { sessionId: state.sessionId ?? null, userId: state.userId, expiresAt: state.createdAt + o.absoluteMs };
      if (state.sessionId === undefined) ref.restamp = { generation };
      return { base: { state, isNew: false, expiresAt: accepted.expiresAt }, ref, reason: null };
    };
    if (checked === null) return keep(null);
    return checked.then((c) => {
      if (!c.revoked) return keep(c.generation);
      ref.spill = null;
      return fresh(ref, now, 'revoked');
    });
  };

  /** Picks the one authentic candidate (SR-30), decodes it and checks its lifetime. */
  const accept = (tokens: string[], results: VerifyResult[], ref: CookieRef, now: number): LoadOutcome<CookieRef> | Promise<LoadOutcome<CookieRef>> => {
    if (tokens.length === 0) return fresh(ref, now, null);
    let accepted: { token: string; result: Extract<VerifyResult, { ok: true }> } | null = null;
    let failure: VerifyResult & { ok: false } = { ok: false, reason: 'malformed' };
    let expiredToken: string | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const result = results[i]!;
      if (!result.ok) {
        failure = result;
        if (result.reason === 'expired') expiredToken = tokens[i]!;
        continue;
      }
      // Two different authentic sessions in one request: trust neither (SR-30).
      if (accepted !== null && accepted.token !== tokens[i]) return fresh(ref, now, 'ambiguous');
      accepted = { token: tokens[i]!, result };
    }
    if (accepted === null) {
      // Only with a hook: say which timeout ended an expired session (SR-48).
      if (failure.reason === 'expired' && expiredToken !== null && o.onEvent !== null) return explainExpiry(expiredToken, ref, now);
      return fresh(ref, now, failure.reason);
    }
    const finish = (state: SessionState): LoadOutcome<CookieRef> | Promise<LoadOutcome<CookieRef>> => {
      if (isStampedInFuture(o, state, now)) return fresh(ref, now, 'future'); // SR-13
      const expiresAt = sessionExpiry(o, state);
      if (expiresAt <= now) {
        const outcome = fresh(ref, now, 'expired');
        if (o.onEvent !== null) outcome.ended = { timeout: endedBy(o, state, now), userId: state.userId };
        return outcome;
      }
      if (revocation !== null) return checkRevocation(state, ref, now, { token: accepted.token, stale: accepted.result.stale, expiresAt });
      ref.token = accepted.token;
      ref.stale = accepted.result.stale;
      return { base: { state, isNew: false, expiresAt }, ref, reason: null };
    };
    // Decoded before from this very token, and shareable (verified-cache.ts): only the time checks remain.
    const known = cache.decoded(accepted.result);
    if (known !== null) return finish(known);
    const json = decompress(accepted.result.value, o.limits.maxLength);
    const spilled = json === null || spill === null ? null : spill.reference(json);
    if (spilled !== null) {
      return spill!.load(spilled, now).then((found) => {
        if (found === null) return fresh(ref, now, 'unknown-session');
        ref.spill = found.ref;
        return finish(found.state);
      });
    }
    const decoded = json === null ? null : decodeState(json, o.limits);
    if (decoded === null || !decoded.ok) return fresh(ref, now, 'malformed');
    cache.keepDecoded(accepted.result, decoded.state);
    return finish(decoded.state);
  };

  const plain = {
    /** Verifies the candidates; synchronous for a node:crypto keyring, a promise for a Web Crypto one. */
    load(header: string | null): LoadOutcome<CookieRef> | Promise<LoadOutcome<CookieRef>> {
      const now = o.now();
      const { tokens, chunksSeen } = candidates(header);
      const ref: CookieRef = { spill: null, token: null, stale: false, chunksSeen };
      const results = tokens.map((token) => open(token, now));
      const decide = (settled: VerifyResult[]) => accept(tokens, settled, ref, now);
      return results.some((r) => r instanceof Promise) ? Promise.all(results).then(decide) : decide(results as VerifyResult[]);
    },

    validate(outcome: LoadOutcome<CookieRef>) {
      return validateData(o, outcome);
    },

    /**
     * Set-Cookie lines for the commit. `state` is null for destroy. `changed` says whether the
     * session must be re-issued (a write, regenerate, stale key or activity to record).
     */
    commit(ref: CookieRef, state: SessionState | null, changed: boolean, ops: readonly SessionOp[], renew: boolean): string[] | Promise<string[]> {
      if (state === null) {
        const lines = clearAll(ref);
        return ref.spill === null ? lines : spill!.remove(ref.spill).then(() => lines);
      }
      if (!changed && !ref.stale) return [];
      const now = o.now();
      const json = encodeState(state);
      const inline = o.compress ? maybeCompress(json) : json;
      if (spill === null || (inline.length <= o.spill!.maxCookieBytes && ref.spill === null)) return issue(ref, state, inline, now);
      // Spill: a payload over the limit lives in the store; one that fits again comes back to the cookie.
      if (inline.length <= o.spill!.maxCookieBytes) return spill.remove(ref.spill).then(() => issue(ref, state, inline, now));
      return spill.save(ref.spill, state, ops, renew, now).then((reference) => (reference === null ? clearAll(ref) : issue(ref, state, reference, now)));
    },
  };
  /**
   * Revocation on: raises `userId`'s generation, so every earlier cookie of the user is refused
   * (SR-16); `keep` (a session of the request, loaded before) is re-issued with the new generation.
   */
  const revokeUser = async (userId: string, keep: { ref: CookieRef; userId: string | null } | null): Promise<void> => {
    if (revocation === null) throw new Error('tessera: cookie-mode revocation is off (please report this)');
    const generation = await revocation.raise(userId, o.now());
    if (keep !== null && keep.userId === userId) keep.ref.restamp = { generation };
  };
  if (revocation === null) return { ...plain, revocable: false, revokeUser };

  /**
   * `commit` with revocation on (SR-16), always asynchronous: destroy revokes the loaded id first;
   * regenerate or a change of bound user revokes it and stamps a new id with the user's current
   * generation (one `get` when bound); a cookie without an id, or `except` of revokeSessions, is
   * re-issued with a stamp. Rejects with StoreError when the store fails (logout is never silently lost).
   */
  const commit = async (ref: CookieRef, state: SessionState | null, changed: boolean, ops: readonly SessionOp[], renew: boolean): Promise<string[]> => {
    const now = o.now();
    const loaded = ref.revocable ?? null;
    if (state === null) {
      if (loaded !== null) await revocation.revoke(loaded, now);
      return plain.commit(ref, null, changed, ops, renew);
    }
    if (!changed && !ref.stale && ref.restamp === undefined) return [];
    const userChanged = (loaded === null ? null : loaded.userId) !== state.userId;
    const renamed = renew || (loaded !== null && userChanged);
    if (!renamed && state.sessionId !== undefined && ref.restamp === undefined) return plain.commit(ref, state, changed, ops, renew);
    if (renamed && loaded !== null) await revocation.revoke(loaded, now);
    const known = ref.restamp !== undefined && !userChanged ? ref.restamp.generation : null;
    const generation = state.userId === null ? null : (known ?? (await revocation.generation(state.userId, now)));
    const stamp = revocation.stamp(generation);
    const stamped = cloneState(state); // the loaded state may be shared by other requests (verified-cache.ts)
    applyOp(stamped, stamp);
    return plain.commit(ref, stamped, true, [...ops, stamp], renew);
  };

  return { ...plain, commit, revocable: true, revokeUser };
}

/** When a session in `state` ends: the absolute deadline, or earlier when idle (SR-9, SR-10). Epoch ms. */
export function sessionExpiry<Data>(o: ResolvedOptions<Data>, state: SessionState): number {
  const absolute = state.createdAt + o.absoluteMs;
  return o.idleMs === null ? absolute : Math.min(absolute, state.lastSeenAt + o.idleMs);
}

export type { LoadedBase };
