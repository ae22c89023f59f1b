/**
 * The demo's own named cookies (besides the session cookie): a theme preference that page
 * scripts may read, and the cookie page's signed visit counter and sealed note. Each is
 * defined once with `createCookie`, which checks its name and attributes at start-up.
 * @module
 */
import { createCookie, type NamedCookie } from '../src/cookie/index.ts';
import type { Keyring } from '../src/crypto/index.ts';

/** The themes the theme page offers. */
export const THEMES = ['system', 'light', 'dark'] as const;
/** A theme preference. */
export type Theme = (typeof THEMES)[number];

/** The demo's named cookies. */
export interface DemoCookies {
  /** `theme`: plain, and `httpOnly: false` so scripts can read it (it holds nothing secret). */
  theme: NamedCookie;
  /** `__Host-visits`: signed, so anyone can read it but a change is detected. */
  visits: NamedCookie;
  /** `__Host-note`: sealed (AES-256-GCM), so its value reveals nothing. */
  note: NamedCookie;
}

/** Defines the cookies; the signed and sealed ones use `keyring`. */
export function createDemoCookies(keyring: Keyring<'sync'>): DemoCookies {
  return {
    theme: createCookie('theme', { httpOnly: false, maxAge: 365 * 86_400 }),
    visits: createCookie('__Host-visits', { mode: 'signed', keyring, maxAge: 30 * 86_400 }),
    note: createCookie('__Host-note', { mode: 'sealed', keyring, maxAge: 86_400 }),
  };
}

/** The theme in the request's cookies; `system` when absent or not one of {@link THEMES}. */
export function readTheme(cookies: DemoCookies, cookieHeader: string | null | undefined): Theme {
  const read = cookies.theme.parse(cookieHeader);
  return read.ok && (THEMES as readonly string[]).includes(read.value) ? (read.value as Theme) : 'system';
}
