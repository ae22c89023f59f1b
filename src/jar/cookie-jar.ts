/**
 * `createCookieJar`: the RFC 6265bis user agent, composing the Set-Cookie parser (§5.6),
 * the storage model (§5.7) and the retrieval model (§5.8) over an in-memory store.
 * @module
 */

import { ConfigError } from '../errors.ts';
import { MAX_LIFETIME_SECONDS } from '../cookie/limits.ts';
import { parseSetCookie } from '../cookie/parse-set-cookie.ts';
import { createCookieStore, type StoreEntry } from './cookie-store.ts';
import { isPublicSuffix as pslIsPublicSuffix } from './public-suffix.ts';
import { toRequestTarget } from './request-target.ts';
import { selectCookies, serializeCookieList } from './retrieval-model.ts';
import { readSnapshot } from './snapshot.ts';
import { buildCookieRecord, checkSameSiteAndPrefixes, type StoragePolicy } from './storage-model.ts';
import type {
  CookieJar,
  CookieJarOptions,
  CookieRequestContext,
  ResponseHeaders,
  SetCookieOutcome,
  StoredCookie,
} from './types.ts';

/** Default cookies per domain: Chromium's limit (RFC 6265bis asks for at least 50). */
const DEFAULT_MAX_PER_DOMAIN = 180;
/** Default total cookies (RFC 6265bis asks for at least 3000). */
const DEFAULT_MAX_TOTAL = 3000;
/** RFC 6265bis §5.5 "Cookie Lifetime Limits": no more than 400 days. */
const DEFAULT_AGE_LIMIT_SECONDS = MAX_LIFETIME_SECONDS;

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(option, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function checkOptions(options: CookieJarOptions): void {
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new ConfigError('now', 'must be a function returning epoch milliseconds, e.g. () => Date.now()');
  }
  if (options.isPublicSuffix !== undefined && typeof options.isPublicSuffix !== 'function') {
    throw new ConfigError('isPublicSuffix', 'must be a function (domain) => boolean; pass () => false to disable the check');
  }
  if (options.defaultSameSite !== undefined && options.defaultSameSite !== 'Lax' && options.defaultSameSite !== 'None') {
    throw new ConfigError('defaultSameSite', `must be 'Lax' or 'None', got ${String(options.defaultSameSite)}`);
  }
  if (options.profile !== undefined && options.profile !== 'rfc6265bis' && options.profile !== 'rfc6265') {
    throw new ConfigError('profile', `must be 'rfc6265bis' or 'rfc6265', got ${String(options.profile)}`);
  }
}

/** A copy without the store's counters, so callers cannot reach into the store. */
function publicCopy(entry: StoreEntry): StoredCookie {
  const { seq: _seq, tick: _tick, ...cookie } = entry;
  return cookie;
}

/** The Set-Cookie field values of a response's headers, in order. */
function setCookieFields(headers: ResponseHeaders): string[] {
  if (typeof headers.get === 'function') {
    const fetchHeaders = headers as { get(name: string): string | null; getSetCookie?: () => string[] };
    if (typeof fetchHeaders.getSetCookie === 'function') return fetchHeaders.getSetCookie();
    const combined = fetchHeaders.get('set-cookie');
    return combined === null ? [] : [combined];
  }
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== 'set-cookie') continue;
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') out.push(item);
  }
  return out;
}

/**
 * Creates an empty RFC 6265bis cookie jar. See {@link CookieJar} for the methods and
 * {@link CookieJarOptions} for the settings.
 * @throws ConfigError when an option has the wrong type or range (a limit that is not a
 *   positive integer, an unknown profile, ...). Nothing else throws.
 */
