/**
 * Keyrings: an ordered list of secrets, the first one current (it signs and seals), all of
 * them accepted when verifying (SR-37). Each secret is vetted (SR-38), given a key id, and
 * turned once, at construction, into two HKDF-SHA-256 sub-keys: one for signing, one for
 * sealing. No raw secret is kept.
 *
 * This module does not choose a back end (defaults.ts does), so it never imports
 * `node:crypto`.
 * @module
 */
import { ConfigError } from '../errors.ts';
import type { BackendKey, CryptoBackend, CryptoMode } from './backend.ts';
import { bytesToBase64url, utf8Encode } from './encoding.ts';
import { decodeSecret } from './secrets.ts';
import { hkdfSha256, sha256 } from './sha256.ts';

/** One entry of the list given to `createKeyring`. */
export interface KeyInput {
  /**
   * Key id carried in every token (`[A-Za-z0-9_-]{1,32}`). Default: derived from the secret
   * (8 base64url characters of a SHA-256 of it), so the same secret gets the same id on every start.
   */
  readonly id?: string | undefined;
  /**
   * At least 32 random bytes: unpadded base64url text (what `tessera keygen` prints), hex
   * text after `hex:`, or the raw bytes.
   */
  readonly secret: string | Uint8Array;
}

/**
 * A validated set of keys bound to a crypto back end. Pass it to `sign`/`verify`/`seal`/
 * `unseal`. Holds no raw secret; the derived keys sit behind a non-enumerable property, so
 * logging or serialising a keyring shows only what is below (SR-47).
 */
export interface Keyring<M extends CryptoMode = CryptoMode> {
  /** The back end that performs the cryptography; its `mode` decides sync or async results. */
  readonly backend: CryptoBackend<M>;
  /** Id of the current key, used for every new token. */
  readonly currentId: string;
  /** Every key id, current first, in the order given. */
  readonly ids: readonly string[];
}

/** The derived keys of one secret. */
export interface KeyEntry {
  /** The key id carried in tokens. */
  readonly id: string;
  /** The HMAC-SHA-256 key, HKDF info {@link SIGN_INFO}. */
  readonly signKey: BackendKey;
  /** The AES-256-GCM key, HKDF info {@link SEAL_INFO}. */
  readonly sealKey: BackendKey;
  /** `s1.<id>.`: the start of every signed token of this key. */
  readonly signPrefix: string;
  /** `e1.<id>.`: the start of every sealed token of this key, and of its associated data. */
  readonly sealPrefix: string;
}

/** What sign/verify/seal/unseal need from a keyring. */
export interface KeyringState {
  /** The keyring's back end. */
  readonly backend: CryptoBackend;
  /** The key that signs and seals. */
  readonly current: KeyEntry;
  /** Every key, by id. */
  readonly byId: ReadonlyMap<string, KeyEntry>;
}

const STATE: unique symbol = Symbol('tessera.keyring');

interface KeyringWithState extends Keyring {
  readonly [STATE]: KeyringState;
}

/** HKDF `info` of the signing sub-key. Why: one secret never keys two algorithms (SR-38). */
export const SIGN_INFO = 'tessera/v1/sign';
/** HKDF `info` of the sealing sub-key. */
export const SEAL_INFO = 'tessera/v1/seal';
/** Prefix hashed with a secret to derive its default key id. */
export const KEY_ID_PREFIX = 'tessera key id\0';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Builds a keyring over `backend` (see `createKeyring` for the public entry point).
 * @throws ConfigError for an empty or non-array list, an entry that is not `{ id?, secret }`,
 * a refused secret (see `decodeSecret`), an invalid or duplicate id, or the same secret twice.
 */
export function buildKeyring<M extends CryptoMode>(keys: readonly KeyInput[], backend: CryptoBackend<M>): Keyring<M> {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigError('keys', 'must be a non-empty array of { id?, secret }, the current key first');
  }
  const entries: KeyEntry[] = [];
  const byId = new Map<string, KeyEntry>();
  const fingerprints = new Map<string, number>();
  keys.forEach((input: unknown, index) => {
    const option = `keys[${index}]`;
    if (typeof input !== 'object' || input === null || !('secret' in input)) {
      throw new ConfigError(option, 'must be an object { id?, secret }');
    }
    const { id, secret } = input as KeyInput;
    const bytes = decodeSecret(secret, `${option}.secret`);
    const prefixed = concat(utf8Encode(KEY_ID_PREFIX), bytes);
    const fingerprint = bytesToBase64url(sha256(prefixed));
    prefixed.fill(0);
    const previous = fingerprints.get(fingerprint);
    if (previous !== undefined) {
      bytes.fill(0);
      throw new ConfigError(`${option}.secret`, `is the same secret as keys[${previous}]; every key needs its own random secret`);
    }
    fingerprints.set(fingerprint, index);
    const keyId = id === undefined ? fingerprint.slice(0, 8) : id;
    if (!isKeyId(keyId)) {
      bytes.fill(0);
      throw new ConfigError(`${option}.id`, 'must be 1 to 32 characters of A-Z, a-z, 0-9, "-" and "_"');
    }
    if (byId.has(keyId)) {
      bytes.fill(0);
      throw new ConfigError(`${option}.id`, `"${keyId}" is already used by another key; key ids must be unique`);
    }
    const signBytes = hkdfSha256(bytes, new Uint8Array(0), utf8Encode(SIGN_INFO), 32);
    const sealBytes = hkdfSha256(bytes, new Uint8Array(0), utf8Encode(SEAL_INFO), 32);
    const entry: KeyEntry = Object.freeze({
      id: keyId,
      signKey: backend.importSignKey(signBytes),
      sealKey: backend.importSealKey(sealBytes),
      signPrefix: `s1.${keyId}.`,
      sealPrefix: `e1.${keyId}.`,
    });
    // Why: the back end copied what it needs; no key bytes stay in this module's memory.
    bytes.fill(0);
    signBytes.fill(0);
    sealBytes.fill(0);
    entries.push(entry);
    byId.set(keyId, entry);
  });
  const state: KeyringState = Object.freeze({ backend, current: entries[0]!, byId });
  const keyring = { backend, currentId: entries[0]!.id, ids: Object.freeze(entries.map((e) => e.id)) };
  // Why: non-enumerable, so console.log, JSON.stringify and structured loggers never see keys.
  Object.defineProperty(keyring, STATE, { value: state, enumerable: false });
  return Object.freeze(keyring) as Keyring<M>;
}

/** Whether `id` is a valid key id: 1 to 32 characters of `A-Z a-z 0-9 - _`. */
export function isKeyId(id: unknown): boolean {
  return typeof id === 'string' && KEY_ID.test(id);
}

/**
 * The key named by a token's id field, `token.slice(3, kidEnd)` (both formats put it after a
 * 3-character version tag), or `undefined` if the keyring has no such key. The current key
 * is recognised in place, without slicing and hashing the id.
 */
export function keyFor(state: KeyringState, token: string, kidEnd: number): KeyEntry | undefined {
  const current = state.current;
  if (kidEnd - 3 === current.id.length && token.startsWith(current.id, 3)) return current;
  return state.byId.get(token.slice(3, kidEnd));
}

/**
 * The derived keys behind a keyring.
 * @throws TypeError if `keyring` was not made by `createKeyring` (a programmer error).
 */
export function keyringState(keyring: Keyring): KeyringState {
  const state = (keyring as KeyringWithState | null | undefined)?.[STATE];
  if (state === undefined) throw new TypeError('expected a keyring made by createKeyring');
  return state;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
