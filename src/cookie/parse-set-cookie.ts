/**
 * The user-agent parser of a `Set-Cookie` header field value, RFC 6265bis §5.6 ("The
 * Set-Cookie Header Field"). It is lenient the way browsers are: it never throws, and it
 * gives back `null` only where the algorithm says to ignore the whole line. Attribute
 * semantics follow the "last one wins" rule of the algorithm. One pass with `indexOf`
 * and character loops, no regular expressions: linear in the length of the line.
 * @module
 */

import { parseCookieDate } from './cookie-date.ts';
import { MAX_ATTRIBUTE_VALUE_OCTETS, MAX_NAME_VALUE_OCTETS } from './limits.ts';

/** One cookie-av of a Set-Cookie line, as written (trimmed of leading and trailing WSP). */
export interface SetCookieAttribute {
  /** The attribute name as written (not case-normalized), e.g. `Max-Age`. */
  name: string;
  /** The attribute value as written; `''` when the cookie-av has no `=`. */
  value: string;
}

/** The SameSite enforcement a Set-Cookie line asks for (RFC 6265bis §5.6.7). */
export type SameSiteEnforcement = 'Strict' | 'Lax' | 'None' | 'Default';

/** The Chromium `Priority` attribute (not in RFC 6265bis; accepted for fidelity). */
export type CookiePriority = 'Low' | 'Medium' | 'High';

/**
 * A parsed `Set-Cookie` line: the cookie's name and value and the attributes the
 * RFC 6265bis §5.6 algorithm retains, each the last valid occurrence ("last one wins").
 * An absent optional property means the attribute was absent or every occurrence was
 * ignored as invalid.
 */
export interface ParsedSetCookie {
  /** Cookie name, trimmed of WSP; `''` for a nameless cookie (`Set-Cookie: foo`). */
  name: string;
  /** Cookie value, trimmed of WSP; quotes are kept (they are part of the value). */
  value: string;
  /** `Expires` as epoch milliseconds from the cookie-date algorithm (§5.6.1, §5.1.1). */
  expires?: number;
  /**
   * `Max-Age` in seconds, possibly 0 or negative (§5.6.2); clamped to
   * ±`Number.MAX_SAFE_INTEGER` for absurdly long digit strings.
   */
  maxAge?: number;
  /**
   * `Domain`, without one leading `.`, ASCII-lowercased (§5.6.3). Empty values are ignored, but
   * `Domain=.` gives `''`: §5.6.3 keeps it, so it overrides an earlier Domain, and the storage
   * model (§5.7 step 10) then makes the cookie host-only.
   */
  domain?: string;
  /**
   * `Path` when the last `Path` attribute starts with `/` (§5.6.4). When the last one is
   * empty or does not start with `/` this is absent: the cookie gets the default-path.
   */
  path?: string;
  /** `Secure` was present, whatever its value (§5.6.5). */
  secure: boolean;
  /** `HttpOnly` was present, whatever its value (§5.6.6). */
  httpOnly: boolean;
  /** Last `SameSite`: `Strict`/`Lax`/`None` case-insensitively, `Default` for any other value (§5.6.7). */
  sameSite?: SameSiteEnforcement;
  /** `Partitioned` was present (CHIPS; not in RFC 6265bis). */
  partitioned: boolean;
  /** Last recognized `Priority` (`Low`/`Medium`/`High`, case-insensitive); unknown values are ignored. */
  priority?: CookiePriority;
  /**
   * Every cookie-av in order, trimmed, with its name as written; cookie-avs with an empty
   * name and those whose value exceeds 1024 octets (ignored by §5.6) are left out.
   */
  attributes: SetCookieAttribute[];
}

/**
 * Which generation of the cookie specification to parse by.
 * - `rfc6265bis` (default): the current algorithm (§5.6).
 * - `rfc6265`: RFC 6265 (2011) §5.2 as the IETF http-state suite expects it. Two
 *   differences only: a line without `=` or with an empty name is ignored (no nameless
 *   cookies), and the line ends at the first NUL, CR or LF (legacy truncation, where
 *   6265bis ignores the whole line; other controls are still rejected).
 */
export type CookieProfile = 'rfc6265bis' | 'rfc6265';

/** Options of {@link parseSetCookie}. */
export interface ParseSetCookieOptions {
  /** Specification generation; see {@link CookieProfile}. Default `rfc6265bis`. */
  profile?: CookieProfile;
}

