import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createSetCookieSerializer,
  serializeClearingSetCookie,
  serializeSetCookie,
} from '../../src/cookie/serialize-set-cookie.ts';
import type { SetCookieAttributes } from '../../src/cookie/set-cookie-attributes.ts';
import { parseSetCookie } from '../../src/cookie/parse-set-cookie.ts';
import { ConfigError, CookieError, CookieTooLargeError } from '../../src/errors.ts';
import { cookieValue, tokenName } from './arbitraries.ts';

const NOW = Date.UTC(2025, 0, 1); // 2025-01-01T00:00:00Z
const now = () => NOW;
const DAY = 86_400_000;

/** Asserts that `run` throws a CookieError for `field` (not a CookieTooLargeError unless asked). */
function throwsField(run: () => unknown, field: string): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof CookieError, `expected CookieError, got ${String(e)}`);
    assert.equal(e.field, field, e.message);
    assert.equal(e.code, 'ERR_TESSERA_COOKIE');
    return true;
  });
}

/** Every CTL: %x00-1F and %x7F. */
const CTLS = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), '\u007f'];

describe('serializeSetCookie: safe defaults for application cookies (SR-21)', () => {
  test('defaults to Path=/, HttpOnly, Secure, SameSite=Lax, host-only, browser-session', () => {
    assert.equal(serializeSetCookie('sid', 'abc'), 'sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  test('__Host- works with the defaults alone (SR-21: the recommended session cookie)', () => {
    assert.equal(serializeSetCookie('__Host-sid', 'abc'), '__Host-sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  test('each default is weakened only explicitly: secure: false, httpOnly: false, path: null, sameSite: null', () => {
    assert.equal(serializeSetCookie('dev', 'x', { secure: false }), 'dev=x; Path=/; HttpOnly; SameSite=Lax');
    assert.equal(serializeSetCookie('ui', 'x', { httpOnly: false }), 'ui=x; Path=/; Secure; SameSite=Lax');
    assert.equal(serializeSetCookie('p', 'x', { path: null, sameSite: null }), 'p=x; HttpOnly; Secure');
    assert.equal(serializeSetCookie('u', 'x', { path: undefined, secure: undefined }), 'u=x; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  test('writes all attributes in a fixed order, each at most once (§4.1.1; SR-26)', () => {
    const line = serializeSetCookie('sid', 'v', {
      maxAge: 3600,
      domain: 'Example.COM',
      path: '/app',
      expires: NOW + DAY,
      partitioned: true,
      priority: 'high',
      sameSite: 'strict',
      now,
    });
    assert.equal(line, 'sid=v; Max-Age=3600; Domain=example.com; Path=/app; Expires=Thu, 02 Jan 2025 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict');
    const names = line.split('; ').slice(1).map((a) => a.split('=')[0]!.toLowerCase());
    assert.equal(new Set(names).size, names.length);
  });

  test('round-trips through the RFC 6265bis §5.6 parser', () => {
    const parsed = parseSetCookie(serializeSetCookie('__Host-sid', '"q"', { maxAge: 60, priority: 'low' }));
    assert.ok(parsed);
    assert.deepEqual(
      { name: parsed.name, value: parsed.value, path: parsed.path, maxAge: parsed.maxAge, secure: parsed.secure, httpOnly: parsed.httpOnly, sameSite: parsed.sameSite, priority: parsed.priority },
      { name: '__Host-sid', value: '"q"', path: '/', maxAge: 60, secure: true, httpOnly: true, sameSite: 'Lax', priority: 'Low' },
    );
  });
});

describe('serializeSetCookie: name (§4.1.1 cookie-name = token; SR-24, SR-26)', () => {
  test('accepts every RFC 9110 tchar', () => {
    const name = "!#$%&'*+-.^_`|~09AZaz";
    assert.ok(serializeSetCookie(name, 'v').startsWith(`${name}=v;`));
  });

  test('refuses an empty name: servers must not produce nameless cookies (§4.1.1; SR-22, SR-26)', () => {
    throwsField(() => serializeSetCookie('', 'v'), 'name');
    throwsField(() => serializeSetCookie('', '__Host-x'), 'name');
  });

  test('refuses delimiters, space and non-ASCII in a name (RFC 9110 §5.6.2 token; SR-24)', () => {
    for (const ch of ['(', ')', ',', '/', ':', ';', '<', '=', '>', '?', '@', '[', '\\', ']', '{', '}', '"', ' ', 'é', '\u280a', '\ud800']) {
      throwsField(() => serializeSetCookie(`a${ch}b`, 'v'), 'name');
    }
  });

  test('refuses every CTL in a name (SR-24: response splitting)', () => {
    for (const ctl of CTLS) throwsField(() => serializeSetCookie(`a${ctl}`, 'v'), 'name');
  });

  test('refuses a non-string name', () => {
    throwsField(() => serializeSetCookie(42 as unknown as string, 'v'), 'name');
  });
});

describe('serializeSetCookie: value (§4.1.1 cookie-value; SR-24, SR-25)', () => {
  test('accepts every cookie-octet, an empty value and a DQUOTE-wrapped value', () => {
    const octets = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    assert.ok(serializeSetCookie('a', octets).startsWith(`a=${octets};`));
    assert.ok(serializeSetCookie('a', '').startsWith('a=;'));
    assert.ok(serializeSetCookie('a', '""').startsWith('a="";'));
    assert.ok(serializeSetCookie('a', '"x=y"').startsWith('a="x=y";'));
  });

  test('refuses space, DQUOTE inside, comma, semicolon, backslash and non-ASCII: no silent mangling', () => {
    for (const v of ['a b', 'a"b', '"', '"ab', 'ab"', 'a,b', 'a;b', 'a\\b', 'é', '€', '\ud800', '"a b"']) {
      throwsField(() => serializeSetCookie('a', v), 'value');
    }
  });

  test('refuses every CTL anywhere in the value, including CR LF (SR-24: response splitting)', () => {
    for (const ctl of CTLS) {
      throwsField(() => serializeSetCookie('a', `x${ctl}`), 'value');
      throwsField(() => serializeSetCookie('a', `"x${ctl}"`), 'value');
    }
    throwsField(() => serializeSetCookie('a', 'x\r\nSet-Cookie: admin=1'), 'value');
  });

  test('refuses a non-string value', () => {
    throwsField(() => serializeSetCookie('a', 1 as unknown as string), 'value');
    throwsField(() => serializeSetCookie('a', undefined as unknown as string), 'value');
  });

  test('name plus value over 4096 octets throws CookieTooLargeError (§5.6 step 5; SR-25)', () => {
    assert.ok(serializeSetCookie('ab', 'x'.repeat(4094)));
    assert.throws(
      () => serializeSetCookie('ab', 'x'.repeat(4095)),
      (e: unknown) => e instanceof CookieTooLargeError && e.size === 4097 && e.limit === 4096 && e.code === 'ERR_TESSERA_COOKIE_TOO_LARGE' && e.field === 'value',
    );
  });

  test('error messages never contain the value (SR-47)', () => {
    const secret = 's3cr3t-session-token';
    try {
      serializeSetCookie('sid', `${secret}\n`);
      assert.fail('expected a throw');
    } catch (e) {
      assert.ok(e instanceof CookieError);
      assert.ok(!e.message.includes(secret), e.message);
      assert.match(e.message, /U\+000A at index 20/);
    }
  });

  test('encode: an explicit encoder is applied and its output validated', () => {
    const base64url = (v: string) => Buffer.from(v).toString('base64url');
    assert.ok(serializeSetCookie('a', 'hello world', { encode: base64url }).startsWith('a=aGVsbG8gd29ybGQ;'));
    assert.ok(serializeSetCookie('a', 'a b', { encode: encodeURIComponent }).startsWith('a=a%20b;'));
    throwsField(() => serializeSetCookie('a', 'x', { encode: () => 'bad value' }), 'value');
    throwsField(() => serializeSetCookie('a', 'x', { encode: (() => 7) as unknown as (v: string) => string }), 'value');
    throwsField(() => serializeSetCookie('a', 'x', { encode: 'yes' as unknown as (v: string) => string }), 'encode');
    assert.throws(() => serializeSetCookie('a', 'x', { encode: () => 'y'.repeat(5000) }), CookieTooLargeError);
  });
});

describe('serializeSetCookie: Domain (§4.1.2.3; SR-24, SR-27)', () => {
  test('writes a host name lower-cased, without the leading dot the grammar does not permit (§4.1.2.3)', () => {
    assert.match(serializeSetCookie('a', 'b', { domain: 'Sub.Example.COM' }), /; Domain=sub\.example\.com;/);
    assert.match(serializeSetCookie('a', 'b', { domain: '.example.com' }), /; Domain=example\.com;/);
    assert.match(serializeSetCookie('a', 'b', { domain: 'xn--bcher-kva.example' }), /; Domain=xn--bcher-kva\.example;/);
    assert.match(serializeSetCookie('a', 'b', { domain: 'a-b.c0.example' }), /; Domain=a-b\.c0\.example;/);
    assert.doesNotMatch(serializeSetCookie('a', 'b', { domain: null }), /Domain/);
  });

  test('refuses attribute injection and every CTL (SR-24)', () => {
    for (const d of ['example.com; Path=/', 'example.com /* x */', 'my site.org', 'example.com\n', 'a/b.com', 'a_b.com', 'a:8080.com']) {
      throwsField(() => serializeSetCookie('a', 'b', { domain: d }), 'domain');
    }
    for (const ctl of CTLS) throwsField(() => serializeSetCookie('a', 'b', { domain: `example.com${ctl}` }), 'domain');
  });

  test('refuses what is not a host name: empty labels, trailing dot, hyphen at a label edge, long labels, non-ASCII (RFC 1034 §3.5)', () => {
    const long = 'a'.repeat(64);
    for (const d of ['', '.', 'domain..com', 'example.com.', '-a.com', 'a-.com', `${long}.com`, `${'a.'.repeat(127)}com`, 'bücher.example', '..example.com']) {
      throwsField(() => serializeSetCookie('a', 'b', { domain: d }), 'domain');
    }
  });

  test('refuses IP addresses: Domain cannot widen an IP host (§5.1.3)', () => {
    for (const d of ['127.0.0.1', '10.0.0.256', '1.2.3', '[::1]', '::1']) throwsField(() => serializeSetCookie('a', 'b', { domain: d }), 'domain');
  });

  test('refuses single-label public suffixes such as com or localhost (§5.7; SR-27)', () => {
    for (const d of ['com', 'localhost', '.localhost', 'test']) throwsField(() => serializeSetCookie('a', 'b', { domain: d }), 'domain');
  });

  test('refuses a non-string domain', () => {
    throwsField(() => serializeSetCookie('a', 'b', { domain: 5 as unknown as string }), 'domain');
  });
});

describe('serializeSetCookie: Path (§4.1.2.4; SR-24, SR-25)', () => {
  test('writes any av-octet path starting with "/"', () => {
    for (const p of ['/', '/login', '/foo.bar/baz', '/foo=bar?baz', '/foo"bar"', '/a b/c', '/<x>']) {
      assert.ok(serializeSetCookie('a', 'b', { path: p }).includes(`; Path=${p};`), p);
    }
  });

  test('refuses a path not starting with "/": user agents replace it by the default path (§5.6.4)', () => {
    for (const p of ['', 'foo', './', '../foo/', ' /']) throwsField(() => serializeSetCookie('a', 'b', { path: p }), 'path');
  });

  test('refuses ";", every CTL and non-ASCII (§4.1.1 av-octet; SR-24: attribute injection, response splitting)', () => {
    throwsField(() => serializeSetCookie('a', 'b', { path: '/; Path=/sensitive-data' }), 'path');
    throwsField(() => serializeSetCookie('a', 'b', { path: '/é' }), 'path');
    for (const ctl of CTLS) throwsField(() => serializeSetCookie('a', 'b', { path: `/x${ctl}y` }), 'path');
  });

  test('refuses a trailing space, which user agents strip (§4.1.1 BWS)', () => {
    throwsField(() => serializeSetCookie('a', 'b', { path: '/x ' }), 'path');
  });

  test('refuses a path over 1024 octets, which user agents ignore (§5.6; SR-25)', () => {
    assert.ok(serializeSetCookie('a', 'b', { path: '/' + 'p'.repeat(1023) }));
    throwsField(() => serializeSetCookie('a', 'b', { path: '/' + 'p'.repeat(1024) }), 'path');
  });

  test('refuses a non-string path', () => {
    throwsField(() => serializeSetCookie('a', 'b', { path: 1 as unknown as string }), 'path');
  });
});

describe('serializeSetCookie: Max-Age (§4.1.1, §4.1.2.2, §5.5; SR-12)', () => {
  test('writes integer seconds; 0 (delete) allowed', () => {
    assert.match(serializeSetCookie('a', 'b', { maxAge: 0 }), /^a=b; Max-Age=0;/);
    assert.match(serializeSetCookie('a', 'b', { maxAge: 1000 }), /^a=b; Max-Age=1000;/);
    assert.match(serializeSetCookie('a', 'b', { maxAge: 34_560_000 }), /^a=b; Max-Age=34560000;/);
  });

  test('refuses NaN, Infinity, fractions, negative numbers and non-numbers (1*DIGIT; SR-12)', () => {
    for (const m of [Number.NaN, Infinity, -Infinity, 3.14, 0.5, -1, '100', null, true, 10n]) {
      throwsField(() => serializeSetCookie('a', 'b', { maxAge: m as unknown as number }), 'maxAge');
    }
  });

  test('clamps a lifetime over 400 days to 34,560,000 s by default (Cookie Lifetime Limits, §5.5; SR-12)', () => {
    assert.match(serializeSetCookie('a', 'b', { maxAge: 34_560_001 }), /Max-Age=34560000;/);
    assert.match(serializeSetCookie('a', 'b', { maxAge: Number.MAX_SAFE_INTEGER }), /Max-Age=34560000;/);
  });

  test("lifetimeCap: 'throw' refuses a lifetime over 400 days (§5.5; SR-12)", () => {
    assert.match(serializeSetCookie('a', 'b', { maxAge: 34_560_000, lifetimeCap: 'throw' }), /Max-Age=34560000;/);
    throwsField(() => serializeSetCookie('a', 'b', { maxAge: 34_560_001, lifetimeCap: 'throw' }), 'maxAge');
    throwsField(() => serializeSetCookie('a', 'b', { lifetimeCap: 'cap' as 'clamp' }), 'lifetimeCap');
  });
});

describe('serializeSetCookie: Expires (§4.1.1 sane-cookie-date, §4.1.2.1, §5.5; SR-12)', () => {
  test('writes an IMF-fixdate from a Date or epoch milliseconds, milliseconds truncated', () => {
    assert.match(serializeSetCookie('a', 'b', { expires: new Date('2000-12-24T10:30:59.900Z'), now }), /; Expires=Sun, 24 Dec 2000 10:30:59 GMT;/);
    assert.match(serializeSetCookie('a', 'b', { expires: NOW + 1500, now }), /; Expires=Wed, 01 Jan 2025 00:00:01 GMT;/);
  });

  test('allows past dates (they delete) down to 1601', () => {
    assert.match(serializeSetCookie('a', 'b', { expires: 0, now }), /Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
    assert.match(serializeSetCookie('a', 'b', { expires: Date.UTC(1601, 0, 1), now }), /Expires=Mon, 01 Jan 1601 00:00:00 GMT/);
  });

  test('refuses invalid dates, NaN, Infinity, strings and years before 1601 (SR-12; §5.1.1 would ignore them)', () => {
    for (const e of [new Date(Number.NaN), Number.NaN, Infinity, -Infinity, '2025-01-01', null, {}, Date.UTC(1600, 11, 31, 23, 59, 59)]) {
      throwsField(() => serializeSetCookie('a', 'b', { expires: e as unknown as Date, now }), 'expires');
    }
  });

  test('clamps an Expires more than 400 days ahead to now + 400 days by default (§5.5; SR-12)', () => {
    const capped = new Date(NOW + 400 * DAY).toUTCString();
    assert.ok(serializeSetCookie('a', 'b', { expires: NOW + 401 * DAY, now }).includes(`Expires=${capped};`));
    assert.ok(serializeSetCookie('a', 'b', { expires: new Date(8.64e15), now }).includes(`Expires=${capped};`));
    const within = new Date(NOW + 399 * DAY).toUTCString();
    assert.ok(serializeSetCookie('a', 'b', { expires: NOW + 399 * DAY, now }).includes(`Expires=${within};`));
  });

  test("lifetimeCap: 'throw' refuses an Expires more than 400 days ahead (§5.5; SR-12)", () => {
    assert.ok(serializeSetCookie('a', 'b', { expires: NOW + 400 * DAY, now, lifetimeCap: 'throw' }));
    throwsField(() => serializeSetCookie('a', 'b', { expires: NOW + 400 * DAY + 1, now, lifetimeCap: 'throw' }), 'expires');
  });

  test('uses Date.now when no clock is injected, and refuses a broken clock', () => {
    const line = serializeSetCookie('a', 'b', { expires: Date.now() + 1000 * DAY });
    const written = Date.parse(/Expires=([^;]+)/.exec(line)![1]!);
    assert.ok(Math.abs(written - (Date.now() + 400 * DAY)) < 5000);
    assert.throws(() => serializeSetCookie('a', 'b', { expires: 0, now: () => Number.NaN }), ConfigError);
    throwsField(() => serializeSetCookie('a', 'b', { expires: 0, now: 5 as unknown as () => number }), 'now');
  });
});

describe('serializeSetCookie: SameSite (§4.1.2.7; SR-21, SR-23)', () => {
  test('accepts any letter case and writes the canonical keyword', () => {
    for (const [input, out] of [['strict', 'Strict'], ['LAX', 'Lax'], ['Lax', 'Lax'], ['none', 'None']] as const) {
      assert.ok(serializeSetCookie('a', 'b', { sameSite: input as 'Lax' }).endsWith(`; SameSite=${out}`));
    }
  });

  test('refuses other values (true, "", "foo")', () => {
    for (const s of [true, '', 'foo', 'Default', 1]) throwsField(() => serializeSetCookie('a', 'b', { sameSite: s as 'Lax' }), 'sameSite');
  });

  test('SameSite=None requires Secure: browsers ignore the cookie otherwise (§5.7 step 19; SR-23)', () => {
    throwsField(() => serializeSetCookie('a', 'b', { sameSite: 'None', secure: false }), 'sameSite');
    assert.ok(serializeSetCookie('a', 'b', { sameSite: 'None' }).includes('; Secure; SameSite=None'));
  });
});

describe('serializeSetCookie: Partitioned, Priority and flags', () => {
  test('Partitioned requires Secure (CHIPS: the browser ignores it otherwise)', () => {
    throwsField(() => serializeSetCookie('a', 'b', { partitioned: true, secure: false }), 'partitioned');
    assert.ok(serializeSetCookie('a', 'b', { partitioned: true }).includes('; Secure; Partitioned;'));
  });

  test('Priority accepts Low/Medium/High in any case and refuses anything else', () => {
    assert.ok(serializeSetCookie('a', 'b', { priority: 'medium' }).includes('; Priority=Medium;'));
    assert.ok(serializeSetCookie('a', 'b', { priority: 'HIGH' as 'High' }).includes('; Priority=High;'));
    for (const p of ['foo', '', 42, null]) throwsField(() => serializeSetCookie('a', 'b', { priority: p as 'Low' }), 'priority');
  });

  test('flags must be booleans', () => {
    throwsField(() => serializeSetCookie('a', 'b', { secure: 'yes' as unknown as boolean }), 'secure');
    throwsField(() => serializeSetCookie('a', 'b', { httpOnly: 1 as unknown as boolean }), 'httpOnly');
    throwsField(() => serializeSetCookie('a', 'b', { partitioned: null as unknown as boolean }), 'partitioned');
  });
});

describe('serializeSetCookie: cookie name prefixes, matched case-insensitively (§4.1.3, §5.4; SR-22)', () => {
  for (const prefix of ['__Secure-', '__secure-', '__SECURE-']) {
    test(`${prefix} requires Secure (§4.1.3.1)`, () => {
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { secure: false }), 'secure');
      assert.ok(serializeSetCookie(`${prefix}x`, 'v', { domain: 'example.com', path: '/a', httpOnly: false }));
    });
  }

  for (const prefix of ['__Host-', '__host-', '__HOST-']) {
    test(`${prefix} requires Secure, no Domain and an explicit Path=/ (§4.1.3.2)`, () => {
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { secure: false }), 'secure');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { domain: 'example.com' }), 'domain');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { path: '/app' }), 'path');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { path: null }), 'path');
      assert.ok(serializeSetCookie(`${prefix}x`, 'v', { httpOnly: false }));
    });
  }

  for (const prefix of ['__Http-', '__http-']) {
    test(`${prefix} requires Secure and HttpOnly (draft-ietf-httpbis-layered-cookies)`, () => {
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { secure: false }), 'secure');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { httpOnly: false }), 'httpOnly');
      assert.ok(serializeSetCookie(`${prefix}x`, 'v', { domain: 'example.com', path: '/a' }));
    });
  }

  for (const prefix of ['__Host-Http-', '__host-http-']) {
    test(`${prefix} requires Secure, HttpOnly, no Domain and Path=/ (layered-cookies)`, () => {
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { secure: false }), 'secure');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { httpOnly: false }), 'httpOnly');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { domain: 'example.com' }), 'domain');
      throwsField(() => serializeSetCookie(`${prefix}x`, 'v', { path: '/a' }), 'path');
      assert.ok(serializeSetCookie(`${prefix}x`, 'v'));
    });
  }

  test('names that merely resemble a prefix are unconstrained', () => {
    for (const name of ['_Host-x', '__Hostx', '__Secure', 'x__Host-', '__Https-x']) {
      assert.ok(serializeSetCookie(name, 'v', { secure: false, domain: 'example.com', path: '/a' }), name);
    }
  });
});

