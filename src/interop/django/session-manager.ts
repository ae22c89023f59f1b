/**
 * Session managers that share Django's sessions (specs/python-interop.md §5.1–§5.4):
 *
 * - `engine: "db"`: the cookie (`sessionid`) is Django's 32-character session key, used as is
 *   as the store key; the store is a `django_session` store (Postgres or SQLite) and the row's
 *   `session_data` is Django's encoding of the dict, so Django and tessera read each other's
 *   sessions. (tessera's own server mode keys its store by a hash of a 43-character token and
 *   stores its own JSON; it cannot share Django's table, hence this mode.)
 * - `engine: "signed-cookies"`: the cookie is the session, `signing.dumps(session,
 *   compress=True, salt="django.contrib.sessions.backends.signed_cookies")`, read with
 *   `max_age = SESSION_COOKIE_AGE`.
 *
 * Django's rules, kept: `regenerate()` is `cycle_key()` (new key, data kept, old row deleted),
 * `destroy()` is `flush()`; `_session_expiry` (integer seconds, `0` = browser session) sets the
 * age; cookies carry `Max-Age` and `Expires` unless the session ends with the browser.
 * tessera's rules, added: a row deleted by another request is not resurrected (a clearing
 * cookie is sent; Django answers 400); concurrent writes are merged by compare-and-swap with
 * replay; several different `sessionid` values that all name sessions give none (SR-30).
 * @module
 */
import { serializeClearingSetCookie, serializeSetCookie } from '../../cookie/serialize-set-cookie.ts';
import { getCookies } from '../../cookie/get-cookie.ts';
import type { SetCookieAttributes } from '../../cookie/set-cookie-attributes.ts';
import { ConfigError, SessionConflictError } from '../../errors.ts';
import { SessionNotLoadedError } from '../../session/session.ts';
import type { SessionStore } from '../../session/store.ts';
import { applyOps, commitHeaders, createInteropSession, type InteropControl, type InteropInvalidCookieEvent, type InteropSession, type InteropSessionManager } from '../session/interop-session.ts';
import { djangoJson, createDjangoSigning } from './signing.ts';
import { createDjangoSessionData, DJANGO_SIGNED_COOKIES_SALT } from './session-data.ts';
import { generateDjangoSessionKey, isDjangoSessionKey } from './session-key.ts';
import type { SecretInput } from '../python/secrets.ts';
import type { PyDict } from '../python/values.ts';
import type { TextCodec } from '../itsdangerous/serializer.ts';

/** Django's `SESSION_COOKIE_*` settings; defaults are Django's. Mirror the Django project's settings. */
export interface DjangoCookieOptions {
  /** `SESSION_COOKIE_NAME`, default `"sessionid"`. */
  name?: string;
  /** `SESSION_COOKIE_AGE`, default 1209600 (two weeks). */
  ageSeconds?: number;
  domain?: string;
  /** Default `"/"`. */
  path?: string;
  /** Default false. */
  secure?: boolean;
  /** Default true. */
  httpOnly?: boolean;
  /** Default `"Lax"`; null omits it. */
  sameSite?: 'Strict' | 'Lax' | 'None' | null;
}

/** Options of {@link createDjangoSessionManager}. */
export interface DjangoSessionManagerOptions {
  /** `"db"` (default when a store is given) or `"signed-cookies"`. */
  engine?: 'db' | 'signed-cookies';
  /** The `django_session` store (`createDjangoPostgresStore`, `createDjangoSqliteStore`); `db` engine only. */
  store?: SessionStore;
  /** `SECRET_KEY`. */
  secretKey: SecretInput;
  /** `SECRET_KEY_FALLBACKS` (Django ≥ 4.1): accepted on read. */
  fallbackKeys?: readonly SecretInput[];
  /** The session store class's `__qualname__` (db engine salt, §5.1), default `"SessionStore"`. */
  storeQualname?: string;
  /** `"sha256"` (default) or `"sha1"` (Django 3.2 `DEFAULT_HASHING_ALGORITHM = "sha1"`: legacy formats). */
  algorithm?: 'sha256' | 'sha1';
  /** `SESSION_SERIALIZER`; default Django's JSON. */
  serializer?: TextCodec;
  cookie?: DjangoCookieOptions;
  /** `SESSION_EXPIRE_AT_BROWSER_CLOSE`, default false. */
  expireAtBrowserClose?: boolean;
  /** `SESSION_SAVE_EVERY_REQUEST`, default false. */
  saveEveryRequest?: boolean;
  /** Compare-and-swap attempts before SessionConflictError (db engine). Default 128, as tessera's manager. */
  commitAttempts?: number;
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  onInvalidCookie?: (event: InteropInvalidCookieEvent) => void;
}

