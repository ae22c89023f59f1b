/**
 * A session manager that shares Flask's `session` cookie (specs/python-interop.md §3.5, §3.6):
 * it reads the cookie a Flask app wrote, and writes it back as Flask would, so a tessera app
 * and a Flask app under the same site see one session.
 *
 * Flask's rules, kept: the max age (`PERMANENT_SESSION_LIFETIME`) applies to every session
 * on read; a session is written when modified, or on every request when permanent and
 * `refreshEachRequest`; permanent sessions get `Expires = now + lifetime`, others neither
 * `Expires` nor `Max-Age`; an emptied session gets a deletion cookie.
 * tessera's rules, added: a payload Flask would answer with HTTP 500 gives a fresh session
 * (reported as `bad-payload`); two different authentic cookies give none (SR-30); a cookie
 * verified with a fallback key is re-issued under `secretKey`; `Cache-Control: private,
 * no-store` accompanies every Set-Cookie (SR-20).
 * @module
 */
import { serializeClearingSetCookie, serializeSetCookie } from '../../cookie/serialize-set-cookie.ts';
import { getCookies } from '../../cookie/get-cookie.ts';
import type { SetCookieAttributes } from '../../cookie/set-cookie-attributes.ts';
import { ConfigError } from '../../errors.ts';
import { commitHeaders, createInteropSession, type InteropInvalidCookieEvent, type InteropSession, type InteropSessionManager } from '../session/interop-session.ts';
import type { PyDict } from '../python/values.ts';
import { createFlaskSessionCodec, FLASK_PERMANENT_SESSION_LIFETIME_SECONDS, type FlaskSessionCodecOptions } from './session-codec.ts';
import { flaskTag } from './tagged-json.ts';

/** Flask's `SESSION_COOKIE_*` settings; defaults are Flask's. Mirror the Flask app's configuration. */
export interface FlaskCookieOptions {
  /** `SESSION_COOKIE_NAME`, default `"session"`. */
  name?: string;
  /** `SESSION_COOKIE_DOMAIN`, default none (host-only). */
  domain?: string;
  /** `SESSION_COOKIE_PATH`, default `"/"`. */
  path?: string;
  /** `SESSION_COOKIE_SECURE`, default false. */
  secure?: boolean;
  /** `SESSION_COOKIE_HTTPONLY`, default true. */
  httpOnly?: boolean;
  /** `SESSION_COOKIE_SAMESITE`, default none (attribute omitted). */
  sameSite?: 'Strict' | 'Lax' | 'None' | null;
}

/** Options of {@link createFlaskSessionManager}. */
export interface FlaskSessionManagerOptions extends Omit<FlaskSessionCodecOptions, 'maxAgeSeconds'> {
  /** `PERMANENT_SESSION_LIFETIME` in seconds, default 31 days. */
  permanentLifetimeSeconds?: number;
  /** `SESSION_REFRESH_EACH_REQUEST`, default true. */
  refreshEachRequest?: boolean;
  cookie?: FlaskCookieOptions;
  /** Told why a cookie sent by the browser gave no session. */
  onInvalidCookie?: (event: InteropInvalidCookieEvent) => void;
}

/** A Flask session: the common session plus `permanent`. */
export interface FlaskSession extends InteropSession {
  /** `session.permanent`: the `_permanent` key. @throws SessionNotLoadedError before load. */
  readonly permanent: boolean;
  /** `session.permanent = value` (stores `_permanent`). */
  setPermanent(permanent: boolean): void;
}

/** Most values of the cookie name considered on one request (SR-30). */
const MAX_CANDIDATES = 4;
const READ = { decode: false, maxHeaderLength: 64 * 1024, maxPairs: 1024 } as const;

/**
 * Creates the manager. @throws ConfigError for bad keys or options, CookieError for cookie
 * attributes a browser would refuse (e.g. SameSite=None without Secure).
 */
export function createFlaskSessionManager(options: FlaskSessionManagerOptions): InteropSessionManager<FlaskSession> {
  const clock = options.now ?? Date.now;
  const lifetime = options.permanentLifetimeSeconds ?? FLASK_PERMANENT_SESSION_LIFETIME_SECONDS;
  if (!Number.isSafeInteger(lifetime) || lifetime <= 0) throw new ConfigError('permanentLifetimeSeconds', 'must be a positive integer of seconds (Flask default 2678400)');
  const codec = createFlaskSessionCodec({ ...options, maxAgeSeconds: lifetime, now: clock });
  const refresh = options.refreshEachRequest ?? true;
  const c = options.cookie ?? {};
  const name = c.name ?? 'session';
  const attributes: SetCookieAttributes = {
    path: c.path ?? '/',
    domain: c.domain ?? null,
    secure: c.secure ?? false,
    httpOnly: c.httpOnly ?? true,
    sameSite: c.sameSite ?? null,
    now: clock,
  };
  serializeSetCookie(name, 'x', attributes); // validates the attributes once, at start-up
  const report = options.onInvalidCookie ?? (() => {});
  const controls = new WeakMap<FlaskSession, ReturnType<typeof createInteropSession>['control'] & { stale: () => boolean }>();

  return {
    cookieName: name,
    load(cookieHeader) {
      let stale = false;
      const loadBase = () => {
        const values = [...new Set(getCookies(cookieHeader, name, READ).filter((v) => v !== ''))].slice(0, MAX_CANDIDATES);
        const fresh = (reason: InteropInvalidCookieEvent['reason'] | null) => {
          if (reason !== null) {
            try {
              report({ reason, cookieName: name });
            } catch {
              // A failing hook must not turn a bad cookie into a 500.
            }
          }
          return { data: {} as PyDict, isNew: true };
        };
        if (values.length === 0) return fresh(null);
        const results = values.map((v) => codec.decode(v));
        const good = results.filter((r) => r.ok);
        if (good.length > 1) return fresh('ambiguous'); // SR-30: two authentic sessions, trust neither
        const first = good[0];
        if (first === undefined) return fresh((results[0] as { reason: InteropInvalidCookieEvent['reason'] }).reason);
        stale = first.stale;
        return { data: first.value, isNew: false };
      };
      const { session, control } = createInteropSession(loadBase, (value, key) => {
        flaskTag(value, key);
      });
      // defineProperties, not Object.assign, which would call the getter now.
      const flask = Object.defineProperties(session, {
        permanent: { get: () => session.peek('_permanent') === true, enumerable: true },
        setPermanent: { value: (permanent: boolean) => session.set('_permanent', permanent === true), enumerable: true },
      }) as FlaskSession;
      controls.set(flask, Object.assign(control, { stale: () => stale }));
      return flask;
    },

    async commit(session) {
      const control = controls.get(session);
      if (control === undefined) throw new ConfigError('session', 'commit() was given a session this manager did not load');
      if (!control.accessed) return [];
      await session.load();
      const data = control.view();
      const modified = control.ops.length > 0;
      const lines: string[] = [];
      if (Object.keys(data).length === 0) {
        if (modified) lines.push(serializeClearingSetCookie(name, attributes));
        return commitHeaders(lines, true);
      }
      const permanent = data._permanent === true;
      if (modified || (permanent && refresh) || control.stale()) {
        const now = clock();
        const value = codec.encode(data, { now });
        lines.push(serializeSetCookie(name, value, permanent ? { ...attributes, expires: now + lifetime * 1000 } : attributes));
      }
      return commitHeaders(lines, true);
    },
  };
}
