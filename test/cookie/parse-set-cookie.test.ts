import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSetCookie, type ParsedSetCookie } from '../../src/cookie/parse-set-cookie.ts';

function parse(line: string): ParsedSetCookie {
  const parsed = parseSetCookie(line);
  assert.ok(parsed, `expected ${JSON.stringify(line.slice(0, 80))} to parse`);
  return parsed;
}

describe('parseSetCookie: name and value (RFC 6265bis §5.6 steps 1-5)', () => {
  test('§5.6 steps 2-3: name is up to the first "=", value up to the first ";"', () => {
    const c = parse('a=b=c; Path=/');
    assert.equal(c.name, 'a');
    assert.equal(c.value, 'b=c');
  });

  test('§5.6 step 3: without "=" the cookie is nameless and the pair is its value', () => {
    assert.deepEqual([parse('foo').name, parse('foo').value], ['', 'foo']);
    assert.deepEqual([parse('=foo').name, parse('=foo').value], ['', 'foo']);
    assert.deepEqual([parse('foo;bar=baz').name, parse('foo;bar=baz').value], ['', 'foo']);
  });

  test('§5.6 step 4: WSP (SP, HTAB) is trimmed from name and value, other whitespace is kept', () => {
    const c = parse(' \t test \t=\t 12 \t; x');
    assert.equal(c.name, 'test');
    assert.equal(c.value, '12');
    assert.equal(parse('a=\u00a0b\u00a0').value, '\u00a0b\u00a0');
  });

  test('§5.6: quotes belong to the value', () => {
    assert.equal(parse('a="b c"').value, '"b c"');
    assert.equal(parse('a="b;c"').value, '"b');
  });

  test('§5.7 step 2: empty name and empty value → the line is ignored', () => {
    assert.equal(parseSetCookie(''), null);
    assert.equal(parseSetCookie('='), null);
    assert.equal(parseSetCookie('  ;  Path=/'), null);
    assert.equal(parse('a=').value, '');
  });

  test('§5.6 step 1: a control character other than HTAB anywhere → the line is ignored', () => {
    for (const ctl of ['\u0000', '\u0001', '\n', '\r', '\u001f', '\u007f']) {
      assert.equal(parseSetCookie(`a=b${ctl}c`), null);
      assert.equal(parseSetCookie(`a=b; Path=/x${ctl}`), null);
      assert.equal(parseSetCookie(`a${ctl}=b`), null);
    }
    assert.equal(parse('a=b\tc').value, 'b\tc');
  });

  test('§5.6 step 5: name plus value over 4096 octets → ignored; exactly 4096 is kept', () => {
    assert.equal(parse(`a=${'x'.repeat(4095)}`).value.length, 4095);
    assert.equal(parseSetCookie(`a=${'x'.repeat(4096)}`), null);
    assert.equal(parseSetCookie(`${'n'.repeat(4097)}`), null);
  });

  test('§5.6 step 5: the limit counts UTF-8 octets, not UTF-16 units', () => {
    assert.ok(parseSetCookie(`a=${'é'.repeat(2047)}x`)); // 1 + 4094 + 1 = 4096 octets
    assert.equal(parseSetCookie(`a=${'é'.repeat(2048)}`), null); // 4097 octets
    assert.equal(parseSetCookie(`a=${'😀'.repeat(1024)}`), null); // 4097 octets
  });

  test('§5.6 step 5: whitespace around the pair does not count towards the limit', () => {
    assert.ok(parseSetCookie(`  a = ${'x'.repeat(4095)}  `));
  });
});