describe('serializeClearingSetCookie: deletion repeats Path and Domain (SR-15)', () => {
  test('empty value, Max-Age=0 and an Expires in the past, with the defaults', () => {
    assert.equal(serializeClearingSetCookie('sid'), 'sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax');
  });

  test('repeats the Path and Domain of the cookie it deletes, and ignores lifetime and encoder', () => {
    const line = serializeClearingSetCookie('pref', {
      domain: '.Example.com',
      path: '/app',
      maxAge: 3600,
      expires: NOW + DAY,
      encode: () => 'not-empty',
      lifetimeCap: 'throw',
    });
    assert.equal(line, 'pref=; Max-Age=0; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax');
    const parsed = parseSetCookie(line);
    assert.ok(parsed);
    assert.equal(parsed.domain, 'example.com');
    assert.equal(parsed.path, '/app');
    assert.equal(parsed.maxAge, 0);
    assert.equal(parsed.expires, 0);
  });

  test('keeps prefix rules satisfied and Partitioned so the deletion reaches the same cookie', () => {
    assert.equal(serializeClearingSetCookie('__Host-sid', { partitioned: true }), '__Host-sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned; SameSite=Lax');
    throwsField(() => serializeClearingSetCookie('__Host-sid', { domain: 'example.com' }), 'domain');
    throwsField(() => serializeClearingSetCookie('', {}), 'name');
  });
});

