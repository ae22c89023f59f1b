/**
 * `tessera sessions show TOKEN-OR-KEY`: one session, decoded as the session manager decodes
 * it (`decodeState`): created, last seen, user, expiry, data as JSON, flash keys. Flash values
 * and the CSRF secret are not printed (only whether they exist).
 * @module
 */
import { decodeStoredSession as decodeState } from '../../src/session/index.ts';
import { OutcomeError } from '../errors.ts';
import { bytes, fields, when } from '../human.ts';
import { sizeOf, type SessionsContext } from './context.ts';
import { findSession } from './resolve.ts';

/**
 * Bounds for reading stored data: far above the manager's defaults (an app may raise them), still
 * finite, since stored data is read back as untrusted input.
 */
const LIMITS = { maxDepth: 256, maxNodes: 10_000_000, maxLength: 256 * 1024 * 1024 };

/** Runs `show`. */
export async function show(ctx: SessionsContext, input: string): Promise<number> {
  const { open, now, io } = ctx;
  const found = await findSession(open.store, input, now, 'TOKEN-OR-KEY');
  if (found === null) throw new OutcomeError(`no live session under that token or key in ${open.safeUrl}`);
  const { key, via, record } = found;
  const decoded = decodeState(record.data, LIMITS);
  if (!decoded.ok) throw new OutcomeError(`session ${key} holds data that is not a tessera session (${decoded.reason}); version ${record.version}, ${sizeOf(record.data)} bytes`);
  const state = decoded.state;
  const flashKeys = Object.keys(state.flash);
  if (ctx.json) {
    io.out(
      JSON.stringify({
        key,
        via,
        userId: record.userId,
        createdAt: state.createdAt,
        lastSeenAt: state.lastSeenAt,
        expiresAt: record.expiresAt,
        persistUntil: state.persistUntil,
        version: record.version,
        size: sizeOf(record.data),
        meta: state.meta,
        flashKeys,
        csrfSecret: state.csrfSecret !== null,
        data: state.data,
      }),
    );
    return 0;
  }
  const s = ctx.style;
  const device = [state.meta?.userAgent, state.meta?.ip].filter((x) => x !== undefined);
  const pairs: Array<[string, string]> = [
    ['key', `${key}${via === 'token' ? s.dim(' (SHA-256 of the cookie token given)') : ''}`],
    ['user', record.userId ?? s.dim('none (anonymous)')],
    ['created', when(state.createdAt, now)],
    ['last seen', when(state.lastSeenAt, now)],
    ['expires', `${when(record.expiresAt, now)}${s.dim(' (the store entry; an absolute timeout may end it sooner)')}`],
    ['cookie', state.persistUntil === null ? 'browser-session (no Max-Age)' : `persistent until ${when(state.persistUntil, now)}`],
  ];
  if (device.length > 0) pairs.push(['device', device.join(', ')]);
  pairs.push(
    ['version', String(record.version)],
    ['size', bytes(sizeOf(record.data))],
    ['flash keys', flashKeys.length === 0 ? s.dim('none') : flashKeys.join(', ')],
    ['csrf secret', state.csrfSecret === null ? s.dim('none') : 'set (not shown)'],
    ['data', ''],
  );
  for (const line of fields(pairs, s)) io.out(line.trimEnd());
  io.out(JSON.stringify(state.data, null, 2));
  return 0;
}
