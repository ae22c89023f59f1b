/**
 * Flask-Login's keys in the Flask session (specs/python-interop.md §3.8), so a tessera app can
 * read and write the login a Flask-Login app uses.
 * @module
 */
import type { PyDict } from '../python/values.ts';

/** The session keys Flask-Login uses (`flask_login.config.SESSION_KEYS`). */
export const FLASK_LOGIN_KEYS = Object.freeze({
  userId: '_user_id',
  fresh: '_fresh',
  id: '_id',
  remember: '_remember',
  rememberSeconds: '_remember_seconds',
  next: 'next',
} as const);

/** The logged-in user's id (`_user_id`, a string as `get_id()` returns it), or null. Never throws. */
export function getFlaskLoginUserId(session: PyDict): string | null {
  const id = session[FLASK_LOGIN_KEYS.userId];
  return typeof id === 'string' ? id : typeof id === 'number' || typeof id === 'bigint' ? String(id) : null;
}

/** The entries `login_user(user)` writes: `_user_id` and `_fresh = True` (set them on the session, then commit). */
export function flaskLoginEntries(userId: string | number): PyDict {
  return { [FLASK_LOGIN_KEYS.userId]: String(userId), [FLASK_LOGIN_KEYS.fresh]: true };
}
