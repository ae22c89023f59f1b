/**
 * `tessera`: sessions and cookies for TypeScript web apps. The root entry re-exports what most
 * applications need; subpaths (`tessera/cookie`, `tessera/crypto`, `tessera/jar`,
 * `tessera/session`, `tessera/stores/memory`, `tessera/adapters/web`, `tessera/adapters/node`,
 * `tessera/testing`) give the rest.
 * @module
 */
export * from './errors.ts';
export { createSessionManager } from './session/manager.ts';
export type { Session, SessionData } from './session/session.ts';
export type { SessionManager, HeaderEntry } from './session/manager.ts';
export type { SessionManagerOptions } from './session/options.ts';
export type { SessionStore } from './session/store.ts';
export { createKeyring, generateToken, hashToken } from './crypto/index.ts';
export type { Keyring } from './crypto/index.ts';
export { createMemoryStore } from './stores/memory.ts';
