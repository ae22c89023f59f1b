/**
 * The cookie-date algorithm of RFC 6265bis §5.1.1 ("Dates"): the lenient parser user
 * agents run on the value of an `Expires` attribute. One left-to-right pass over the
 * input, no regular expressions, so time is linear in the input whatever it holds.
 * @module
 */

/** Month names as the algorithm matches them: the first three characters, case-insensitively. */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * RFC 6265bis §5.1.1 `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
 * Everything else (controls other than HTAB, digits, ":", letters, %x7F and above) is a
 * `non-delimiter`; code units above %xFF are treated like the octets %x80-FF.
 */
function isDelimiter(code: number): boolean {
  return (
    code === 0x09 ||
    (code >= 0x20 && code <= 0x2f) ||
    (code >= 0x3b && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Reads `1*max DIGIT` at `start` of `token`, then requires the end of the token or a
 * `non-digit` (RFC 6265bis §5.1.1 `day-of-month`, `year`: `1*2DIGIT [ non-digit *OCTET ]`).
 * Returns the number read, or -1 when the token does not match.
 */
function leadingNumber(token: string, min: number, max: number): number {
  let value = 0;
  let count = 0;
  while (count < token.length && isDigit(token.charCodeAt(count))) {
    if (count === max) return -1; // a further digit where a non-digit is required
    value = value * 10 + (token.charCodeAt(count) - 0x30);
    count++;
  }
  return count >= min ? value : -1;
}

/**
 * RFC 6265bis §5.1.1 `time = hms-time [ non-digit *OCTET ]`,
 * `hms-time = time-field ":" time-field ":" time-field`, `time-field = 1*2DIGIT`.
 * Returns [hour, minute, second] or null.
 */
function matchTime(token: string): [number, number, number] | null {
  const fields: number[] = [];
  let pos = 0;
  for (let field = 0; field < 3; field++) {
    let value = 0;
    let count = 0;
    while (count < 2 && pos < token.length && isDigit(token.charCodeAt(pos))) {
      value = value * 10 + (token.charCodeAt(pos) - 0x30);
      pos++;
      count++;
    }
    if (count === 0) return null;
    fields.push(value);
    if (field < 2) {
      if (token.charCodeAt(pos) !== 0x3a) return null; // ":"
      pos++;
    }
  }
  if (pos < token.length && isDigit(token.charCodeAt(pos))) return null; // a third digit
  return [fields[0] ?? 0, fields[1] ?? 0, fields[2] ?? 0];
}

/** RFC 6265bis §5.1.1 `month = ( "jan" / ... / "dec" ) *OCTET`: returns 0-11 or -1. */
function matchMonth(token: string): number {
  if (token.length < 3) return -1;
  return MONTHS.indexOf(token.slice(0, 3).toLowerCase());
}

/**
 * Parses a cookie-date (the value of an `Expires` attribute) with the algorithm of
 * RFC 6265bis §5.1.1: split into date-tokens on delimiters, take the first token that
 * looks like a time, then a day of month, a month and a year, map two-digit years
 * (70-99 to 19xx, 00-69 to 20xx), and check the ranges.
 *
 * @param text the attribute value, any string (controls and non-ASCII included).
 * @returns the instant in epoch milliseconds (UTC), or `null` when the algorithm fails:
 *   a missing field, day-of-month outside 1-31, year before 1601, hour > 23,
 *   minute > 59, second > 59, or a date that does not exist (such as 30 February).
 *   Never throws.
 */
export function parseCookieDate(text: string): number | null {
  let time: [number, number, number] | null = null;
  let dayOfMonth = -1;
  let month = -1;
  let year = -1;

  const length = text.length;
  let pos = 0;
  // RFC 6265bis §5.1.1 step 1: date-tokens are runs of non-delimiters.
  while (pos < length) {
    while (pos < length && isDelimiter(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    const start = pos;
    while (pos < length && !isDelimiter(text.charCodeAt(pos))) pos++;
    const token = text.slice(start, pos);

    // RFC 6265bis §5.1.1 step 2: each token feeds the first production it matches,
    // in the order time, day-of-month, month, year, each at most once.
    if (time === null) {
      const found = matchTime(token);
      if (found !== null) {
        time = found;
        continue;
      }
    }
    if (dayOfMonth < 0) {
      const found = leadingNumber(token, 1, 2);
      if (found >= 0) {
        dayOfMonth = found;
        continue;
      }
    }
    if (month < 0) {
      const found = matchMonth(token);
      if (found >= 0) {
        month = found;
        continue;
      }
    }
    if (year < 0) {
      const found = leadingNumber(token, 2, 4);
      if (found >= 0) {
        year = found;
        continue;
      }
    }
  }

  // RFC 6265bis §5.1.1 steps 3-4: two-digit years.
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;

  // RFC 6265bis §5.1.1 step 5: every field found and in range.
  if (time === null || dayOfMonth < 0 || month < 0 || year < 0) return null;
  const [hour, minute, second] = time;
  if (dayOfMonth < 1 || dayOfMonth > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }

  // RFC 6265bis §5.1.1 step 6: the date must exist (no 31 April, no 29 February 2023).
  const instant = Date.UTC(year, month, dayOfMonth, hour, minute, second);
  if (new Date(instant).getUTCDate() !== dayOfMonth) return null;
  return instant;
}
