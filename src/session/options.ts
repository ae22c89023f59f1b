/**
 * Session manager options: the types users write, and their validation into a resolved,
 * fully defaulted form at start-up. Every mistake is a ConfigError naming the option and the fix.
 * @module
 */
import { ConfigError } from '../errors.ts';
import { DEFAULT_JSON_LIMITS, type JsonLimits } from './json-safety.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SessionStore } from './store.ts';
import type { StandardSchemaV1 } from './standard-schema.ts';

/** Where the session lives. */
export type SessionMode = 'signed' | 'sealed' | 'server';

/** Why a cookie sent by the browser did not give a session (SR-31, SR-48). */
export type InvalidCookieReason =
  | 'malformed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'unknown-session'
  | 'ambiguous'
  | 'invalid-data';

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
}

/** Server-enforced lifetimes, in seconds (SR-9, SR-10). */
export interface SessionTimeouts {
  /** Session ends this long after creation (or after the last regenerate), whatever the activity. Default 7 days. */
  absoluteSeconds?: number;
  /** Session ends after this long without a request that reads it. Default off (null). */
  idleSeconds?: number | null;
  /** Activity is written at most once per this interval (store touch / cookie re-issue). Default 60. */
  touchIntervalSeconds?: number;
}

/** Options of cookie modes. */
export interface CookieModeOptions {
  /** Deflate the payload when that makes the cookie shorter. Default true. */
  compress?: boolean;
  /**
   * How many verified cookies to remember, so a repeated cookie skips its MAC/AEAD check
   * (only authentic, unexpired tokens are kept). Default 1000; 0 turns the cache off.
   */
  verifiedCacheSize?: number;
  /**
   * Over the 4096-byte limit, split into at most this many cookies (`name`, `name.1`, ...).
   * Default 3. `1` turns chunking off: a session that does not fit throws CookieTooLargeError at commit.
   */
  maxChunks?: number;
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
}

/** Options after validation, every default filled in. */
export interface ResolvedOptions<Data> {
  mode: SessionMode;
  keys: Keyring | null;
  store: SessionStore | null;
  cookie: Required<Pick<SessionCookieOptions, 'name' | 'secure' | 'sameSite' | 'path'>> &
    Pick<SessionCookieOptions, 'domain' | 'partitioned' | 'priority'>;
  absoluteMs: number;
  idleMs: number | null;
  touchIntervalMs: number;
  compress: boolean;
  maxChunks: number;
  verifiedCacheSize: number;
  spill: { store: SessionStore; maxCookieBytes: number } | null;
  schema: StandardSchemaV1<unknown, Data> | null;
  limits: JsonLimits;
  commitAttempts: number;
  now: () => number;
  onInvalidCookie: (event: InvalidCookieEvent) => void;
}

const positiveInt = (option: string, v: unknown, hint: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new ConfigError(option, `must be a positive integer ${hint}, got ${String(v)}`);
  return v;
};

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
  if (idleSeconds !== null && touchIntervalSeconds >= idleSeconds) {
    throw new ConfigError('timeouts.touchIntervalSeconds', `must be shorter than timeouts.idleSeconds (${idleSeconds}), or activity would not be recorded in time`);
  }

  const m = options.cookieMode ?? {};
  const maxChunks = positiveInt('cookieMode.maxChunks', m.maxChunks ?? 3, '(1 turns chunking off; default 3)');
  if (maxChunks > 10) throw new ConfigError('cookieMode.maxChunks', 'at most 10: request headers over ~40 KB are refused by many servers; keep large sessions in a store');

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
    absoluteMs: absoluteSeconds * 1000,
    idleMs: idleSeconds === null ? null : idleSeconds * 1000,
    touchIntervalMs: touchIntervalSeconds * 1000,
    compress: m.compress ?? true,
    maxChunks,
    verifiedCacheSize: m.verifiedCacheSize === 0 ? 0 : positiveInt('cookieMode.verifiedCacheSize', m.verifiedCacheSize ?? 1000, '(entries; 0 turns the cache off; default 1000)'),
    spill,
    schema: options.schema ?? null,
    limits,
    commitAttempts: positiveInt('commitAttempts', options.commitAttempts ?? 128, '(default 128)'),
    now: options.now ?? Date.now,
    onInvalidCookie: options.onInvalidCookie ?? (() => {}),
  };
}
