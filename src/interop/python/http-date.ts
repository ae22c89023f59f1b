/**
 * Werkzeug's `http_date` and `parse_date`, which Flask's `" d"` tag uses
 * (specs/python-interop.md §3.4): writing is IMF-fixdate of the UTC instant with the
 * microseconds dropped; reading is a port of `email.utils.parsedate_to_datetime` (RFC 2822
 * and its many lenient variants), with `None` (here `null`) for what it cannot parse.
 * @module
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Earliest and latest instants a Python `datetime` holds (years 1..9999). */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;

/** True when `date` is a valid instant in Python's datetime range. */
export function isPythonDatetime(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= MIN_MS && t <= MAX_MS;
}

/** `http_date(dt)`: e.g. `Thu, 29 Feb 2024 13:37:42 GMT`. The caller checks {@link isPythonDatetime}. */
export function formatHttpDate(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  return `${DAYS[date.getUTCDay()]!}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]!} ${year} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, AST: -400, ADT: -300, EST: -500, EDT: -400, CST: -600, CDT: -500, MST: -700, MDT: -600, PST: -800, PDT: -700 };
/** Python's `str.split()` separators (Unicode whitespace as CPython defines it). */
const PY_WHITESPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Python's `int(text)` for ASCII digits with an optional sign and single underscores between digits; null where it raises. */
export function pyInt(text: string): number | null {
  if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) return null;
  return Number(text.replaceAll('_', ''));
}

const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * `werkzeug.http.parse_date(text)` as an instant: null where Python returns `None`. A date
 * with a numeric or named zone is converted to UTC (Python keeps the offset; the instant is
 * the same). Dates without a zone, or with `-0000`, are taken as UTC.
 */
export function parseHttpDate(text: string): Date | null {
  let data = text.split(PY_WHITESPACE).filter((s) => s !== '');
  if (data.length === 0) return null;
  if (data[0]!.endsWith(',') || DAY_NAMES.includes(data[0]!.toLowerCase())) data.shift();
  else {
    const i = data[0]!.lastIndexOf(',');
    if (i >= 0) data[0] = data[0]!.slice(i + 1);
  }
  if (data.length === 3) {
    const stuff = data[0]!.split('-');
    if (stuff.length === 3) data = [...stuff, ...data.slice(1)];
  }
  if (data.length === 4) {
    const s = data[3]!;
    let i = s.indexOf('+');
    if (i === -1) i = s.indexOf('-');
    if (i > 0) data.splice(3, 1, s.slice(0, i), s.slice(i));
    else data.push('');
  }
  if (data.length < 5) return null;
  let [dd, mm, yy, tm, tz] = data.slice(0, 5) as [string, string, string, string, string];
  if (!(dd && mm && yy)) return null;
  mm = mm.toLowerCase();
  if (!MONTH_NAMES.includes(mm)) {
    [dd, mm] = [mm, dd.toLowerCase()];
    if (!MONTH_NAMES.includes(mm)) return null;
  }
  let month = MONTH_NAMES.indexOf(mm) + 1;
  if (month > 12) month -= 12;
  if (dd.endsWith(',')) dd = dd.slice(0, -1);
  if (yy.indexOf(':') > 0) [yy, tm] = [tm, yy];
  if (yy.endsWith(',')) {
    yy = yy.slice(0, -1);
    if (!yy) return null;
  }
  if (!/^\d/.test(yy)) [yy, tz] = [tz, yy];
  if (tm.endsWith(',')) tm = tm.slice(0, -1);
  let parts = tm.split(':');
  let fields: [string, string, string];
  if (parts.length === 2) fields = [parts[0]!, parts[1]!, '0'];
  else if (parts.length === 3) fields = [parts[0]!, parts[1]!, parts[2]!];
  else if (parts.length === 1 && parts[0]!.includes('.')) {
    parts = parts[0]!.split('.');
    if (parts.length === 2) fields = [parts[0]!, parts[1]!, '0'];
    else if (parts.length === 3) fields = [parts[0]!, parts[1]!, parts[2]!];
    else return null;
  } else return null;
  const numbers = [yy, dd, ...fields].map(pyInt);
  if (numbers.some((x) => x === null)) return null;
  const [yy2, day, hour, minute, second] = numbers as [number, number, number, number, number];
  const year = yy2 < 100 ? yy2 + (yy2 > 68 ? 1900 : 2000) : yy2;

  let offset: number | null = null;
  tz = tz.toUpperCase();
  if (tz in ZONES) offset = ZONES[tz]!;
  else {
    const n = pyInt(tz);
    if (n !== null) offset = n === 0 && tz.startsWith('-') ? null : n;
  }
  let offsetSeconds = 0;
  if (offset) {
    const sign = offset < 0 ? -1 : 1;
    const abs = Math.abs(offset);
    offsetSeconds = sign * (Math.floor(abs / 100) * 3600 + (abs % 100) * 60);
  }
  // datetime() and timezone() validation: where Python raises ValueError, parse_date gives None.
  if (year < 1 || year > 9999 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  if (hour < 0 || minute < 0 || second < 0 || Math.abs(offsetSeconds) >= 86_400) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return new Date(date.getTime() - offsetSeconds * 1000);
}
