/**
 * The routes every reliability app answers, framework-neutral: each adapter's app hands the
 * request's URL and session here and sends back what it returns. They match the HTTP
 * benchmark's contract (bench/http/servers/common.ts), so its lost-update client applies:
 *
 * - `GET /login`: a new session with `counter` = 0 (Set-Cookie), body `0`;
 * - `GET /ro`: the counter, read-only; 401 without a session;
 * - `GET /rw`: counter + 1, stored; 401 without a session;
 * - `GET /set?k=key17`: sets one key of the lost-update experiment, body `ok`;
 * - `GET /count`: how many of key0..key99 the session holds;
 * - `GET /keys`: which of key0..key99 the session holds, as a JSON array.
 * @module
 */
import { EXPERIMENT_KEYS, NO_SESSION, keyFromUrl } from '../../bench/http/servers/common.ts';
import type { Session } from '../../src/session/index.ts';

/** What a route answers: a status and a plain-text body. */
export interface RouteReply {
  status: number;
  body: string;
}

/** What the routes use of a session (every adapter's handler gets at least this). */
export type RouteSession = Pick<Session, 'get' | 'set'>;

/** The Content-Type of every reply. */
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/**
 * Answers `url` (path and query, as in the request line) with `session`. Never throws for an
 * unknown URL (404) or a malformed key (400); rejects only when the session's store does.
 */
export async function answer(url: string, session: RouteSession): Promise<RouteReply> {
  if (url === '/login') {
    session.set('counter', 0);
    return { status: 200, body: '0' };
  }
  if (url === '/ro' || url === '/rw') {
    const n = await session.get('counter');
    if (typeof n !== 'number') return { status: 401, body: NO_SESSION };
    if (url === '/ro') return { status: 200, body: String(n) };
    session.set('counter', n + 1);
    return { status: 200, body: String(n + 1) };
  }
  if (url.startsWith('/set?')) {
    const key = keyFromUrl(url);
    if (key === null) return { status: 400, body: 'bad key' };
    session.set(key, true);
    return { status: 200, body: 'ok' };
  }
  if (url === '/count') {
    let kept = 0;
    for (const key of EXPERIMENT_KEYS) if ((await session.get(key)) !== undefined) kept++;
    return { status: 200, body: String(kept) };
  }
  if (url === '/keys') {
    const kept: string[] = [];
    for (const key of EXPERIMENT_KEYS) if ((await session.get(key)) !== undefined) kept.push(key);
    return { status: 200, body: JSON.stringify(kept) };
  }
  return { status: 404, body: 'not found' };
}
