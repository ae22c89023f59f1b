/**
 * Shared fixtures of the crypto tests: both back ends, fresh random secrets, small helpers
 * to take tokens apart.
 */
import { randomBytes } from 'node:crypto';
import { createKeyring, nodeBackend, webCryptoBackend, type CryptoBackend, type KeyInput, type Keyring } from '../../src/crypto/index.ts';

/** Every back end the behavioural suites run against, with how many property runs each gets. */
export const BACKENDS: ReadonlyArray<{ name: string; backend: CryptoBackend }> = [
  { name: 'node', backend: nodeBackend },
  { name: 'webcrypto', backend: webCryptoBackend },
];

/** A fresh 32-byte secret as base64url, as `tessera keygen` prints it. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A keyring over `backend` (typed loosely, so one suite serves both modes; use `await`). */
export function keyringOf(backend: CryptoBackend, keys: readonly KeyInput[]): Keyring {
  return createKeyring(keys, { backend });
}

/** Every character of a token is a cookie-octet (RFC 6265bis §4.1.1), and no more than base64url plus '.'. */
export const TOKEN_CHARS = /^[A-Za-z0-9_.-]+$/;

/** Replaces the key id (second field) of a signed or sealed token. */
export function withKeyId(token: string, kid: string): string {
  const end = token.indexOf('.', 3);
  return token.slice(0, 3) + kid + token.slice(end);
}
