/**
 * Helpers for the lifecycle suites (events, context binding, clock skew, Clear-Site-Data): one
 * request with an optional client context, and a cookie minted for a hand-made session state in
 * any mode (to put a state exactly where a boundary test needs it).
 */
import { createKeyring, generateToken, hashToken, seal, sign, webCryptoBackend, type CryptoMode, type Keyring } from '../../src/crypto/index.ts';
import type { RequestContext, SessionManager } from '../../src/session/manager.ts';
import type { Session, SessionData } from '../../src/session/session.ts';
import { emptyState, encodeState, type SessionState } from '../../src/session/state.ts';
import type { MemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, OLD_SECRET, SECRET, type ModeName } from './helpers.ts';

/** One request: load with the client's cookies (and `context`), run `fn`, commit, keep the cookies. */
export async function request<D extends SessionData, R>(
  manager: SessionManager<D>,
  client: ReturnType<typeof cookieClient>,
  fn: (s: Session<D>) => Promise<R> | R,
  context?: RequestContext,
) {
  const session = manager.load(client.header(), context);
  const result = await fn(session);
  const headers = await manager.commit(session);
  client.receive(headers);
  return { headers, result, session, setCookies: client.setCookieLines(headers) };
}

/** A state created at `createdAt` and last seen at `lastSeenAt`, holding `data`. */
export function stateAt(createdAt: number, lastSeenAt: number, data: Record<string, unknown> = {}): SessionState {
  const state = emptyState(createdAt);
  state.lastSeenAt = lastSeenAt;
  Object.assign(state.data, data);
  return state;
}

/**
 * The `Cookie` header of a session holding `state`, as a manager made by `makeManager(mode)` would
 * accept it: signed or sealed with the same keys (either back end), or a store entry (server mode,
 * `store` required) expiring at `expiresAt`, written at `now`.
 */
export async function mintCookie(mode: ModeName, state: SessionState, expiresAt: number, now: number, store: MemoryStore | null): Promise<string> {
  const name = '__Host-session';
  const payload = encodeState(state);
  if (mode.startsWith('server')) {
    const token = generateToken();
    await store!.create(hashToken(token), { data: payload, expiresAt, userId: state.userId }, now);
    return `${name}=${token}`;
  }
  const keyList = [{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }];
  const make = async <M extends CryptoMode>(keys: Keyring<M>): Promise<string> =>
    mode.startsWith('signed') ? await sign(keys, payload, { purpose: name, expiresAt }) : await seal(keys, payload, { purpose: name, expiresAt });
  const token = mode.includes('Web Crypto') ? await make(createKeyring(keyList, { backend: webCryptoBackend })) : await make(createKeyring(keyList));
  return `${name}=${token}`;
}
