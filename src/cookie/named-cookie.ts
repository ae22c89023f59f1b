/**
 * Named cookies: one definition per cookie (name, attributes, and optionally a keyring to
 * sign or seal its value), validated once at start-up and then cheap to read and write.
 *
 * ```ts
 * const theme = createCookie('theme', { httpOnly: false, maxAge: 365 * 86400 });
 * const prefs = createCookie('__Host-prefs', { mode: 'sealed', keyring });
 * res.setHeader('Set-Cookie', [theme.serialize('dark'), prefs.serialize(JSON.stringify({ lang: 'en' }))]);
 * ```
 * @module
 */
import { ConfigError } from '../errors.ts';
import type { CryptoMode, Keyring, VerifyFailureReason, VerifyResult } from '../crypto/index.ts';
import { seal, sign, unseal, verify } from '../crypto/index.ts';
import { getCookie, getCookies } from './get-cookie.ts';
import { createSetCookieSerializer, serializeClearingSetCookie } from './serialize-set-cookie.ts';
import type { SetCookieAttributes } from './set-cookie-attributes.ts';

/** How a named cookie protects its value. */
export type NamedCookieMode = 'plain' | 'signed' | 'sealed';

/** Options of {@link createCookie}: the Set-Cookie attributes, plus how the value is protected. */
export interface NamedCookieOptions<M extends CryptoMode = CryptoMode> extends Omit<SetCookieAttributes, 'now'> {
  /** 'plain' (default without a keyring), 'signed' (readable, tamper-evident) or 'sealed' (encrypted; default with a keyring). */
  mode?: NamedCookieMode;
  /** The keyring (tessera/crypto) for 'signed' and 'sealed'. */
  keyring?: Keyring<M>;
  /** Clock, epoch ms, for Expires and for the expiry sealed into protected values. Default Date.now. */
  now?: () => number;
}

/** What reading a named cookie gives. `stale`: verified under an old key; serialize it again to re-issue (SR-37). */
export type NamedCookieRead =
  | { ok: true; value: string; stale: boolean }
  | { ok: false; reason: 'absent' | 'ambiguous' | VerifyFailureReason };

type Out<M extends CryptoMode, T> = M extends 'sync' ? T : Promise<T>;

/** A cookie definition. For a Web Crypto keyring, `serialize` and `parse` return promises. */
export interface NamedCookie<M extends CryptoMode = 'sync'> {
  readonly name: string;
  readonly mode: NamedCookieMode;
  /**
   * The Set-Cookie value carrying `value` (plain mode: cookie-octets, or pass `encode`).
   * Protected modes put the expiry (from maxAge/expires) inside the authenticated value, so a
   * client that keeps the cookie longer gains nothing (SR-11). Throws CookieError for an
   * invalid value, CookieTooLargeError past 4096 octets.
   */
  serialize(value: string): Out<M, string>;
  /**
   * Reads this cookie from a Cookie header. Never throws: absent, tampered, expired or
   * unknown-key values give `{ ok: false, reason }`. When the header carries several values
   * for the name, exactly one must authenticate (SR-30); plain mode takes the first.
   */
  parse(cookieHeader: string | null | undefined): Out<M, NamedCookieRead>;
  /** A Set-Cookie value that deletes the cookie (same Path and Domain; SR-15). */
  clear(): string;
}

/** Most values of one name tried on a request (SR-30). */
const MAX_CANDIDATES = 4;
const RAW = { decode: false } as const;

/**
 * Defines a cookie. Validates name, attributes and prefix rules now (CookieError), and that a
 * protected mode has a keyring (ConfigError naming the fix).
 */
export function createCookie(name: string, options?: NamedCookieOptions<'sync'>): NamedCookie<'sync'>;
export function createCookie(name: string, options: NamedCookieOptions<'async'> & { keyring: Keyring<'async'> }): NamedCookie<'async'>;
export function createCookie(name: string, options: NamedCookieOptions = {}): NamedCookie<CryptoMode> {
  const { mode: modeOption, keyring, now = Date.now, ...attributes } = options;
  const mode: NamedCookieMode = modeOption ?? (keyring ? 'sealed' : 'plain');
  if (mode !== 'plain' && !keyring) {
    throw new ConfigError('keyring', `a ${mode} cookie needs a keyring: createKeyring([{ secret }]) from 'tessera/crypto'`);
  }
  if (mode !== 'plain' && attributes.encode !== undefined) {
    throw new ConfigError('encode', `${mode} values are already cookie-safe; remove the encoder`);
  }
  const write = createSetCookieSerializer({ ...attributes, now });
  const clearing = serializeClearingSetCookie(name, attributes);
  write(name, ''); // validates the name and prefix rules now, not on the first response
  const lifetimeMs = (): number | undefined => {
    if (attributes.maxAge !== undefined) return now() + attributes.maxAge * 1000;
    if (attributes.expires !== undefined) return typeof attributes.expires === 'number' ? attributes.expires : attributes.expires.getTime();
    return undefined;
  };

  if (mode === 'plain') {
    return {
      name,
      mode,
      serialize: (value) => write(name, value),
      parse(header) {
        const value = getCookie(header, name);
        return value === undefined ? { ok: false, reason: 'absent' } : { ok: true, value, stale: false };
      },
      clear: () => clearing,
    };
  }

  const protect = (value: string) => {
    const expiresAt = lifetimeMs();
    const opts = expiresAt === undefined ? { purpose: name } : { purpose: name, expiresAt };
    return mode === 'sealed' ? seal(keyring!, value, opts) : sign(keyring!, value, opts);
  };
  const open = (token: string) => (mode === 'sealed' ? unseal(keyring!, token, { purpose: name, now: now() }) : verify(keyring!, token, { purpose: name, now: now() }));
  const decide = (results: VerifyResult[]): NamedCookieRead => {
    if (results.length === 0) return { ok: false, reason: 'absent' };
    const good = results.filter((r) => r.ok);
    if (good.length === 0) return { ok: false, reason: (results[0] as Extract<VerifyResult, { ok: false }>).reason };
    if (new Set(good.map((r) => r.value)).size > 1) return { ok: false, reason: 'ambiguous' };
    return { ok: true, value: good[0]!.value, stale: good.every((r) => r.stale) };
  };

  return {
    name,
    mode,
    serialize(value) {
      const token = protect(value);
      return token instanceof Promise ? token.then((t) => write(name, t)) : write(name, token);
    },
    parse(header) {
      const results = getCookies(header, name, RAW).slice(0, MAX_CANDIDATES).map(open);
      return results.some((r) => r instanceof Promise) ? Promise.all(results).then(decide) : decide(results as VerifyResult[]);
    },
    clear: () => clearing,
  } as NamedCookie<CryptoMode>;
}
