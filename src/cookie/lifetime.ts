/**
 * Validation of the lifetime attributes, Max-Age and Expires, with the 400-day cap of
 * RFC 6265bis §5.5 "Cookie Lifetime Limits" (SR-12).
 * @module
 */
import { ConfigError, CookieError } from '../errors.ts';
import { EARLIEST_COOKIE_DATE_MS, LATEST_COOKIE_DATE_MS } from './http-date.ts';
import { MAX_LIFETIME_MS, MAX_LIFETIME_SECONDS } from './limits.ts';

/**
 * What the serializer does with a lifetime over 400 days: `'clamp'` (default) writes the
 * limit instead, as user agents would reduce it anyway (§5.5); `'throw'` refuses it.
 */
export type LifetimeCap = 'clamp' | 'throw';

/**
 * Checks a Max-Age in seconds and returns the integer to write. `0` is allowed and
 * means "expire now" (user agents treat Max-Age <= 0 as the earliest time, §5.6.2).
 * Throws {@link CookieError} (`maxAge`) for a non-number, NaN, ±Infinity, a fraction
 * (`max-age-av` is `1*DIGIT`, §4.1.1; SR-12), a negative number (use 0 to delete), or,
 * with `cap: 'throw'`, more than 34,560,000 s; with `'clamp'` returns 34,560,000 then.
 */
export function checkMaxAge(maxAge: unknown, cap: LifetimeCap): number {
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge)) {
    throw new CookieError('maxAge', 'must be an integer number of seconds: Max-Age is 1*DIGIT (RFC 6265bis §4.1.1; SR-12)');
  }
  if (maxAge < 0) {
    throw new CookieError('maxAge', 'must not be negative; use 0 to delete a cookie (RFC 6265bis §4.1.1)');
  }
  if (maxAge > MAX_LIFETIME_SECONDS) {
    // Browsers cap lifetimes at 400 days (§5.5); writing more promises what no browser keeps.
    if (cap === 'throw') {
      throw new CookieError('maxAge', `exceeds ${MAX_LIFETIME_SECONDS} s (400 days), the lifetime limit of RFC 6265bis §5.5 (SR-12)`);
    }
    return MAX_LIFETIME_SECONDS;
  }
  return maxAge;
}

function toEpochMs(expires: unknown): number {
  if (typeof expires === 'number') return expires;
  if (expires instanceof Date) return expires.getTime();
  // A Date from another realm (vm context, iframe) fails instanceof; a fake one throws here.
  try {
    return Date.prototype.getTime.call(expires as Date);
  } catch {
    return Number.NaN;
  }
}

/**
 * Checks an Expires given as a `Date` or epoch milliseconds, and returns the instant to
 * write, in epoch milliseconds truncated to the second. Past instants are allowed (they
 * delete). Throws {@link CookieError} (`expires`) for another type, an invalid Date, NaN,
 * ±Infinity, a year outside 1601..9999 (IMF-fixdate has four digits, §4.1.1; the
 * cookie-date algorithm rejects years before 1601, §5.1.1, so the cookie would silently
 * become a session cookie), or, with `cap: 'throw'`, an instant more than 400 days after
 * `now()`; with `'clamp'` returns `now() + 400 days` then (§5.5; SR-12).
 * Throws {@link ConfigError} (`now`) when `now()` is not a finite number.
 */
export function checkExpires(expires: unknown, cap: LifetimeCap, now: () => number): number {
  let ms = toEpochMs(expires);
  if (!Number.isFinite(ms)) {
    throw new CookieError('expires', 'must be a valid Date or finite epoch milliseconds (RFC 6265bis §4.1.1; SR-12)');
  }
  const nowMs = now();
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new ConfigError('now', 'must return finite epoch milliseconds');
  }
  const limit = nowMs + MAX_LIFETIME_MS;
  if (ms > limit) {
    if (cap === 'throw') {
      throw new CookieError('expires', 'is more than 400 days ahead, the lifetime limit of RFC 6265bis §5.5 (SR-12)');
    }
    ms = limit;
  }
  ms = Math.floor(ms / 1000) * 1000;
  if (ms < EARLIEST_COOKIE_DATE_MS || ms > LATEST_COOKIE_DATE_MS) {
    throw new CookieError('expires', 'must fall in the years 1601..9999 that IMF-fixdate and the cookie-date algorithm accept (RFC 6265bis §4.1.1, §5.1.1)');
  }
  return ms;
}
