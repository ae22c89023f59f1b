/**
 * The analysis behind `tessera inspect-set-cookie`: what each attribute of a Set-Cookie line
 * means, and what a browser will do that the sender may not expect, each finding with its
 * RFC 6265bis section (draft-ietf-httpbis-rfc6265bis-22). The parse itself is tessera's
 * user-agent parser (`parseSetCookie`); this module only re-walks the line to see what the
 * parser drops silently (oversized, invalid and duplicate attributes).
 * @module
 */
import { MAX_ATTRIBUTE_VALUE_OCTETS, MAX_LIFETIME_SECONDS, MAX_NAME_VALUE_OCTETS, parseCookieDate, parseSetCookie, type ParsedSetCookie } from '../src/cookie/index.ts';
import { domainMatch, isPublicSuffix } from '../src/jar/index.ts';
import { duration, isoTime } from './human.ts';

/** How bad a finding is: `error` = the browser ignores the whole cookie; `warning` = it ignores, caps or changes part of it; `note` = worth knowing. */
export type Severity = 'error' | 'warning' | 'note';

/** One thing a browser will do with the line. */
export interface Finding {
  severity: Severity;
  /** Stable identifier, e.g. `samesite-none-insecure`. */
  code: string;
  /** What is wrong or notable. */
  message: string;
  /** What a browser does about it. */
  browser: string;
  /** Where the rule is, e.g. `RFC 6265bis §5.7 step 19`. */
  section: string;
}

/** One cookie-av as written, and what became of it. */
export interface AttributeReport {
  name: string;
  value: string;
  /** `used`: in effect; `overridden`: a later one of the same name wins; `ignored`: invalid, unknown or too long. */
  status: 'used' | 'overridden' | 'ignored';
  meaning: string;
  section: string;
}

/** The whole analysis. */
export interface SetCookieReport {
  /** The line analysed (without a leading `Set-Cookie:`). */
  line: string;
  /** False when a browser ignores the whole line or rejects the cookie. */
  accepted: boolean;
  name: string;
  value: string;
  /** Octets of name plus value (UTF-8). */
  nameValueOctets: number;
  attributes: AttributeReport[];
  /** When the cookie expires by its attributes, capped as a browser caps it; null for a session cookie. */
  expiresAt: number | null;
  /** The parse as `parseSetCookie` returns it; null when the line is ignored entirely. */
  parsed: ParsedSetCookie | null;
  findings: Finding[];
}

/** Options of {@link inspectSetCookie}. */
export interface InspectOptions {
  /** The clock for Expires comparisons, epoch ms. */
  now: number;
  /** The URL of the response that carries the line, to check Domain and Secure against it. */
  url?: URL | undefined;
}

