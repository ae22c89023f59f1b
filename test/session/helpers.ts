/**
 * Test helpers for the session engine: a fake clock, a minimal cookie-keeping client, and
 * manager factories for every mode and crypto back end.
 */
import { createKeyring, webCryptoBackend } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { HeaderEntry, SessionManager } from '../../src/session/manager.ts';
import type { SessionManagerOptions } from '../../src/session/options.ts';
import type { SessionData } from '../../src/session/session.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { StoreError } from '../../src/errors.ts';
import type { SessionStore } from '../../src/session/store.ts';

export const T0 = Date.UTC(2030, 0, 1);
export const SECRET = 'q0M7vXG2tYh1s9LrWcZ4kN8pJ5bD3eF6aH0iK2mO4uE';
export const OLD_SECRET = 'Zx9Wv8Uu7Tt6Ss5Rr4Qq3Pp2Oo1Nn0Mm9Ll8Kk7Jj6I';

/** A clock the test moves by hand. */
export function fakeClock(start = T0) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

/** A browser in miniature: keeps name → value from Set-Cookie lines, honours Max-Age=0. */
export function cookieClient() {
  const cookies = new Map<string, { value: string; line: string }>();
  return {
    cookies,
    receive(headers: HeaderEntry[]) {
      for (const [name, line] of headers) {
        if (name.toLowerCase() !== 'set-cookie') continue;
        const pair = line.slice(0, line.indexOf(';') === -1 ? line.length : line.indexOf(';'));
        const eq = pair.indexOf('=');
        const cookieName = pair.slice(0, eq);
        if (/;\s*Max-Age=0(;|$)/i.test(line)) cookies.delete(cookieName);
        else cookies.set(cookieName, { value: pair.slice(eq + 1), line });
      }
    },
    header(): string | null {
      if (cookies.size === 0) return null;
      return [...cookies].map(([n, c]) => `${n}=${c.value}`).join('; ');
    },
    setCookieLines: (headers: HeaderEntry[]) => headers.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v),
  };
}

/** Every configuration the behavioural suite runs against. */
export type ModeName = 'signed' | 'sealed' | 'signed (Web Crypto)' | 'sealed (Web Crypto)' | 'server (memory)' | 'server (memory, async)';
/** `server (memory)` loads and commits through the store's synchronous forms; `server (memory, async)` hides them, as a networked store has none. */
export const MODES: ModeName[] = ['signed', 'sealed', 'signed (Web Crypto)', 'sealed (Web Crypto)', 'server (memory)', 'server (memory, async)'];

/** `store` without its synchronous forms: every operation goes through a promise, as on Redis or Postgres (the same entries underneath). */
export function withoutSyncForms<S extends SessionStore>(store: S): S {
  const view = Object.create(store) as S & { sync: undefined };
  view.sync = undefined;
  return view;
}

/** A manager for `mode` with a fake clock, plus the store (server mode) and the clock. */
export function makeManager<D extends SessionData = SessionData, F extends SessionData = SessionData>(
  mode: ModeName,
  extra: Partial<SessionManagerOptions<D>> = {},
): { manager: SessionManager<D, F>; clock: ReturnType<typeof fakeClock>; store: MemoryStore | null } {
  const clock = fakeClock();
  const web = mode.includes('Web Crypto');
  const keyList = [{ id: 'k2', secret: SECRET }, { id: 'k1', secret: OLD_SECRET }];
  const keys = web ? createKeyring(keyList, { backend: webCryptoBackend }) : createKeyring(keyList);
  const server = mode.startsWith('server');
  const store = server ? createMemoryStore() : null;
  const used = mode === 'server (memory, async)' ? withoutSyncForms(store!) : store;
  const base: SessionManagerOptions<D> = server ? { store: used!, mode: 'server' } : { keys, mode: mode.startsWith('signed') ? 'signed' : 'sealed' };
  const manager = createSessionManager<D, F>({ now: clock.now, ...base, ...extra });
  return { manager, clock, store };
}

/** A store whose server is down: every operation rejects with StoreError, as a real driver's would. */
export function downStore(): SessionStore {
  const fail = (operation: string) => () => Promise.reject(new StoreError('down', operation, new Error('connect ECONNREFUSED 127.0.0.1:6379')));
  return { name: 'down', get: fail('get'), create: fail('create'), update: fail('update'), touch: fail('touch'), delete: fail('delete') };
}
