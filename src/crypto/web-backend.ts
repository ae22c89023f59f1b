/**
 * The Web Crypto back end (`crypto.subtle`): asynchronous, for edge runtimes and browsers.
 * Imports nothing from Node. Produces and accepts exactly the same tokens as the
 * `node:crypto` back end.
 * @module
 */
import type { BackendKey, CryptoBackend } from './backend.ts';
import { base64urlToBytes, bytesToBase64url, utf8Decode, utf8Encode } from './encoding.ts';
import { sha256 } from './sha256.ts';

/** Options of {@link createWebCryptoBackend}. */
export interface WebCryptoBackendOptions {
  /** The `SubtleCrypto` to use. Default: `globalThis.crypto.subtle`, looked up at first use. */
  readonly subtle?: SubtleCrypto;
  /**
   * Fills a buffer with cryptographically secure random bytes; used for AES-GCM nonces.
   * Default: `globalThis.crypto.getRandomValues`. Inject only in tests.
   */
  readonly randomFill?: (target: Uint8Array<ArrayBuffer>) => void;
}

/**
 * A key imported on first use. The import promise is cached, so each key is imported once;
 * the raw bytes are dropped as soon as the import starts.
 */
interface LazyKey {
  bytes: Uint8Array<ArrayBuffer> | null;
  promise: Promise<CryptoKey> | null;
  readonly algorithm: HmacImportParams | AlgorithmIdentifier;
  readonly usages: readonly KeyUsage[];
}

const NONCE_BYTES = 12;

/**
 * Creates a Web Crypto back end. Every operation returns a promise. Keys are imported
 * lazily on first use (a keyring can be built synchronously at start-up) and cached.
 * Promises reject only if the Web Crypto implementation itself fails (e.g. no
 * `crypto.subtle`); a token that does not authenticate is a value, never a rejection.
 */
export function createWebCryptoBackend(options: WebCryptoBackendOptions = {}): CryptoBackend<'async'> {
  const subtle = (): SubtleCrypto => options.subtle ?? globalThis.crypto.subtle;
  const randomFill =
    options.randomFill ?? ((target: Uint8Array<ArrayBuffer>) => void globalThis.crypto.getRandomValues(target));

  function load(key: BackendKey): Promise<CryptoKey> {
    const lazy = key as LazyKey;
    if (lazy.promise === null) {
      lazy.promise = subtle().importKey('raw', lazy.bytes as Uint8Array<ArrayBuffer>, lazy.algorithm, false, [...lazy.usages]);
      // Why: once the (non-extractable) CryptoKey is on its way, no copy of the key bytes is kept.
      lazy.bytes = null;
    }
    return lazy.promise;
  }

  function lazyKey(keyBytes: Uint8Array, algorithm: LazyKey['algorithm'], usages: readonly KeyUsage[]): LazyKey {
    return { bytes: new Uint8Array(keyBytes), promise: null, algorithm, usages };
  }

  return Object.freeze({
    name: 'webcrypto',
    mode: 'async' as const,

    importSignKey(keyBytes: Uint8Array): BackendKey {
      return lazyKey(keyBytes, { name: 'HMAC', hash: 'SHA-256' }, ['sign', 'verify']);
    },

    importSealKey(keyBytes: Uint8Array): BackendKey {
      return lazyKey(keyBytes, { name: 'AES-GCM' }, ['encrypt', 'decrypt']);
    },

    async macBase64url(key: BackendKey, input: string): Promise<string> {
      const mac = await subtle().sign('HMAC', await load(key), utf8Encode(input));
      return bytesToBase64url(new Uint8Array(mac));
    },

    async verifyMac(key: BackendKey, input: string, mac: string): Promise<boolean> {
      const given = base64urlToBytes(mac);
      if (given === null) return false;
      // Why: subtle.verify compares in constant time inside the implementation (SR-33).
      return subtle().verify('HMAC', await load(key), given, utf8Encode(input));
    },

    async encrypt(key: BackendKey, aad: string, plaintext: string): Promise<string> {
      const nonce = new Uint8Array(NONCE_BYTES);
      randomFill(nonce);
      const sealed = await subtle().encrypt(
        { name: 'AES-GCM', iv: nonce, additionalData: utf8Encode(aad), tagLength: 128 },
        await load(key),
        utf8Encode(plaintext),
      );
      const out = new Uint8Array(NONCE_BYTES + sealed.byteLength);
      out.set(nonce);
      out.set(new Uint8Array(sealed), NONCE_BYTES);
      return bytesToBase64url(out);
    },

    async decrypt(key: BackendKey, aad: string, sealed: string): Promise<string | null> {
      const bytes = base64urlToBytes(sealed);
      if (bytes === null) return null;
      const cryptoKey = await load(key);
      let plaintext: ArrayBuffer;
      try {
        plaintext = await subtle().decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES), additionalData: utf8Encode(aad), tagLength: 128 },
          cryptoKey,
          bytes.subarray(NONCE_BYTES),
        );
      } catch {
        // Why: a failed tag (OperationError) is an expected outcome for untrusted input, reported as a value.
        return null;
      }
      return utf8Decode(new Uint8Array(plaintext));
    },

    sha256Base64url(text: string): string {
      // Why: subtle.digest is asynchronous and a thread-pool round trip; one small hash is cheaper in JS.
      return bytesToBase64url(sha256(utf8Encode(text)));
    },

    utf8ToBase64url(text: string): string {
      return bytesToBase64url(utf8Encode(text));
    },

    base64urlToUtf8(encoded: string): string {
      return utf8Decode(base64urlToBytes(encoded) ?? new Uint8Array(0));
    },
  });
}

/** The default Web Crypto back end: {@link createWebCryptoBackend} with its defaults. Stateless. */
export const webCryptoBackend: CryptoBackend<'async'> = createWebCryptoBackend();