export function createCookieJar(options: CookieJarOptions = {}): CookieJar {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const maxPerDomain = positiveInteger('maxCookiesPerDomain', options.maxCookiesPerDomain, DEFAULT_MAX_PER_DOMAIN);
  const maxTotal = positiveInteger('maxCookies', options.maxCookies, DEFAULT_MAX_TOTAL);
  const ageLimitSeconds = positiveInteger('cookieAgeLimitSeconds', options.cookieAgeLimitSeconds, DEFAULT_AGE_LIMIT_SECONDS);
  const isPublicSuffix = options.isPublicSuffix ?? pslIsPublicSuffix;
  const defaultSameSite = options.defaultSameSite ?? 'Lax';
  const trustLocalhost = options.trustLocalhost ?? true;
  const profile = options.profile ?? 'rfc6265bis';
  const store = createCookieStore();

  function policyAt(time: number): StoragePolicy {
    return { now: time, ageLimitMs: ageLimitSeconds * 1000, isPublicSuffix, defaultSameSite };
  }

  function trySetCookie(line: string, url: string | URL, context: CookieRequestContext = {}): SetCookieOutcome {
    const target = toRequestTarget(url, trustLocalhost);
    if (target === null) return { stored: false, reason: 'invalid-url' };
    // §5.6: parse; null means the line is ignored entirely (§5.7 steps 2-4).
    const parsed = parseSetCookie(line, { profile });
    if (parsed === null) return { stored: false, reason: 'invalid-syntax' };

    const api = context.api ?? 'http';
    const policy = policyAt(now());
    // §5.7 steps 5-15.
    const built = buildCookieRecord(parsed, target, api, policy);
    if ('reason' in built) return { stored: false, reason: built.reason };
    const cookie = built.cookie;

    // §5.7 step 16 ("leave secure cookies alone"): from a non-secure origin, a cookie may
    // not shadow a Secure cookie of the same name, which would let a network attacker
    // overwrite or fixate what https pages rely on.
    if (!cookie.secure && !target.secure && store.hasSecureOverlay(cookie, policy.now)) {
      return { stored: false, reason: 'overlays-secure-cookie' };
    }
    // §5.7 steps 17-22.
    const rejected = checkSameSiteAndPrefixes(cookie, parsed.path !== undefined, context, policy);
    if (rejected !== null) return { stored: false, reason: rejected };

    // §5.7 step 23: replacing a cookie keeps its creation time (and so its place in the
    // Cookie header); scripts cannot replace an HttpOnly cookie.
    const old = store.findSame(cookie, policy.now);
    let seq = store.nextCounter();
    if (old !== undefined) {
      if (api === 'non-http' && old.httpOnly) return { stored: false, reason: 'overwrites-http-only' };
      cookie.createdAt = old.createdAt;
      seq = old.seq;
      store.remove(old);
    }
    // An expired cookie is inserted and evicted at once (§5.7 step 24 and eviction):
    // its only effect is the removal above.
    if (cookie.expiresAt !== null && cookie.expiresAt <= policy.now) return { stored: false, reason: 'expired' };

    const entry: StoreEntry = { ...cookie, seq, tick: store.nextCounter() };
    store.insert(entry); // §5.7 step 24
    store.evict(entry.domain, policy.now, maxPerDomain, maxTotal);
    return { stored: true, cookie: publicCopy(entry) };
  }

  function getEntries(url: string | URL, context: CookieRequestContext = {}): StoreEntry[] {
    const target = toRequestTarget(url, trustLocalhost);
    if (target === null) return [];
    return selectCookies(store, target, context, defaultSameSite, now());
  }

  const jar: CookieJar = {
    trySetCookie,
    setCookie: (line, url, context) => trySetCookie(line, url, context).stored,
    setCookies(lines, url, context) {
      let stored = 0;
      for (const line of lines) if (trySetCookie(line, url, context).stored) stored++;
      return stored;
    },
    storeResponseHeaders: (url, headers, context) => jar.setCookies(setCookieFields(headers), url, context),
    getCookies: (url, context) => getEntries(url, context).map(publicCopy),
    getCookieHeader: (url, context) => serializeCookieList(getEntries(url, context)),
    getAllCookies: () => store.all(now()).map(publicCopy),
    endSession: () => store.removeWhere((entry) => entry.expiresAt === null),
    clear: () => store.clear(),
    toJSON: () => ({ version: 1, cookies: store.all(now()).map(publicCopy) }),
    fromJSON(snapshot) {
      const time = now();
      let restored = 0;
      for (const cookie of readSnapshot(snapshot)) {
        if (cookie.expiresAt !== null && cookie.expiresAt <= time) continue;
        const old = store.findSame(cookie, time);
        if (old !== undefined) store.remove(old);
        const entry: StoreEntry = { ...cookie, seq: store.nextCounter(), tick: store.nextCounter() };
        store.insert(entry);
        store.evict(entry.domain, time, maxPerDomain, maxTotal);
        restored++;
      }
      return restored;
    },
  };
  return jar;
}
