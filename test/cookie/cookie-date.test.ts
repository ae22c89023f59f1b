import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCookieDate } from '../../src/cookie/cookie-date.ts';

const utc = (text: string): number => Date.parse(text);

describe('parseCookieDate (RFC 6265bis §5.1.1)', () => {
  test('§5.1.1: IMF-fixdate, RFC 850 and asctime forms all parse', () => {
    assert.equal(parseCookieDate('Wed, 09 Dec 2009 16:27:23 GMT'), utc('2009-12-09T16:27:23Z'));
    assert.equal(parseCookieDate('Wednesday, 09-Dec-09 16:27:23 GMT'), utc('2009-12-09T16:27:23Z'));
    assert.equal(parseCookieDate('Wed Dec  9 16:27:23 2009'), utc('2009-12-09T16:27:23Z'));
  });

  test('§5.1.1 step 1: any delimiter separates tokens, and tokens may come in any order', () => {
    assert.equal(parseCookieDate('Thu, 19/Apr\\2007 16:00:00 GMT'), utc('2007-04-19T16:00:00Z'));
    assert.equal(parseCookieDate('16:00:00 2007 Apr 19'), utc('2007-04-19T16:00:00Z'));
  });

  test('§5.1.1 step 2: the first token matching each production wins, later ones are ignored', () => {
    assert.equal(parseCookieDate('01 Jan 2020 00:00:00 02 Feb 2021 11:11:11'), utc('2020-01-01T00:00:00Z'));
  });

  test('§5.1.1 grammar: trailing non-digits are allowed after day, year and time', () => {
    assert.equal(parseCookieDate('1st January 2020 10:00:00GMT'), utc('2020-01-01T10:00:00Z'));
    assert.equal(parseCookieDate('Wed, 1 Jan 2020abc 00:00:00 GMT'), utc('2020-01-01T00:00:00Z'));
  });

  test('§5.1.1 grammar: month names match on their first three letters, case-insensitively', () => {
    assert.equal(parseCookieDate('1 DECEMBER 2020 00:00:00'), utc('2020-12-01T00:00:00Z'));
    assert.equal(parseCookieDate('1 decimal 2020 00:00:00'), utc('2020-12-01T00:00:00Z'));
  });

  test('§5.1.1 steps 3-4: two-digit years map 70-99 to 19xx and 00-69 to 20xx', () => {
    assert.equal(parseCookieDate('1 Jan 70 00:00:00'), 0);
    assert.equal(parseCookieDate('1 Jan 69 00:00:00'), utc('2069-01-01T00:00:00Z'));
    assert.equal(parseCookieDate('1 Jan 99 00:00:00'), utc('1999-01-01T00:00:00Z'));
  });

  test('§5.1.1 step 5: a missing field fails', () => {
    assert.equal(parseCookieDate('Jan 2020 00:00:00'), null);
    assert.equal(parseCookieDate('1 Jan 2020'), null);
    assert.equal(parseCookieDate(''), null);
    assert.equal(parseCookieDate('   ;;; '), null);
  });

  test('§5.1.1 step 5: out-of-range fields fail (year < 1601, day, hour, minute, second)', () => {
    assert.equal(parseCookieDate('1 Jan 1600 00:00:00'), null);
    assert.equal(parseCookieDate('1 Jan 1601 00:00:00'), utc('1601-01-01T00:00:00Z'));
    assert.equal(parseCookieDate('32 Jan 2020 00:00:00'), null);
    assert.equal(parseCookieDate('1 Jan 2020 24:00:00'), null);
    assert.equal(parseCookieDate('1 Jan 2020 00:60:00'), null);
    assert.equal(parseCookieDate('1 Jan 2020 00:00:60'), null);
  });

  test('§5.1.1 grammar: time fields take one or two digits, not three', () => {
    assert.equal(parseCookieDate('1 Jan 2020 1:2:3'), utc('2020-01-01T01:02:03Z'));
    assert.equal(parseCookieDate('1 Jan 2020 001:00:00'), null);
    assert.equal(parseCookieDate('1 Jan 2020 00: 00:00'), null);
  });

  test('§5.1.1 grammar: a five-digit year does not match the year production', () => {
    assert.equal(parseCookieDate('1 Jan 20200 00:00:00'), null);
  });

  test('§5.1.1 step 6: a date that does not exist fails', () => {
    assert.equal(parseCookieDate('31 Apr 2021 00:00:00'), null);
    assert.equal(parseCookieDate('29 Feb 2023 00:00:00'), null);
    assert.equal(parseCookieDate('29 Feb 2024 00:00:00'), utc('2024-02-29T00:00:00Z'));
  });

  test('§5.1.1: controls and non-ASCII are non-delimiters and never throw', () => {
    assert.equal(parseCookieDate('1\u0000 Jan 2020 00:00:00'), utc('2020-01-01T00:00:00Z'));
    assert.equal(parseCookieDate('1 Jän 2020 00:00:00'), null);
    assert.equal(parseCookieDate('\ud800 1 Jan 2020 00:00:00'), utc('2020-01-01T00:00:00Z'));
  });

  test('linear on hostile input: a megabyte of digits and colons returns', () => {
    assert.equal(parseCookieDate('1:'.repeat(500_000)), null);
    assert.equal(parseCookieDate(`${'9'.repeat(1_000_000)} Jan 2020 00:00:00`), null);
  });
});
