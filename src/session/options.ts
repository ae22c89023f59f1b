/**
 * Session manager options: the types users write, and their validation into a resolved,
 * fully defaulted form at start-up. Every mistake is a ConfigError naming the option and the fix.
 * @module
 */
import { ConfigError } from '../errors.ts';
import { DEFAULT_JSON_LIMITS, type JsonLimits } from './json-safety.ts';
import type { Keyring } from '../crypto/index.ts';
import { hasUserIndex, type SessionStore } from './store.ts';
import type { UserSessionsOptions } from './user-limit.ts';
import type { StandardSchemaV1 } from './standard-schema.ts';
import type { SessionEventHook } from './events.ts';
import { clearSiteDataHeader, type ClearSiteDataType } from './clear-site-data.ts';

/** Where the session lives. */
export type SessionMode = 'signed' | 'sealed' | 'server';

/**
 * Why a cookie sent by the browser did not give a session (SR-31, SR-48). `future`: an authentic
 * session stamped (created or last seen) more than `timeouts.clockSkewSeconds` ahead of the
 * manager's clock (SR-13): a server with a clock ahead of this one, or a payload made with the keys.
 */
export type InvalidCookieReason =
  | 'malformed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'future'
  | 'unknown-session'
  | 'ambiguous'
  | 'invalid-data'
  /** Cookie modes with `cookieMode.revocation`: the session was logged out or its user's sessions revoked (SR-16). */
  | 'revoked';

/** What `onInvalidCookie` receives. Never the cookie value itself (SR-47). */
export interface InvalidCookieEvent {
  reason: InvalidCookieReason;
  cookieName: string;
  /** For `invalid-data`: the schema's issue messages. */
  issues?: string[];
}

/** Session cookie attributes. Secure defaults per SR-21. */
export interface SessionCookieOptions {
  /**
   * Cookie name. Default `__Host-session` (with `secure`), `__Secure-session` (with `domain`),
   * `session` (with `secure: false`, for http://localhost only).
   */
  name?: string;
  /** Default true. Setting false is for local development over plain HTTP only. */
  secure?: boolean;
  /** Default 'Lax'. */
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** Default '/'. */
  path?: string;
  /** Default none (host-only cookie, SR-27). */
  domain?: string;
  /** CHIPS partitioned cookie. Default false. */
  partitioned?: boolean;
  /** Chromium's Priority attribute. Default none. */
  priority?: 'Low' | 'Medium' | 'High';
  /**
   * `Clear-Site-Data` sent by a commit of `destroy()` (logout, SR-20): false (default) or the
   * types to clear, e.g. `['cookies', 'cache']`, sent as `Clear-Site-Data: "cookies", "cache"`.
   * Warning: `'cookies'` makes the browser delete **every cookie of the site** (the registrable
   * domain: `example.com` and all its subdomains, other applications' cookies included), not only
   * the session's; `'storage'` clears the origin's localStorage and IndexedDB. Browsers honour it on
   * HTTPS responses only. The session cookie itself is cleared by `destroy()` either way.
   */
  clearSiteDataOnDestroy?: false | readonly ClearSiteDataType[];
}

/** Server-enforced lifetimes, in seconds (SR-9, SR-10). */
export interface SessionTimeouts {
  /** Session ends this long after creation (or after the last regenerate), whatever the activity. Default 7 days. */
  absoluteSeconds?: number;
  /** Session ends after this long without a request that reads it. Default off (null). */
  idleSeconds?: number | null;
  /** Activity is written at most once per this interval (store touch / cookie re-issue). Default 60. */
  touchIntervalSeconds?: number;
  /**
   * How far ahead of the manager's clock a session's creation or last-seen time may lie before the
   * session is refused as `future` (SR-13: servers' clocks differ a little). Exactly this much
   * ahead is accepted; one millisecond more is refused. Default 60; 0 tolerates no skew.
   */
  clockSkewSeconds?: number;
  /**
   * Server mode: a session whose id is older than this gets a new id at the next commit of a
   * request that reads it, data kept and absolute timeout unchanged (SR-14). Default off (null).
   */
  rotateSeconds?: number | null;
  /**
   * With `rotateSeconds`: how long the replaced id keeps reaching the session (reads and writes
   * land in the new entry), for requests in flight during the rotation. Default 60; shorter than `rotateSeconds`.
   */
  rotateGraceSeconds?: number;
}

