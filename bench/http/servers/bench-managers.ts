/**
 * The tessera session managers the framework suite's servers run: signed and sealed cookie
 * modes with a fresh random 32-byte key, and server mode on this process's Redis store (see
 * bench-store.ts), all with default options.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../../src/crypto/index.ts';
import { createSessionManager, type SessionManager } from '../../../src/session/index.ts';
import { openBenchStore } from './bench-store.ts';

/** Signed cookie mode (HMAC-SHA-256), default options. */
export function signedManager(): SessionManager {
  return createSessionManager({ mode: 'signed', keys: createKeyring([{ secret: randomBytes(32) }]) });
}

/** Sealed cookie mode (AES-256-GCM), default options. */
export function sealedManager(): SessionManager {
  return createSessionManager({ mode: 'sealed', keys: createKeyring([{ secret: randomBytes(32) }]) });
}

/** Server mode on the process's private Redis store (ioredis, `openBenchStore('redis')`), default options. */
export async function redisManager(): Promise<SessionManager> {
  return createSessionManager({ store: (await openBenchStore('redis')).store });
}
