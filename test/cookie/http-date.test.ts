import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EARLIEST_COOKIE_DATE_MS, LATEST_COOKIE_DATE_MS, formatImfFixdate } from '../../src/cookie/http-date.ts';
import { parseCookieDate } from '../../src/cookie/cookie-date.ts';

describe('formatImfFixdate: IMF-fixdate for Expires (§4.1.1 sane-cookie-date, RFC 9110 §5.6.7)', () => {
  test('formats the RFC 9110 example and the edges of the accepted range', () => {
    assert.equal(formatImfFixdate(Date.UTC(1994, 10, 6, 8, 49, 37)), 'Sun, 06 Nov 1994 08:49:37 GMT');
    assert.equal(formatImfFixdate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
    assert.equal(formatImfFixdate(-1), 'Wed, 31 Dec 1969 23:59:59 GMT');
    assert.equal(formatImfFixdate(EARLIEST_COOKIE_DATE_MS), 'Mon, 01 Jan 1601 00:00:00 GMT');
    assert.equal(formatImfFixdate(LATEST_COOKIE_DATE_MS), 'Fri, 31 Dec 9999 23:59:59 GMT');
    assert.equal(formatImfFixdate(Date.UTC(2000, 1, 29, 12)), 'Tue, 29 Feb 2000 12:00:00 GMT');
  });

  test('property: equals Date#toUTCString over 1601..9999 and parses back with the cookie-date algorithm (§5.1.1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: EARLIEST_COOKIE_DATE_MS, max: LATEST_COOKIE_DATE_MS }), (ms) => {
        const text = formatImfFixdate(ms);
        assert.equal(text, new Date(ms).toUTCString());
        assert.equal(parseCookieDate(text), Math.floor(ms / 1000) * 1000);
      }),
      { numRuns: 20_000 },
    );
  });
});