/** Options of cookie modes. */
export interface CookieModeOptions {
  /** Deflate the payload when that makes the cookie shorter. Default true. */
  compress?: boolean;
  /**
   * How many verified cookies to remember, so a repeated cookie skips its MAC/AEAD check, and,
   * when every session value is a primitive, its decoding too (only authentic, unexpired tokens of
   * at most 4096 characters are kept; src/session/verified-cache.ts). Default 1000; 0 turns the
   * cache off.
   */
  verifiedCacheSize?: number;
  /**
   * Over the 4096-byte limit, split into at most this many cookies (`name`, `name.1`, ...).
   * Default 3. `1` turns chunking off: a session that does not fit throws CookieTooLargeError at commit.
   */
  maxChunks?: number;
  /**
   * Off by default. Makes logout and "log out everywhere" final for sessions in the cookie (SR-16):
   * `destroy()` revokes the cookie's id and `revokeSessions(userId)` every earlier cookie of the
   * user, in `store` (any session store; keys in their own namespace, so a server-mode or spill
   * store can be shared). Costs one store `get` when a cookie that carries an id or a user is
   * loaded (two for a spilled session), and store writes on logout, login (a change of bound
   * user) and regenerate; commits are then always asynchronous. The store must not evict live
   * entries (an evicted revocation is forgotten): not a full memory store, not Redis under an
   * `allkeys-*` eviction policy. See src/session/cookie-revocation.ts.
   */
  revocation?: { store: SessionStore };
}

/**
 * Spill (cookie modes): a session whose payload outgrows `maxCookieBytes` moves into `store`
 * and the cookie carries only a reference; it moves back when it fits again.
 */
export interface SpillOptions {
  store: SessionStore;
  /** Largest payload kept in the cookie, in characters before signing or sealing. Default 2048. */
  maxCookieBytes?: number;
}

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions<Data> {
  /** 'server' (default when a store is given), 'sealed' (default otherwise) or 'signed'. */
  mode?: SessionMode;
  /**
   * The keyring (tessera/crypto) for cookie modes; not used in server mode. A node:crypto
   * keyring keeps the request path synchronous; a Web Crypto one works on edge runtimes.
   */
  keys?: Keyring;
  /** Where server-mode sessions live. */
  store?: SessionStore;
  cookie?: SessionCookieOptions;
  /**
   * SR-46: by default a commit that would set the `Secure` session cookie on a request the adapter
   * saw arrive over plain HTTP (to a host other than `localhost`, `*.localhost`, `127.0.0.0/8`,
   * `[::1]`) throws InsecureTransportError and writes nothing. `true` turns that refusal off,
   * e.g. for a test client over plain HTTP; browsers drop `Secure` cookies set over plain HTTP, so
   * for development in a browser use `cookie: { secure: false }` instead (never refused). Default false.
   */
  allowInsecureTransport?: boolean;
  timeouts?: SessionTimeouts;
  cookieMode?: CookieModeOptions;
  /** Off by default. Cookie modes only: move sessions that outgrow the cookie into a store. */
  spill?: SpillOptions;
  /** Standard Schema (zod, valibot, arktype ...) validating loaded data; data that fails gives a fresh session. */
  schema?: StandardSchemaV1<unknown, Data>;
  /** Bounds on session data (SR-40). */
  limits?: Partial<JsonLimits>;
  /**
   * Compare-and-swap attempts before SessionConflictError, with a random back-off of at most
   * 50 ms between them. Default 128: enough for a burst of 100 parallel writes to one session
   * on every store (docs/reliability.md, lost updates), where 16 let Postgres refuse most of them.
   */
  commitAttempts?: number;
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** Told why a cookie sent by the browser gave no session. */
  onInvalidCookie?: (event: InvalidCookieEvent) => void;
  /**
   * Server mode with a store that has the per-user index: at most `max` live sessions per user,
   * applied when a commit binds a session to a user (SR-19; see `src/session/user-limit.ts`). Default off.
   */
  userSessions?: UserSessionsOptions;
  /**
   * Lifecycle events (SR-48): `created`, `regenerated`, `destroyed`, `expired`, `invalid-cookie`
   * (every `onInvalidCookie` report), `context-changed` (with `contextBinding`)... Called
   * synchronously; what it throws is swallowed. Events carry no cookie value or token (SR-47).
   */
  onEvent?: SessionEventHook;
  /**
   * Context binding as a signal (SR-49). Default false. When true, a new session records the
   * request's user agent and IP (the `RequestContext` the adapters pass to `load`) when its
   * cookie is first issued, and every later request presenting it with a different user agent or
   * IP is reported to `onEvent` as `context-changed`. Never refuses the session: user agents and
   * IPs change legitimately (mobile networks, browser updates) and are easily copied.
   * The context lives in the session state: in the store (server mode) or in the cookie. A
   * `signed` cookie is readable, so the recorded IP and user agent travel in clear text to the
   * client and to anything that logs cookies; use `sealed` or server mode to keep them private.
   * `bindUser` replaces the recorded context with the one it records.
   */
  contextBinding?: boolean;
}