const BIS = 'RFC 6265bis';
const utf8Octets = (text: string) => Buffer.byteLength(text, 'utf8');
const lower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const trimWsp = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');
/** RFC 9110 token: what a cookie-name must be (§4.1.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** cookie-value = *cookie-octet / DQUOTE *cookie-octet DQUOTE (§4.1.1). */
const COOKIE_VALUE = /^(?:[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*|"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")$/;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const KNOWN = ['expires', 'max-age', 'domain', 'path', 'secure', 'httponly', 'samesite', 'partitioned', 'priority'];
const FLAGS = ['secure', 'httponly', 'partitioned'];

const PREFIXES = [
  { prefix: '__host-http-', written: '__Host-Http-', host: true, http: true, section: `${BIS} §4.1.3.2, §5.7 step 21; draft-ietf-httpbis-layered-cookies` },
  { prefix: '__host-', written: '__Host-', host: true, http: false, section: `${BIS} §4.1.3.2, §5.7 step 21` },
  { prefix: '__http-', written: '__Http-', host: false, http: true, section: 'draft-ietf-httpbis-layered-cookies ("Store a Cookie")' },
  { prefix: '__secure-', written: '__Secure-', host: false, http: false, section: `${BIS} §4.1.3.1, §5.7 step 20` },
] as const;

/** Whether a valid value of attribute `key` (lowercase) is `value` (§5.6.1-§5.6.7). */
function isValid(key: string, value: string): boolean {
  switch (key) {
    case 'expires':
      return parseCookieDate(value) !== null;
    case 'max-age':
      return /^-?\d+$/.test(value);
    case 'domain':
      return value !== '';
    case 'path':
      return value.startsWith('/');
    case 'samesite':
      return ['strict', 'lax', 'none'].includes(lower(value));
    case 'priority':
      return ['low', 'medium', 'high'].includes(lower(value));
    default:
      return true;
  }
}

function meaningOf(key: string, value: string, now: number): [string, string] {
  switch (key) {
    case 'expires': {
      const at = parseCookieDate(value);
      if (at === null) return ['not a date the cookie-date algorithm reads: ignored', `${BIS} §5.6.1, §5.1.1`];
      return [at <= now ? `in the past (${isoTime(at)}): deletes the cookie` : `expires at ${isoTime(at)}`, `${BIS} §5.6.1`];
    }
    case 'max-age': {
      if (!/^-?\d+$/.test(value)) return ['not an integer (-?DIGIT+): ignored', `${BIS} §5.6.2`];
      const seconds = Number(value);
      if (seconds <= 0) return ['zero or negative: deletes the cookie at once', `${BIS} §5.6.2`];
      return [`expires ${duration(Math.min(seconds, MAX_LIFETIME_SECONDS) * 1000)} after it is received${seconds > MAX_LIFETIME_SECONDS ? ' (capped at 400 days)' : ''}`, `${BIS} §5.6.2`];
    }
    case 'domain':
      if (value === '') return ['empty: ignored', `${BIS} §5.6.3`];
      return [`sent to ${lower(value.replace(/^\./, ''))} and all its subdomains (not host-only)`, `${BIS} §5.6.3, §5.7 step 10`];
    case 'path':
      if (!value.startsWith('/')) return ['does not start with "/": the cookie gets the default path (the request path up to its last "/")', `${BIS} §5.6.4, §5.1.4`];
      return [value === '/' ? 'sent for every path of the host' : `sent for ${value} and the paths below it`, `${BIS} §5.6.4`];
    case 'secure':
      return [`sent over secure connections only (HTTPS); may only be set by a secure origin${value !== '' ? `; the value "${value}" means nothing` : ''}`, `${BIS} §5.6.5, §5.7 step 13`];
    case 'httponly':
      return [`hidden from scripts (document.cookie, CookieStore)${value !== '' ? `; the value "${value}" means nothing` : ''}`, `${BIS} §5.6.6`];
    case 'samesite':
      switch (lower(value)) {
        case 'strict':
          return ['sent on same-site requests only', `${BIS} §5.6.7`];
        case 'lax':
          return ['sent on same-site requests and top-level cross-site navigations (safe methods)', `${BIS} §5.6.7`];
        case 'none':
          return ['sent on cross-site requests too (requires Secure)', `${BIS} §5.6.7, §5.7 step 19`];
        default:
          return [`unknown value: enforcement "Default", as if SameSite were absent`, `${BIS} §5.6.7`];
      }
    case 'partitioned':
      return [`stored per top-level site (CHIPS); requires Secure${value !== '' ? `; the value "${value}" means nothing` : ''}`, 'draft-cutler-httpbis-partitioned-cookies'];
    case 'priority':
      return isValid('priority', value) ? ['eviction priority (Chromium only)', 'not in RFC 6265bis'] : ['unknown priority: ignored', 'not in RFC 6265bis'];
    default:
      return ['unknown attribute: ignored', `${BIS} §5.6 step 7`];
  }
}

/** Analyses one Set-Cookie field value (a leading `Set-Cookie:` is removed). Never throws. */
export function inspectSetCookie(input: string, options: InspectOptions): SetCookieReport {
  const line = input.replace(/^\s*set-cookie\s*:\s*/i, '');
  const { now, url } = options;
  const findings: Finding[] = [];
  const add = (severity: Severity, code: string, message: string, browser: string, section: string) => findings.push({ severity, code, message, browser, section });

  const semicolon = line.indexOf(';');
  const pair = semicolon < 0 ? line : line.slice(0, semicolon);
  const equals = pair.indexOf('=');
  const name = equals < 0 ? '' : trimWsp(pair.slice(0, equals));
  const value = trimWsp(equals < 0 ? pair : pair.slice(equals + 1));
  const nameValueOctets = utf8Octets(name) + utf8Octets(value);

  // The cookie-avs as written, with what the parser does to each.
  const raw = semicolon < 0 ? [] : line.slice(semicolon + 1).split(';');
  const avs = raw.map((av) => {
    const eq = av.indexOf('=');
    return { name: trimWsp(eq < 0 ? av : av.slice(0, eq)), value: eq < 0 ? '' : trimWsp(av.slice(eq + 1)) };
  });
  const effective = new Map<string, number>();
  avs.forEach((av, i) => {
    const key = lower(av.name);
    if (av.name === '' || utf8Octets(av.value) > MAX_ATTRIBUTE_VALUE_OCTETS) return;
    // Path is the exception: an invalid last Path resets the cookie to the default path (§5.6.4).
    if (isValid(key, av.value) || key === 'path') effective.set(key, i);
  });
  const attributes: AttributeReport[] = [];
  avs.forEach((av, i) => {
    const key = lower(av.name);
    const octets = utf8Octets(av.value);
    if (av.name === '' && av.value === '') return; // an empty cookie-av (";;" or a trailing ";"): nothing at all
    if (octets > MAX_ATTRIBUTE_VALUE_OCTETS) {
      const effect = key === 'path' ? 'the cookie gets the default path' : key === 'domain' ? 'the cookie becomes host-only' : key === 'expires' || key === 'max-age' ? 'the lifetime it sets is lost' : 'it has no effect';
      attributes.push({ name: av.name, value: av.value, status: 'ignored', meaning: `value of ${octets} bytes is over the ${MAX_ATTRIBUTE_VALUE_OCTETS}-byte limit: ignored`, section: `${BIS} §5.6` });
      add('warning', 'attribute-too-long', `${av.name} has a ${octets}-byte value, over the ${MAX_ATTRIBUTE_VALUE_OCTETS}-byte attribute limit`, `browsers ignore the attribute, so ${effect}`, `${BIS} §5.6`);
      return;
    }
    if (av.name === '') {
      attributes.push({ name: '', value: av.value, status: 'ignored', meaning: 'no attribute name: ignored', section: `${BIS} §5.6` });
      return;
    }
    const [meaning, section] = meaningOf(key, av.value, now);
    const known = KNOWN.includes(key);
    const status = !known ? 'ignored' : effective.get(key) === i ? 'used' : isValid(key, av.value) || key === 'path' ? 'overridden' : 'ignored';
    attributes.push({ name: av.name, value: av.value, status, meaning: status === 'overridden' ? `${meaning}; overridden by a later ${av.name}` : meaning, section });
    if (!known) add('note', 'unknown-attribute', `${av.name} is not a cookie attribute`, 'browsers ignore it', `${BIS} §5.6 step 7`);
    else if (FLAGS.includes(key) && av.value !== '') {
      const flagSection = key === 'secure' ? `${BIS} §5.6.5` : key === 'httponly' ? `${BIS} §5.6.6` : 'draft-cutler-httpbis-partitioned-cookies';
      add('warning', 'flag-with-value', `${av.name}=${av.value} gives a flag a value`, `browsers ignore the value: ${av.name} is on whatever it says (${av.name}=false still sets it)`, flagSection);
    } else if (key === 'expires' && !isValid(key, av.value)) {
      add('warning', 'invalid-expires', `Expires=${av.value} is not a valid cookie date`, 'browsers ignore this Expires (with no other valid lifetime the cookie is a session cookie)', `${BIS} §5.6.1, §5.1.1`);
    } else if (key === 'max-age' && !isValid(key, av.value)) {
      add('warning', 'invalid-max-age', `Max-Age=${av.value} is not an integer`, 'browsers ignore this Max-Age', `${BIS} §5.6.2`);
    } else if (key === 'samesite' && !isValid(key, av.value)) {
      add('warning', 'invalid-samesite', `SameSite=${av.value} is not Strict, Lax or None`, 'browsers use the "Default" enforcement, as if SameSite were absent (Lax in Chromium)', `${BIS} §5.6.7`);
    } else if (key === 'path' && !av.value.startsWith('/')) {
      add('warning', 'invalid-path', `Path=${av.value} does not start with "/"`, 'browsers use the default path instead (the request path up to its last "/")', `${BIS} §5.6.4`);
    }
  });
  // Duplicates: the last valid one wins (and servers SHOULD NOT send them).
  const seen = new Map<string, string[]>();
  for (const av of avs) {
    const key = lower(av.name);
    if (KNOWN.includes(key) && utf8Octets(av.value) <= MAX_ATTRIBUTE_VALUE_OCTETS) seen.set(key, [...(seen.get(key) ?? []), av.value === '' ? av.name : `${av.name}=${av.value}`]);
  }
  for (const [key, written] of seen) {
    if (written.length < 2) continue;
    const winner = effective.get(key);
    const wins = winner === undefined ? 'none is valid, so it has no effect' : `the last valid one wins: ${avs[winner]!.value === '' ? avs[winner]!.name : `${avs[winner]!.name}=${avs[winner]!.value}`}`;
    add('warning', 'duplicate-attribute', `${avs.find((a) => lower(a.name) === key)!.name} appears ${written.length} times (${written.join('; ')})`, `browsers apply them in order and ${wins}`, `${BIS} §5.6, §4.1.1 (servers SHOULD NOT send duplicates)`);
  }

  // Whole-line refusals (§5.6 steps 1 and 5, §5.7 step 2): parseSetCookie returns null for these.
  const parsed = parseSetCookie(line);
  if (CONTROL.test(line)) add('error', 'control-character', 'the line contains a control character (other than tab)', 'browsers ignore the whole line', `${BIS} §5.6 step 1`);
  if (nameValueOctets > MAX_NAME_VALUE_OCTETS) {
    add('error', 'name-value-too-long', `name plus value is ${nameValueOctets} bytes, over the ${MAX_NAME_VALUE_OCTETS}-byte limit`, 'browsers ignore the whole line', `${BIS} §5.6 step 5, §5.7 step 4`);
  }
  if (name === '' && value === '' && !CONTROL.test(line)) add('error', 'empty-cookie', 'the cookie has neither a name nor a value', 'browsers ignore the whole line', `${BIS} §5.7 step 2`);

  let expiresAt: number | null = null;
  if (parsed !== null) {
    if (parsed.name === '') {
      add('note', 'nameless', `${equals < 0 ? 'no "="' : 'an empty name'}: a nameless cookie whose value is "${value}"`, 'browsers store it and send it back as the bare value, which most servers cannot read', `${BIS} §5.6 step 3`);
    } else if (!TOKEN.test(parsed.name)) {
      add('note', 'name-not-token', `the name "${parsed.name}" has characters outside an HTTP token`, 'browsers accept it, but servers SHOULD NOT send it and some parsers split it differently', `${BIS} §4.1.1`);
    }
    if (!COOKIE_VALUE.test(parsed.value)) {
      add('note', 'value-not-cookie-octets', 'the value has characters outside cookie-octet (space, comma, backslash, a lone quote or non-ASCII)', 'browsers keep it as written, but servers SHOULD NOT send it (encode it, e.g. base64url)', `${BIS} §4.1.1`);
    }

    // SameSite=None needs Secure (§5.7 step 19).
    if (parsed.sameSite === 'None' && !parsed.secure) {
      add('error', 'samesite-none-insecure', 'SameSite=None without Secure', 'browsers ignore the whole cookie', `${BIS} §5.7 step 19`);
    }
    if (parsed.sameSite === undefined) {
      add('note', 'no-samesite', 'no SameSite attribute (enforcement "Default")', 'Chromium treats it as Lax (sent cross-site only on top-level navigations); Firefox and Safari as None', `${BIS} §5.6.7, §5.7 step 17`);
    }
    if (parsed.partitioned && !parsed.secure) {
      add('error', 'partitioned-insecure', 'Partitioned without Secure', 'browsers that support partitioned cookies (Chromium) ignore the whole cookie', 'draft-cutler-httpbis-partitioned-cookies; not in RFC 6265bis');
    }

    // Name prefixes, matched case-insensitively (§5.4).
    const lname = lower(parsed.name);
    const prefix = PREFIXES.find((p) => lname.startsWith(p.prefix));
    if (prefix !== undefined) {
      const broken: string[] = [];
      if (!parsed.secure) broken.push('no Secure');
      if (prefix.http && !parsed.httpOnly) broken.push('no HttpOnly');
      if (prefix.host && parsed.domain !== undefined) broken.push(`Domain=${parsed.domain} (must be absent)`);
      if (prefix.host && parsed.path !== '/') broken.push(parsed.path === undefined ? 'no valid Path (must be Path=/)' : `Path=${parsed.path} (must be /)`);
      if (broken.length > 0) {
        const needs = `Secure${prefix.http ? ', HttpOnly' : ''}${prefix.host ? ', Path=/ and no Domain' : ''}`;
        add('error', 'prefix-rules', `the ${prefix.written} prefix needs ${needs}; here: ${broken.join(', ')}`, 'browsers ignore the whole cookie', prefix.section);
      }
      if (!parsed.name.startsWith(prefix.written)) {
        add('note', 'prefix-case', `"${parsed.name.slice(0, prefix.written.length)}" is matched as the ${prefix.written} prefix`, 'browsers match prefixes case-insensitively, so its rules apply', `${BIS} §5.4`);
      }
    }
    if (parsed.name === '' && PREFIXES.some((p) => lower(parsed.value).startsWith(p.prefix))) {
      add('error', 'nameless-prefix', 'a nameless cookie whose value starts with a cookie name prefix', 'browsers ignore the whole cookie (it would reach the server looking like a prefixed cookie)', `${BIS} §5.7 step 22`);
    }

    // Domain: non-ASCII, public suffix, IP address, and against --url.
    const domain = parsed.domain;
    if (domain !== undefined) {
      if (/[^\x00-\x7f]/.test(domain)) {
        add('error', 'domain-not-ascii', `Domain=${domain} is not ASCII (use its punycode form)`, 'browsers ignore the whole cookie', `${BIS} §5.7 step 8`);
      } else if (isPublicSuffix(domain)) {
        const same = url !== undefined && lower(url.hostname) === domain;
        add(
          same ? 'warning' : 'error',
          'domain-public-suffix',
          `Domain=${domain} is a public suffix`,
          same ? 'set by that very host, the cookie becomes host-only' : `browsers ignore the whole cookie unless the response comes from ${domain} itself (then it is host-only)`,
          `${BIS} §5.7 step 9`,
        );
      } else if (url !== undefined && !domainMatch(lower(url.hostname), domain)) {
        add('error', 'domain-mismatch', `Domain=${domain} does not domain-match the host ${url.hostname}`, 'browsers ignore the whole cookie', `${BIS} §5.7 step 10, §5.1.3`);
      }
    } else {
      add('note', 'host-only', 'no Domain attribute (a host-only cookie)', `sent back only to the host that set it${url !== undefined ? ` (${url.hostname})` : ''}, not its subdomains`, `${BIS} §5.7 step 10`);
    }
    if (url !== undefined && parsed.secure && url.protocol !== 'https:' && url.protocol !== 'wss:') {
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost');
      add(loopback ? 'note' : 'error', 'secure-from-insecure-origin', `Secure set by ${url.protocol}//${url.host}, an insecure origin`, loopback ? 'browsers treat loopback as secure and accept it' : 'browsers ignore the whole cookie', `${BIS} §5.7 step 13`);
    }

    // Lifetime: Max-Age wins over Expires; both are capped at 400 days (§5.5).
    if (parsed.maxAge !== undefined && parsed.maxAge > MAX_LIFETIME_SECONDS) {
      add('warning', 'max-age-capped', `Max-Age=${parsed.maxAge} is ${duration(parsed.maxAge * 1000)}, over 400 days`, 'browsers cap the lifetime at 400 days (34560000 s)', `${BIS} §5.5, §5.6.2`);
    }
    if (parsed.expires !== undefined && parsed.expires > now + MAX_LIFETIME_SECONDS * 1000 && parsed.maxAge === undefined) {
      add('warning', 'expires-capped', `Expires ${isoTime(parsed.expires)} is more than 400 days ahead`, `browsers cap it at 400 days from when they receive it (${isoTime(now + MAX_LIFETIME_SECONDS * 1000)} if received now)`, `${BIS} §5.5, §5.6.1`);
    }
    if (parsed.maxAge !== undefined && parsed.expires !== undefined) {
      add('note', 'max-age-and-expires', 'both Max-Age and Expires', 'browsers use Max-Age and ignore Expires (old browsers without Max-Age use Expires)', `${BIS} §5.7 step 6, §4.1.2.2`);
    }
    if (parsed.maxAge !== undefined) {
      expiresAt = parsed.maxAge <= 0 ? now : now + Math.min(parsed.maxAge, MAX_LIFETIME_SECONDS) * 1000;
    } else if (parsed.expires !== undefined) {
      expiresAt = Math.min(parsed.expires, now + MAX_LIFETIME_SECONDS * 1000);
    }
    if (expiresAt !== null && expiresAt <= now) {
      add('note', 'deletes', 'the cookie expires at once', 'browsers delete any cookie of that name, domain and path, and store nothing (the usual way to delete a cookie)', `${BIS} §5.6.1, §5.6.2, §5.7`);
    } else if (expiresAt === null) {
      add('note', 'session-cookie', 'no valid Max-Age or Expires (a session cookie)', 'browsers drop it when the browsing session ends (session restore may keep it)', `${BIS} §5.7 step 6`);
    }
    if (!parsed.secure && parsed.sameSite !== 'None') {
      add('note', 'no-secure', 'no Secure attribute', 'browsers also send it over plain HTTP, where a network attacker can read and overwrite it', `${BIS} §5.6.5`);
    }
    if (!parsed.httpOnly) add('note', 'no-httponly', 'no HttpOnly attribute', 'page scripts can read it (document.cookie); fine for UI state, not for session ids', `${BIS} §5.6.6`);
  }

  const accepted = parsed !== null && !findings.some((f) => f.severity === 'error');
  return { line, accepted, name, value, nameValueOctets, attributes, expiresAt, parsed, findings };
}
