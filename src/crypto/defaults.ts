/**
 * The entry points that pick the `node:crypto` back end when none is given: the only
 * module besides node-backend.ts that pulls in `node:crypto`. Code for edge runtimes can
 * build on keyring.ts, sign.ts, seal.ts and web-backend.ts, which never import it.
 * @module
 */
import type { CryptoBackend, CryptoMode } from './backend.ts';
import { buildKeyring, type KeyInput, type Keyring } from './keyring.ts';
import { nodeBackend } from './node-backend.ts';

/** Options of {@link createKeyring}. */
export interface KeyringOptions<M extends CryptoMode = CryptoMode> {
  /** The back end. Default: `nodeBackend` (synchronous). Use `webCryptoBackend` on edge runtimes (asynchronous). */
  readonly backend?: CryptoBackend<M> | undefined;
}

/**
 * Creates a keyring from an ordered list of keys: the first is current (it signs and
 * seals), all of them verify and unseal (SR-37). Each secret must be at least 32 random
 * bytes (SR-38); each key's signing and sealing sub-keys are derived here, once, with
 * HKDF-SHA-256, and the secrets themselves are not kept.
 *
 * With no back end the keyring uses `node:crypto` and every operation on it is synchronous;
 * with an asynchronous back end (`webCryptoBackend`) every operation returns a promise.
 * @throws ConfigError (at start-up, never later) for an empty list, an entry that is not
 * `{ id?, secret }`, a secret that is short, not base64url/hex, well-known, made of words
 * or of low entropy (the message says how to generate a good one and never contains the
 * secret), an invalid or duplicate key id, or the same secret twice.
 */
export function createKeyring(keys: readonly KeyInput[], options?: KeyringOptions<'sync'> & { readonly backend?: undefined }): Keyring<'sync'>;
export function createKeyring<M extends CryptoMode>(keys: readonly KeyInput[], options: KeyringOptions<M> & { readonly backend: CryptoBackend<M> }): Keyring<M>;
export function createKeyring(keys: readonly KeyInput[], options: KeyringOptions = {}): Keyring {
  return buildKeyring(keys, options.backend ?? nodeBackend);
}

/**
 * The SHA-256 of a token's UTF-8 bytes as 43 characters of base64url: the key under which a
 * store keeps a server-side session, so a leaked store dump holds no usable cookie values.
 * Synchronous on every back end. Default back end: `nodeBackend`.
 * @throws TypeError if `token` is not a string.
 */
export function hashToken(token: string, backend: Pick<CryptoBackend, 'sha256Base64url'> = nodeBackend): string {
  if (typeof token !== 'string') throw new TypeError('hashToken expects a string');
  return backend.sha256Base64url(token);
}