/** Options after validation, every default filled in. */
export interface ResolvedOptions<Data> {
  mode: SessionMode;
  keys: Keyring | null;
  store: SessionStore | null;
  cookie: Required<Pick<SessionCookieOptions, 'name' | 'secure' | 'sameSite' | 'path'>> &
    Pick<SessionCookieOptions, 'domain' | 'partitioned' | 'priority'>;
  /** SR-46: true turns off the refusal of `Secure` cookies on plain HTTP. */
  allowInsecureTransport: boolean;
  absoluteMs: number;
  idleMs: number | null;
  touchIntervalMs: number;
  compress: boolean;
  maxChunks: number;
  verifiedCacheSize: number;
  spill: { store: SessionStore; maxCookieBytes: number } | null;
  /** Cookie-mode revocation (SR-16), or null when off. */
  revocation: { store: SessionStore } | null;
  schema: StandardSchemaV1<unknown, Data> | null;
  limits: JsonLimits;
  commitAttempts: number;
  now: () => number;
  onInvalidCookie: (event: InvalidCookieEvent) => void;
  /** The rotation interval (SR-14), or null when off. */
  rotateMs: number | null;
  /** The grace window of a rotated id. */
  rotateGraceMs: number;
  /** The per-user session limit (SR-19), or null when off. */
  userSessions: UserSessionsOptions | null;
  /** The lifecycle hook, or null: check before building an event (no allocation without a hook). */
  onEvent: SessionEventHook | null;
  contextBinding: boolean;
  clockSkewMs: number;
  /** The `Clear-Site-Data` value a destroy sends, or null. */
  clearSiteData: string | null;
}

const positiveInt = (option: string, v: unknown, hint: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new ConfigError(option, `must be a positive integer ${hint}, got ${String(v)}`);
  return v;
};

/** `cookieMode.revocation` (SR-16): cookie modes only, with an object carrying the store operations it uses. */
function resolveRevocation(mode: SessionMode, r: { store: SessionStore } | undefined): { store: SessionStore } | null {
  if (r === undefined) return null;
  if (mode === 'server') {
    throw new ConfigError('cookieMode.revocation', 'applies to cookie modes only; in server mode destroy() and revokeSessions() already end sessions in the store');
  }
  const store = typeof r === 'object' && r !== null ? (r.store as Partial<SessionStore> | null | undefined) : undefined;
  if (typeof store !== 'object' || store === null || !(['get', 'create', 'update', 'delete'] as const).every((op) => typeof store[op] === 'function')) {
    throw new ConfigError('cookieMode.revocation.store', 'revocation needs a session store, e.g. { cookieMode: { revocation: { store: createMemoryStore() } } } (a shared one, such as Redis, when several processes serve the site)');
  }
  return { store: r.store };
}

