/**
 * Formatting of instants as IMF-fixdate, the only date form a server may send in Expires
 * (RFC 6265bis §4.1.1 `sane-cookie-date`, RFC 9110 §5.6.7). Arithmetic instead of
 * `Date#toUTCString` avoids a Date allocation per cookie.
 * @module
 */

const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // 1970-01-01 was a Thursday
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MS_PER_DAY = 86_400_000;

function two(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

/**
 * Formats an epoch-milliseconds instant as IMF-fixdate, e.g.
 * `"Sun, 06 Nov 1994 08:49:37 GMT"`; milliseconds are truncated, as `toUTCString` does.
 * The caller guarantees `ms` is finite and its year lies in 1601..9999 (the four-digit
 * years that IMF-fixdate can write and the cookie-date algorithm of §5.1.1 accepts).
 */
export function formatImfFixdate(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const secOfDay = Math.floor((ms - days * MS_PER_DAY) / 1000);
  // Civil date from day count (H. Hinnant's days_from_civil inverse, proleptic Gregorian).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = DAYS[((days % 7) + 7) % 7]!;
  const hours = Math.floor(secOfDay / 3600);
  const minutes = Math.floor((secOfDay % 3600) / 60);
  const seconds = secOfDay % 60;
  return `${weekday}, ${two(day)} ${MONTHS[month - 1]!} ${year} ${two(hours)}:${two(minutes)}:${two(seconds)} GMT`;
}

/** 1601-01-01T00:00:00Z: the cookie-date algorithm rejects earlier years (RFC 6265bis §5.1.1). */
export const EARLIEST_COOKIE_DATE_MS = -11_644_473_600_000;

/** 9999-12-31T23:59:59.999Z: IMF-fixdate writes a four-digit year (RFC 9110 §5.6.7). */
export const LATEST_COOKIE_DATE_MS = 253_402_300_799_999;
