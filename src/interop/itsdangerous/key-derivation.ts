/**
 * itsdangerous key derivation (specs/python-interop.md §2.1): the key each secret signs with,
 * derived once per signer.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import { hash, hmac, type Digest } from '../python/secrets.ts';

/** How a signing key is derived from a secret `K` and salt `S` (§2.1). */
export type KeyDerivation = 'concat' | 'django-concat' | 'hmac' | 'none';

const DERIVATIONS: readonly KeyDerivation[] = ['concat', 'django-concat', 'hmac', 'none'];

/** Checks a key-derivation name. @throws ConfigError for an unknown one. */
export function checkKeyDerivation(value: unknown, option: string): KeyDerivation {
  if (!DERIVATIONS.includes(value as KeyDerivation)) throw new ConfigError(option, `must be one of ${DERIVATIONS.join(', ')}, got ${String(value)}`);
  return value as KeyDerivation;
}

/**
 * `concat`: `H(S ‖ K)`; `django-concat`: `H(S ‖ "signer" ‖ K)`; `hmac`: `HMAC-H(K, S)` (Flask);
 * `none`: `K` itself.
 */
export function deriveKey(derivation: KeyDerivation, digest: Digest, secret: Uint8Array, salt: Uint8Array): Buffer {
  switch (derivation) {
    case 'concat':
      return hash(digest, salt, secret);
    case 'django-concat':
      return hash(digest, salt, Buffer.from('signer'), secret);
    case 'hmac':
      return hmac(digest, secret, salt);
    case 'none':
      return Buffer.from(secret);
  }
}
