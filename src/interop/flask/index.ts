/**
 * `tessera/interop/flask`: Flask's default session cookie, both directions
 * (specs/python-interop.md §3): the codec (`createFlaskSessionCodec`), the tagged JSON
 * (`flaskTaggedJson`), and a session manager that shares the `session` cookie with a Flask
 * app (`createFlaskSessionManager`).
 *
 * ```ts
 * const sessions = createFlaskSessionManager({ secretKey: process.env.FLASK_SECRET_KEY! });
 * const session = sessions.load(request.headers.get('cookie'));
 * const user = await session.get('_user_id');
 * for (const [name, value] of await sessions.commit(session)) response.headers.append(name, value);
 * ```
 * @module
 */
export { createFlaskSessionCodec, FLASK_PERMANENT_SESSION_LIFETIME_SECONDS, type FlaskSessionCodec, type FlaskSessionCodecOptions } from './session-codec.ts';
export { createFlaskTaggedJson, flaskTag, flaskTaggedJson, FLASK_TAG_KEYS, type FlaskTaggedJsonOptions } from './tagged-json.ts';
export { createFlaskSessionManager, type FlaskCookieOptions, type FlaskSession, type FlaskSessionManagerOptions } from './session-manager.ts';
export { FLASK_LOGIN_KEYS, flaskLoginEntries, getFlaskLoginUserId } from './flask-login.ts';
export type { InteropSession, InteropSessionManager, InteropInvalidCookieEvent } from '../session/interop-session.ts';
export type { InteropResult, InteropFailureReason } from '../outcome.ts';
export * from '../index.ts';