/** Validates `options` and fills in defaults. Throws ConfigError naming the option and the fix. */
export function resolveOptions<Data>(options: SessionManagerOptions<Data>): ResolvedOptions<Data> {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'pass an options object, e.g. { keys, mode: "sealed" } or { store }');
  const mode: SessionMode = options.mode ?? (options.store ? 'server' : 'sealed');
  if (mode !== 'signed' && mode !== 'sealed' && mode !== 'server') {
    throw new ConfigError('mode', `must be 'signed', 'sealed' or 'server', got ${String(mode)}`);
  }
  if (mode === 'server' && !options.store) {
    throw new ConfigError('store', "server mode needs a store, e.g. createMemoryStore() from 'tessera/stores/memory'");
  }
  if (mode !== 'server' && !options.keys) {
    throw new ConfigError('keys', `${mode} cookies need a keyring: createKeyring([{ secret: process.env.SESSION_SECRET }]) from 'tessera/crypto' (make a secret with \`npx tessera keygen\`)`);
  }

  const c = options.cookie ?? {};
  const secure = c.secure ?? true;
  const name = c.name ?? (c.domain !== undefined ? '__Secure-session' : secure ? '__Host-session' : 'session');
  const sameSite = c.sameSite ?? 'Lax';
  if (sameSite !== 'Strict' && sameSite !== 'Lax' && sameSite !== 'None') throw new ConfigError('cookie.sameSite', `must be 'Strict', 'Lax' or 'None', got ${String(sameSite)}`);
  const cookie: ResolvedOptions<Data>['cookie'] = { name, secure, sameSite, path: c.path ?? '/' };
  if (c.domain !== undefined) cookie.domain = c.domain;
  if (c.partitioned !== undefined) cookie.partitioned = c.partitioned;
  if (c.priority !== undefined) cookie.priority = c.priority;

  const t = options.timeouts ?? {};
  const absoluteSeconds = positiveInt('timeouts.absoluteSeconds', t.absoluteSeconds ?? 7 * 86_400, '(seconds; default 604800 = 7 days)');
  const idleSeconds = t.idleSeconds === undefined || t.idleSeconds === null ? null : positiveInt('timeouts.idleSeconds', t.idleSeconds, '(seconds) or null to turn the idle timeout off');
  const touchIntervalSeconds = positiveInt('timeouts.touchIntervalSeconds', t.touchIntervalSeconds ?? 60, '(seconds; default 60)');
  const clockSkewSeconds = t.clockSkewSeconds ?? 60;
  if (typeof clockSkewSeconds !== 'number' || !Number.isSafeInteger(clockSkewSeconds) || clockSkewSeconds < 0) {
    throw new ConfigError('timeouts.clockSkewSeconds', `must be a whole number of seconds, 0 or more (default 60), got ${String(clockSkewSeconds)}`);
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new ConfigError('onEvent', 'must be a function (event) => void');
  if (idleSeconds !== null && touchIntervalSeconds >= idleSeconds) {
    throw new ConfigError('timeouts.touchIntervalSeconds', `must be shorter than timeouts.idleSeconds (${idleSeconds}), or activity would not be recorded in time`);
  }
  const rotateSeconds = t.rotateSeconds === undefined || t.rotateSeconds === null ? null : positiveInt('timeouts.rotateSeconds', t.rotateSeconds, '(seconds) or null to turn rotation off');
  const rotateGraceSeconds = positiveInt('timeouts.rotateGraceSeconds', t.rotateGraceSeconds ?? 60, '(seconds; default 60)');
  if (rotateSeconds !== null && mode !== 'server') {
    throw new ConfigError('timeouts.rotateSeconds', 'rotating the session id needs server mode (pass a store); cookie modes have no id to rotate (retire keys instead, SR-37)');
  }
  if (rotateSeconds !== null && rotateGraceSeconds >= rotateSeconds) {
    throw new ConfigError('timeouts.rotateGraceSeconds', `must be shorter than timeouts.rotateSeconds (${rotateSeconds}), e.g. 60`);
  }
  const u = options.userSessions;
  if (u !== undefined && (mode !== 'server' || !hasUserIndex(options.store!))) {
    throw new ConfigError('userSessions', 'a per-user session limit needs server mode with a store that has the per-user index (listByUser and deleteByUser: memory, SQLite, Redis, Postgres)');
  }
  if (u !== undefined && u.policy !== 'evict-oldest' && u.policy !== 'reject') {
    throw new ConfigError('userSessions.policy', `must be 'evict-oldest' or 'reject', got ${String(u.policy)}`);
  }
  const userSessions: UserSessionsOptions | null = u === undefined ? null : { max: positiveInt('userSessions.max', u.max, '(live sessions per user)'), policy: u.policy };

  const m = options.cookieMode ?? {};
  const maxChunks = positiveInt('cookieMode.maxChunks', m.maxChunks ?? 3, '(1 turns chunking off; default 3)');
  if (maxChunks > 10) throw new ConfigError('cookieMode.maxChunks', 'at most 10: request headers over ~40 KB are refused by many servers; keep large sessions in a store');
  const revocation = resolveRevocation(mode, m.revocation);

  if (options.spill !== undefined && mode === 'server') {
    throw new ConfigError('spill', 'spill applies to cookie modes only; in server mode the whole session is already in the store');
  }
  if (options.spill !== undefined && (typeof options.spill.store !== 'object' || options.spill.store === null)) {
    throw new ConfigError('spill.store', 'spill needs a store, e.g. { spill: { store: createMemoryStore() } }');
  }
  const spill =
    options.spill === undefined
      ? null
      : { store: options.spill.store, maxCookieBytes: positiveInt('spill.maxCookieBytes', options.spill.maxCookieBytes ?? 2048, '(characters; default 2048)') };

  const limits: JsonLimits = { ...DEFAULT_JSON_LIMITS, ...options.limits };
  positiveInt('limits.maxDepth', limits.maxDepth, '');
  positiveInt('limits.maxNodes', limits.maxNodes, '');
  positiveInt('limits.maxLength', limits.maxLength, '');

  return {
    mode,
    keys: options.keys ?? null,
    store: options.store ?? null,
    cookie,
    allowInsecureTransport: options.allowInsecureTransport === true,
    absoluteMs: absoluteSeconds * 1000,
    idleMs: idleSeconds === null ? null : idleSeconds * 1000,
    touchIntervalMs: touchIntervalSeconds * 1000,
    compress: m.compress ?? true,
    maxChunks,
    revocation,
    verifiedCacheSize: m.verifiedCacheSize === 0 ? 0 : positiveInt('cookieMode.verifiedCacheSize', m.verifiedCacheSize ?? 1000, '(entries; 0 turns the cache off; default 1000)'),
    spill,
    schema: options.schema ?? null,
    limits,
    commitAttempts: positiveInt('commitAttempts', options.commitAttempts ?? 128, '(default 128)'),
    now: options.now ?? Date.now,
    onInvalidCookie: options.onInvalidCookie ?? (() => {}),
    rotateMs: rotateSeconds === null ? null : rotateSeconds * 1000,
    rotateGraceMs: rotateGraceSeconds * 1000,
    userSessions,
    onEvent: options.onEvent ?? null,
    contextBinding: options.contextBinding === true,
    clockSkewMs: clockSkewSeconds * 1000,
    clearSiteData: clearSiteDataHeader(c.clearSiteDataOnDestroy, 'cookie.clearSiteDataOnDestroy'),
  };
}