describe('parseSetCookie: attributes (RFC 6265bis §5.6 attribute steps, §5.6.1-§5.6.7)', () => {
  test('§5.6 attribute step 4-5: names are case-insensitive, values trimmed; raw list kept in order', () => {
    const c = parse('a=b; SECURE; hTTpOnLy ;  Foo = bar ; path = /x ;;  ');
    assert.equal(c.secure, true);
    assert.equal(c.httpOnly, true);
    assert.equal(c.path, '/x');
    assert.deepEqual(c.attributes, [
      { name: 'SECURE', value: '' },
      { name: 'hTTpOnLy', value: '' },
      { name: 'Foo', value: 'bar' },
      { name: 'path', value: '/x' },
    ]);
  });

  test('§5.6 attribute step 6: attribute values over 1024 octets are ignored', () => {
    const long = `/${'a'.repeat(1023)}`;
    assert.equal(parse(`a=b; Path=${long}`).path, long);
    assert.equal(parse(`a=b; Path=/x; Path=${long}a`).path, '/x');
    assert.deepEqual(parse(`a=b; Path=${long}a`).attributes, []);
  });

  test('§5.6.1: Expires is parsed with the cookie-date algorithm; invalid ones are ignored', () => {
    assert.equal(parse('a=b; Expires=Wed, 09 Dec 2009 16:27:23 GMT').expires, Date.UTC(2009, 11, 9, 16, 27, 23));
    assert.equal(parse('a=b; Expires=soon').expires, undefined);
    assert.equal(
      parse('a=b; Expires=Wed, 09 Dec 2009 16:27:23 GMT; Expires=nope').expires,
      Date.UTC(2009, 11, 9, 16, 27, 23),
    );
  });

  test('§5.6.2: Max-Age is -?DIGIT+, anything else is ignored', () => {
    assert.equal(parse('a=b; Max-Age=3600').maxAge, 3600);
    assert.equal(parse('a=b; Max-Age=0').maxAge, 0);
    assert.equal(parse('a=b; Max-Age=-1').maxAge, -1);
    for (const bad of ['', '-', '1.5', '+1', ' 1x', '1e3', '٣']) {
      assert.equal(parse(`a=b; Max-Age=${bad}`).maxAge, undefined, bad);
    }
    assert.equal(parse('a=b; Max-Age=10; Max-Age=abc').maxAge, 10);
    assert.equal(parse(`a=b; Max-Age=${'9'.repeat(400)}`).maxAge, Number.MAX_SAFE_INTEGER);
  });

  test('§5.6.3: Domain loses one leading dot and is lowercased; empty values are ignored', () => {
    assert.equal(parse('a=b; Domain=.Example.COM').domain, 'example.com');
    assert.equal(parse('a=b; Domain=..example.com').domain, '.example.com');
    assert.equal(parse('a=b; Domain=example.com; Domain=').domain, 'example.com');
    assert.equal(parse('a=b; Domain=').domain, undefined);
  });

  test('§5.6.3: only ASCII letters are lowercased (a Kelvin sign stays non-ASCII)', () => {
    assert.equal(parse('a=b; Domain=\u212Aexample.com').domain, '\u212Aexample.com');
  });

  test('§5.6.4: Path must start with "/"; a later invalid Path resets to the default-path', () => {
    assert.equal(parse('a=b; Path=/x').path, '/x');
    assert.equal(parse('a=b; Path=x').path, undefined);
    assert.equal(parse('a=b; Path=').path, undefined);
    assert.equal(parse('a=b; Path=/x; Path=').path, undefined);
    assert.equal(parse('a=b; Path=; Path=/y').path, '/y');
  });

  test('§5.6.5-§5.6.6: Secure and HttpOnly ignore their value', () => {
    const c = parse('a=b; Secure=false; HttpOnly=no');
    assert.equal(c.secure, true);
    assert.equal(c.httpOnly, true);
    assert.equal(parse('a=b; Secure qux').secure, false);
  });

  test('§5.6.7: SameSite: last one wins, unknown values give Default', () => {
    assert.equal(parse('a=b; SameSite=lax').sameSite, 'Lax');
    assert.equal(parse('a=b; SameSite=STRICT').sameSite, 'Strict');
    assert.equal(parse('a=b; SameSite=None').sameSite, 'None');
    assert.equal(parse('a=b; SameSite=Bogus').sameSite, 'Default');
    assert.equal(parse('a=b; SameSite=None; SameSite=Bogus').sameSite, 'Default');
    assert.equal(parse('a=b; SameSite=Bogus; SameSite=Lax').sameSite, 'Lax');
    assert.equal(parse('a=b').sameSite, undefined);
  });

  test('Partitioned and Priority (outside RFC 6265bis) are reported', () => {
    const c = parse('a=b; Partitioned; Priority=high');
    assert.equal(c.partitioned, true);
    assert.equal(c.priority, 'High');
    assert.equal(parse('a=b; Priority=urgent').priority, undefined);
  });

  test('§5.6 step 7: unknown attributes are ignored but listed', () => {
    const c = parse('a=b; Version=1; Comment="x"');
    assert.deepEqual(c.attributes, [
      { name: 'Version', value: '1' },
      { name: 'Comment', value: '"x"' },
    ]);
  });
});

describe('parseSetCookie: rfc6265 profile (RFC 6265 §5.2, IETF http-state expectations)', () => {
  const legacy = { profile: 'rfc6265' as const };

  test('RFC 6265 §5.2: no "=" or an empty name → ignored', () => {
    assert.equal(parseSetCookie('foo', legacy), null);
    assert.equal(parseSetCookie('=foo', legacy), null);
    assert.equal(parseSetCookie(' =foo', legacy), null);
    assert.equal(parseSetCookie('a=b', legacy)?.value, 'b');
  });

  test('legacy: NUL, CR and LF end the line instead of voiding it', () => {
    assert.equal(parseSetCookie('AAA=BB\u0000ZYX', legacy)?.value, 'BB');
    assert.equal(parseSetCookie('AAA=BB\rZYX', legacy)?.value, 'BB');
    assert.equal(parseSetCookie('AAA=BB\nZYX; Secure', legacy)?.secure, false);
    assert.equal(parseSetCookie('AAA=BB\u0001ZYX', legacy), null);
  });
});

describe('parseSetCookie: hostile input never throws and stays linear', () => {
  test('a 1 MB line returns null (name+value too large)', () => {
    assert.equal(parseSetCookie(`a=${'x'.repeat(1_000_000)}`), null);
  });

  test('a 1 MB attribute section returns with the valid attributes', () => {
    const c = parse(`a=b; ${'x'.repeat(1_000_000)}; Secure`);
    assert.equal(c.secure, true);
  });

  test('10,000 attributes are all processed', () => {
    const c = parse(`a=b${'; Path=/p'.repeat(10_000)}; Max-Age=5`);
    assert.equal(c.attributes.length, 10_001);
    assert.equal(c.maxAge, 5);
  });

  test('100,000 semicolons and equals signs', () => {
    assert.equal(parse(`a=b${';='.repeat(100_000)}`).attributes.length, 0);
    assert.equal(parse(`a${'='.repeat(4_000)}`).value.length, 3_999);
    assert.equal(parseSetCookie(`a${'='.repeat(100_000)}`), null);
  });

  test('NUL and lone surrogates do not throw', () => {
    assert.equal(parseSetCookie('\u0000'), null);
    const c = parse('\ud800=\udfff; Domain=\ud83d');
    assert.equal(c.name, '\ud800');
    assert.equal(c.domain, '\ud83d');
  });

  test('non-string input returns null', () => {
    assert.equal(parseSetCookie(undefined as unknown as string), null);
    assert.equal(parseSetCookie(42 as unknown as string), null);
  });
});
