/**
 * The seam between tessera's token formats and a cryptography implementation.
 *
 * The formats (sign.ts, seal.ts) are written once against {@link CryptoBackend}. A back
 * end is either synchronous (`node:crypto`: the session engine's request path stays
 * synchronous on Node) or asynchronous (Web Crypto on edge runtimes); the public
 * functions return plain values for a synchronous keyring and promises for an
 * asynchronous one. This file imports nothing, so edge bundles never pull in `node:crypto`.
 * @module
 */

/** `sync`: every operation returns its value; `async`: every operation returns a promise. */
export type CryptoMode = 'sync' | 'async';

/** `T` for a synchronous back end, `Promise<T>` for an asynchronous one (`T | Promise<T>` when unknown). */
export type Awaitable<M extends CryptoMode, T> = M extends 'sync' ? T : Promise<T>;

/**
 * A key as a back end holds it (a `KeyObject`, a lazily imported `CryptoKey`, ...). Opaque
 * to everything but the back end that made it; it never exposes key bytes through
 * enumerable properties (SR-47).
 */
export type BackendKey = object;

/**
 * One implementation of the primitives the token formats need. Implementations must be
 * stateless apart from what they keep inside the keys they return (so one back end
 * object can serve any number of keyrings).
 *
 * Contracts the formats rely on:
 * - `macBase64url` and `verifyMac` compute HMAC-SHA-256 over the UTF-8 bytes of `input`;
 *   `verifyMac` receives a MAC already checked to be 43 characters of canonical base64url
 *   and compares in constant time (SR-33).
 * - `encrypt` is AES-256-GCM with a fresh random 96-bit nonce per call and a 128-bit tag
 *   (SR-34), `aad` and `plaintext` taken as UTF-8; it returns
 *   `base64url(nonce ‖ ciphertext ‖ tag)`. `decrypt` receives such a string already checked
 *   to be canonical base64url of at least 29 bytes, and returns the plaintext, or `null`
 *   when the tag does not authenticate (it never throws for that).
 * - `sha256Base64url` and the encoders are synchronous on every back end (a back end without
 *   a synchronous SHA-256 uses the built-in one in sha256.ts).
 */
export interface CryptoBackend<M extends CryptoMode = CryptoMode> {
  /** A short name for diagnostics, e.g. `node` or `webcrypto`. */
  readonly name: string;
  /** Whether operations return values (`sync`) or promises (`async`). */
  readonly mode: M;
  /** Wraps 32 bytes as an HMAC-SHA-256 key. The back end copies `keyBytes`; the caller wipes its copy. */
  importSignKey(keyBytes: Uint8Array): BackendKey;
  /** Wraps 32 bytes as an AES-256-GCM key. The back end copies `keyBytes`; the caller wipes its copy. */
  importSealKey(keyBytes: Uint8Array): BackendKey;
  /** HMAC-SHA-256 of UTF-8 `input`, as 43 characters of base64url. */
  macBase64url(key: BackendKey, input: string): Awaitable<M, string>;
  /** Whether `mac` (43 canonical base64url characters) is the HMAC-SHA-256 of UTF-8 `input`; constant time. */
  verifyMac(key: BackendKey, input: string, mac: string): Awaitable<M, boolean>;
  /** AES-256-GCM seal of UTF-8 `plaintext` with associated data UTF-8 `aad`: `base64url(nonce ‖ ciphertext ‖ tag)`. */
  encrypt(key: BackendKey, aad: string, plaintext: string): Awaitable<M, string>;
  /** Opens the output of `encrypt` (checked canonical, ≥ 29 bytes); `null` if it does not authenticate. */
  decrypt(key: BackendKey, aad: string, sealed: string): Awaitable<M, string | null>;
  /** SHA-256 of the UTF-8 bytes of `text`, as 43 characters of base64url. Synchronous on every back end. */
  sha256Base64url(text: string): string;
  /** Unpadded base64url of the UTF-8 bytes of `text` (a well-formed string). */
  utf8ToBase64url(text: string): string;
  /** Text of canonical base64url of UTF-8 bytes this back end (or any other) produced. */
  base64urlToUtf8(encoded: string): string;
}