/** A Django session. */
export interface DjangoSession extends InteropSession {
  /** `cycle_key()`: a new session key at commit, the data kept and the old row deleted (call on login). */
  regenerate(): void;
  /** The session key the request loaded (db engine), or null. @throws SessionNotLoadedError before load. */
  readonly sessionKey: string | null;
}

const MAX_CANDIDATES = 3;
const READ = { decode: false, maxHeaderLength: 64 * 1024, maxPairs: 1024 } as const;

interface Loaded {
  key: string | null;
  version: number;
  cookieSent: boolean;
}

/** Creates the manager. @throws ConfigError for bad keys or options (a db engine without a store), CookieError for bad cookie attributes. */
export function createDjangoSessionManager(options: DjangoSessionManagerOptions): InteropSessionManager<DjangoSession> {
  const engine = options.engine ?? (options.store ? 'db' : undefined);
  if (engine !== 'db' && engine !== 'signed-cookies') throw new ConfigError('engine', "must be 'db' (with a store) or 'signed-cookies'");
  if (engine === 'db' && options.store === undefined) throw new ConfigError('store', 'the db engine needs a django_session store, e.g. createDjangoPostgresStore(pool)');
  const store = options.store!;
  const clock = options.now ?? Date.now;
  const c = options.cookie ?? {};
  const name = c.name ?? 'sessionid';
  const cookieAge = c.ageSeconds ?? 1_209_600;
  if (!Number.isSafeInteger(cookieAge) || cookieAge <= 0) throw new ConfigError('cookie.ageSeconds', 'must be a positive integer of seconds (Django default 1209600)');
  const attributes: SetCookieAttributes = {
    path: c.path ?? '/',
    domain: c.domain ?? null,
    secure: c.secure ?? false,
    httpOnly: c.httpOnly ?? true,
    sameSite: c.sameSite === undefined ? 'Lax' : c.sameSite,
    now: clock,
  };
  serializeSetCookie(name, 'x', attributes);
  const serializer = options.serializer ?? djangoJson;
  const sessionData = createDjangoSessionData({ ...options, serializer, now: clock });
  const signedCookie = createDjangoSigning({
    key: options.secretKey,
    fallbackKeys: options.fallbackKeys,
    salt: DJANGO_SIGNED_COOKIES_SALT,
    serializer,
    compress: true,
    algorithm: options.algorithm === 'sha1' ? 'sha1' : 'sha256',
    now: clock,
  });
  const attempts = options.commitAttempts ?? 128;
  const report = (reason: InteropInvalidCookieEvent['reason']) => {
    try {
      (options.onInvalidCookie ?? (() => {}))({ reason, cookieName: name });
    } catch {
      // A failing hook must not turn a bad cookie into a 500.
    }
  };
  const records = new WeakMap<DjangoSession, { control: InteropControl; loaded: () => Loaded }>();

  /** `get_expiry_age()` and `get_expire_at_browser_close()` for `data` (§5.3, §5.4). */
  const expiry = (data: PyDict) => {
    const e = data._session_expiry;
    const age = typeof e === 'number' && Number.isSafeInteger(e) && e > 0 ? e : cookieAge;
    const atClose = e === undefined || e === null ? options.expireAtBrowserClose === true : e === 0;
    return { age, atClose };
  };
  const cookieLine = (value: string, data: PyDict, now: number) => {
    const { age, atClose } = expiry(data);
    return serializeSetCookie(name, value, atClose ? attributes : { ...attributes, maxAge: age, expires: now + age * 1000 });
  };

  const loadSignedCookie = (values: string[], loaded: Loaded) => {
    const now = clock();
    const results = values.map((v) => signedCookie.loads(v, { maxAgeSeconds: cookieAge, now }));
    const good = results.filter((r) => r.ok);
    if (good.length > 1) return (report('ambiguous'), { data: {}, isNew: true });
    const first = good[0];
    if (first === undefined || typeof first.value !== 'object' || first.value === null || Array.isArray(first.value)) {
      if (values.length > 0) report(first === undefined ? (results[0] as { reason: InteropInvalidCookieEvent['reason'] }).reason : 'bad-payload');
      return { data: {}, isNew: true };
    }
    loaded.key = values[results.indexOf(first)]!;
    return { data: first.value as PyDict, isNew: false };
  };

  const loadDb = async (values: string[], loaded: Loaded) => {
    const keys = values.filter(isDjangoSessionKey);
    if (keys.length === 0) {
      if (values.length > 0) report('malformed');
      return { data: {}, isNew: true };
    }
    const now = clock();
    const found = [];
    for (const key of keys) {
      const record = await store.get(key, now);
      if (record !== null) found.push({ key, record });
    }
    if (found.length !== 1) {
      report(found.length === 0 ? 'unknown-session' : 'ambiguous'); // Django discards an unknown key (SR-5)
      return { data: {}, isNew: true };
    }
    const { key, record } = found[0]!;
    loaded.key = key;
    loaded.version = record.version;
    const decoded = sessionData.decode(record.data);
    // Django keeps the key of a corrupted row and starts from an empty dict.
    if (!decoded.ok) return (report(decoded.reason), { data: {}, isNew: false });
    return { data: decoded.value, isNew: false };
  };

  /** Writes `data` under the loaded key with compare-and-swap and replay; false when the row is gone (never resurrected). */
  const saveExisting = async (key: string, version: number, data: PyDict, control: InteropControl, now: number): Promise<boolean> => {
    let current = data;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await store.update(key, { data: sessionData.encode(current), expiresAt: now + expiry(current).age * 1000, userId: null }, version, now);
      if (result.status === 'ok') return true;
      if (result.status === 'missing') return false;
      const record = await store.get(key, now);
      if (record === null) return false;
      const decoded = sessionData.decode(record.data);
      current = applyOps(decoded.ok ? decoded.value : {}, control.ops);
      version = record.version;
    }
    throw new SessionConflictError(attempts);
  };

  const createRow = async (data: PyDict, now: number): Promise<string> => {
    const write = { data: sessionData.encode(data), expiresAt: now + expiry(data).age * 1000, userId: null };
    let key = generateDjangoSessionKey();
    while (!(await store.create(key, write, now))) key = generateDjangoSessionKey();
    return key;
  };

  return {
    cookieName: name,
    load(cookieHeader) {
      const values = [...new Set(getCookies(cookieHeader, name, READ).filter((v) => v !== ''))].slice(0, MAX_CANDIDATES);
      const loaded: Loaded = { key: null, version: 0, cookieSent: values.length > 0 };
      const { session, control } = createInteropSession(
        () => (engine === 'db' ? loadDb(values, loaded) : loadSignedCookie(values, loaded)),
        (value, key) => {
          serializer.dumps({ [key]: value });
        },
      );
      // defineProperties, not Object.assign, which would call the getter now.
      const django = Object.defineProperties(session, {
        regenerate: { value: () => control.regenerate(), enumerable: true },
        sessionKey: {
          get: () => {
            if (!session.loaded) throw new SessionNotLoadedError('sessionKey');
            return engine === 'db' ? loaded.key : null;
          },
          enumerable: true,
        },
      }) as DjangoSession;
      records.set(django, { control, loaded: () => loaded });
      return django;
    },

    async commit(session) {
      const record = records.get(session);
      if (record === undefined) throw new ConfigError('session', 'commit() was given a session this manager did not load');
      const { control } = record;
      if (!control.accessed) return [];
      await session.load();
      const loaded = record.loaded();
      const data = control.view();
      const empty = Object.keys(data).length === 0;
      const now = clock();
      const clearing = () => (loaded.cookieSent ? [serializeClearingSetCookie(name, attributes)] : []);
      const modified = control.ops.length > 0 || control.regenerated || options.saveEveryRequest === true;

      if (engine === 'signed-cookies') {
        if (empty) return commitHeaders(modified || control.destroyed ? clearing() : [], true);
        if (!modified && !control.destroyed) return commitHeaders([], true);
        return commitHeaders([cookieLine(signedCookie.dumps(data, { now }), data, now)], true);
      }

      let key = loaded.key;
      // flush() and cycle_key(): the old row goes, a new key is made if there is data to keep.
      if ((control.destroyed || control.regenerated) && key !== null) {
        await store.delete(key);
        key = null;
      }
      if (empty && key === null) return commitHeaders(control.destroyed || control.ops.length > 0 ? clearing() : [], true);
      if (!modified) return commitHeaders([], true);
      if (key === null) return commitHeaders([cookieLine(await createRow(data, now), data, now)], true);
      const saved = await saveExisting(key, loaded.version, data, control, now);
      return commitHeaders(saved ? [cookieLine(key, data, now)] : clearing(), true);
    },
  };
}