describe('createSetCookieSerializer: attributes validated once', () => {
  test('produces exactly what serializeSetCookie produces (property)', () => {
    const attributeSets: SetCookieAttributes[] = [
      {},
      { secure: false, sameSite: null, path: null, httpOnly: false },
      { maxAge: 60, domain: 'example.com', priority: 'low', partitioned: true },
      { expires: NOW + DAY, now },
      { encode: encodeURIComponent },
    ];
    for (const attributes of attributeSets) {
      const serialize = createSetCookieSerializer(attributes);
      fc.assert(
        fc.property(tokenName, cookieValue, (name, value) => {
          assert.equal(serialize(name, value), serializeSetCookie(name, value, attributes));
        }),
        { numRuns: 300 },
      );
    }
  });

  test('throws at creation for invalid attributes', () => {
    throwsField(() => createSetCookieSerializer({ path: 'x' }), 'path');
    throwsField(() => createSetCookieSerializer({ sameSite: 'None', secure: false }), 'sameSite');
    throwsField(() => createSetCookieSerializer({ maxAge: 1.5 }), 'maxAge');
  });

  test('throws per call for invalid names, values and prefix rules, also after a valid call', () => {
    const serialize = createSetCookieSerializer({ domain: 'example.com' });
    assert.ok(serialize('sid', 'v'));
    throwsField(() => serialize('bad name', 'v'), 'name');
    throwsField(() => serialize('__Host-sid', 'v'), 'domain');
    throwsField(() => serialize('sid', 'a;b'), 'value');
    assert.throws(() => serialize('sid', 'x'.repeat(5000)), CookieTooLargeError);
    assert.ok(serialize('sid', 'v2'));
  });

  test('fixes (and caps) Expires when created', () => {
    let t = NOW;
    const serialize = createSetCookieSerializer({ expires: NOW + 500 * DAY, now: () => t });
    const first = serialize('a', 'b');
    t += 100 * DAY;
    assert.equal(serialize('a', 'b'), first);
    assert.ok(first.includes(`Expires=${new Date(NOW + 400 * DAY).toUTCString()}`));
  });
});

describe('serializeSetCookie: Expires from other realms and impostors', () => {
  test('accepts a Date from another realm and refuses an object that only claims to be one', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Date(Date.UTC(2025, 0, 2))') as Date;
    assert.ok(!(foreign instanceof Date));
    assert.match(serializeSetCookie('a', 'b', { expires: foreign, now }), /Expires=Thu, 02 Jan 2025 00:00:00 GMT/);
    const impostor = { [Symbol.toStringTag]: 'Date', getTime: () => NOW } as unknown as Date;
    throwsField(() => serializeSetCookie('a', 'b', { expires: impostor, now }), 'expires');
  });
});
