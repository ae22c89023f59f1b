/**
 * `tessera/crypto`: keyrings with rotation, signed and sealed tokens, random tokens.
 *
 * ```ts
 * const keyring = createKeyring([{ secret: process.env.SESSION_SECRET! }]);
 * const token = sign(keyring, 'user:42', { purpose: '__Host-sid', expiresAt: Date.now() + 3600_000 });
 * const result = verify(keyring, token, { purpose: '__Host-sid' });
 * if (result.ok) result.value; // 'user:42'
 * ```
 * @module
 */
export type { Awaitable, BackendKey, CryptoBackend, CryptoMode } from './backend.ts';
export { createKeyring, hashToken, type KeyringOptions } from './defaults.ts';
export type { KeyInput, Keyring } from './keyring.ts';
export { createNodeBackend, nodeBackend, type NodeBackendOptions } from './node-backend.ts';
export type { SealOptions, SignOptions, UnsealOptions, VerifyOptions } from './options.ts';
export { MAX_TOKEN_LENGTH, type VerifyFailure, type VerifyFailureReason, type VerifyResult, type VerifySuccess } from './result.ts';
export { seal, unseal } from './seal.ts';
export { MIN_SECRET_BYTES } from './secrets.ts';
export { sign, verify } from './sign.ts';
export { generateToken, isWellFormedToken, TOKEN_BYTES, TOKEN_LENGTH, type GenerateTokenOptions } from './tokens.ts';
export { createWebCryptoBackend, webCryptoBackend, type WebCryptoBackendOptions } from './web-backend.ts';