/** RFC 6265bis §5.6 step 1: CTLs other than HTAB (%x00-08 / %x0A-1F / %x7F). */
function isForbiddenControl(code: number): boolean {
  return code <= 0x08 || (code >= 0x0a && code <= 0x1f) || code === 0x7f;
}

function containsForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isForbiddenControl(text.charCodeAt(i))) return true;
  }
  return false;
}

/** Index of the first NUL, CR or LF, or the length of the text. */
function legacyTerminator(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x00 || code === 0x0a || code === 0x0d) return i;
  }
  return text.length;
}

/** Removes leading and trailing WSP (SP and HTAB only, RFC 5234), not other whitespace. */
function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Octets of `text` encoded as UTF-8; a lone surrogate counts as the 3 octets of U+FFFD.
 * Stops counting once `limit` is exceeded (the caller only needs to know that).
 */
function utf8Length(text: string, limit = Number.POSITIVE_INFINITY): number {
  let octets = 0;
  for (let i = 0; i < text.length && octets <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) octets += 1;
    else if (code < 0x800) octets += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        octets += 4;
        i++;
      } else {
        octets += 3;
      }
    } else octets += 3;
  }
  return octets;
}

/** ASCII-only lowercase, so that no non-ASCII letter folds into ASCII (e.g. U+212A KELVIN SIGN). */
function asciiLowercase(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) {
      out += text.slice(last, i) + String.fromCharCode(code + 0x20);
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** RFC 6265bis §5.6.2: `-`? DIGIT+ ; anything else means "ignore the cookie-av". */
function parseMaxAge(value: string): number | undefined {
  let pos = 0;
  const negative = value.charCodeAt(0) === 0x2d; // "-"
  if (negative) pos = 1;
  if (pos >= value.length) return undefined; // empty, or "-" alone
  let seconds = 0;
  for (; pos < value.length; pos++) {
    const code = value.charCodeAt(pos);
    if (code < 0x30 || code > 0x39) return undefined; // a non-DIGIT anywhere
    if (seconds < Number.MAX_SAFE_INTEGER) seconds = Math.min(seconds * 10 + (code - 0x30), Number.MAX_SAFE_INTEGER);
  }
  return negative ? -seconds : seconds;
}

function parseSameSite(value: string): SameSiteEnforcement {
  // RFC 6265bis §5.6.7: enforcement starts as "Default"; only the three keywords change it.
  const keyword = asciiLowercase(value);
  if (keyword === 'none') return 'None';
  if (keyword === 'strict') return 'Strict';
  if (keyword === 'lax') return 'Lax';
  return 'Default';
}

function parsePriority(value: string): CookiePriority | undefined {
  const keyword = asciiLowercase(value);
  if (keyword === 'low') return 'Low';
  if (keyword === 'medium') return 'Medium';
  if (keyword === 'high') return 'High';
  return undefined;
}

/** Applies one cookie-av to `cookie` (RFC 6265bis §5.6 attribute step 7, §5.6.1-§5.6.7). */
function applyAttribute(cookie: ParsedSetCookie, name: string, value: string): void {
  switch (asciiLowercase(name)) {
    case 'expires': {
      // §5.6.1: a value that is not a cookie-date is ignored (an earlier valid one stays).
      const instant = parseCookieDate(value);
      if (instant !== null) cookie.expires = instant;
      return;
    }
    case 'max-age': {
      // §5.6.2: not `-`? DIGIT+ → ignore the cookie-av.
      const seconds = parseMaxAge(value);
      if (seconds !== undefined) cookie.maxAge = seconds;
      return;
    }
    case 'domain': {
      // §5.6.3: an empty value is ignored; strip one leading ".", then lowercase.
      if (value === '') return;
      const domain = value.charCodeAt(0) === 0x2e ? value.slice(1) : value;
      cookie.domain = asciiLowercase(domain);
      return;
    }
    case 'path':
      // §5.6.4: empty or not starting with "/" means the default-path, which overrides
      // an earlier Path too; the jar computes the default-path from the request URL.
      if (value.charCodeAt(0) === 0x2f) cookie.path = value;
      else delete cookie.path;
      return;
    case 'secure':
      cookie.secure = true; // §5.6.5: the value, if any, is irrelevant.
      return;
    case 'httponly':
      cookie.httpOnly = true; // §5.6.6
      return;
    case 'samesite':
      cookie.sameSite = parseSameSite(value); // §5.6.7: last one wins, unknown → Default.
      return;
    case 'partitioned':
      cookie.partitioned = true; // CHIPS (draft-cutler-httpbis-partitioned-cookies).
      return;
    case 'priority': {
      const priority = parsePriority(value);
      if (priority !== undefined) cookie.priority = priority;
      return;
    }
    default:
      return; // §5.6 step 7: unrecognized attribute names are ignored.
  }
}

/**
 * Parses one `Set-Cookie` header field value with the user-agent algorithm of
 * RFC 6265bis §5.6.
 *
 * @param line the field value (what follows `Set-Cookie:`), any string.
 * @param options `profile: 'rfc6265'` for the RFC 6265 (2011) differences described at
 *   {@link CookieProfile}; default RFC 6265bis.
 * @returns the parsed cookie, or `null` when the whole line is to be ignored: it contains
 *   a control character other than HTAB (§5.6 step 1), name plus value exceed 4096
 *   octets (§5.6 step 5), or name and value are both empty (§5.7 step 2). Invalid
 *   attributes are skipped, never fatal. Never throws.
 */
export function parseSetCookie(line: string, options?: ParseSetCookieOptions): ParsedSetCookie | null {
  if (typeof line !== 'string') return null;
  const legacy = options?.profile === 'rfc6265';

  let input = line;
  if (legacy) input = input.slice(0, legacyTerminator(input));
  // RFC 6265bis §5.6 step 1: any CTL but HTAB → ignore the set-cookie-string entirely.
  if (containsForbiddenControl(input)) return null;

  // §5.6 step 2: the name-value-pair runs to the first ";", the rest are attributes.
  const semicolon = input.indexOf(';');
  const nameValuePair = semicolon < 0 ? input : input.slice(0, semicolon);

  // §5.6 step 3: without "=", the name is empty and the whole pair is the value.
  const equals = nameValuePair.indexOf('=');
  if (legacy && equals < 0) return null; // RFC 6265 §5.2 step 2: no "=" → ignore.
  // §5.6 step 4: trim WSP from both.
  const name = equals < 0 ? '' : trimWsp(nameValuePair.slice(0, equals));
  const value = trimWsp(equals < 0 ? nameValuePair : nameValuePair.slice(equals + 1));
  if (legacy && name === '') return null; // RFC 6265 §5.2 step 5: empty name → ignore.

  // §5.7 step 2: both empty → ignore.
  if (name === '' && value === '') return null;
  // §5.6 step 5: over 4096 octets → ignore. UTF-16 units never exceed UTF-8 octets,
  // so the cheap length check settles long inputs without counting.
  if (name.length + value.length > MAX_NAME_VALUE_OCTETS) return null;
  if (utf8Length(name) + utf8Length(value) > MAX_NAME_VALUE_OCTETS) return null;

  const cookie: ParsedSetCookie = {
    name,
    value,
    secure: false,
    httpOnly: false,
    partitioned: false,
    attributes: [],
  };
  if (semicolon < 0) return cookie;

  // §5.6 attribute steps 1-3: each cookie-av runs from a ";" to the next one.
  let start = semicolon + 1;
  while (start <= input.length) {
    let end = input.indexOf(';', start);
    if (end < 0) end = input.length;
    const cookieAv = input.slice(start, end);
    start = end + 1;

    // Attribute step 4: split at the first "=" (no "=" → empty value); step 5: trim WSP.
    const avEquals = cookieAv.indexOf('=');
    const attributeName = trimWsp(avEquals < 0 ? cookieAv : cookieAv.slice(0, avEquals));
    const attributeValue = avEquals < 0 ? '' : trimWsp(cookieAv.slice(avEquals + 1));

    // Attribute step 6: values over 1024 octets are ignored.
    if (attributeValue.length > MAX_ATTRIBUTE_VALUE_OCTETS) continue;
    if (utf8Length(attributeValue, MAX_ATTRIBUTE_VALUE_OCTETS) > MAX_ATTRIBUTE_VALUE_OCTETS) continue;
    if (attributeName === '') continue; // matches no attribute; nothing to record

    cookie.attributes.push({ name: attributeName, value: attributeValue });
    applyAttribute(cookie, attributeName, attributeValue);
  }
  return cookie;
}

