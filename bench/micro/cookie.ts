/**
 * Micro benchmarks of tessera/cookie against jshttp `cookie` 1.x (what Express uses):
 * parse a realistic 9-cookie request header; serialize a Set-Cookie with every attribute.
 */
import * as jshttp from 'cookie';
import { createSetCookieSerializer, getCookie, parseCookieHeader, serializeSetCookie } from '../../src/cookie/index.ts';
import type { Comparison } from '../lib/rounds.ts';

/** A realistic Cookie header: analytics, consent, preferences and a session, 9 cookies. */
export const REALISTIC_HEADER = [
  '_ga=GA1.2.1478526330.1731931283',
  '_gid=GA1.2.817236451.1732012345',
  'consent=necessary%2Canalytics',
  'theme=dark',
  'lang=en-GB',
  '__Host-session=s1.k2.1763769600000.eyJ1c2VySWQiOjQ4MjEzLCJjYXJ0IjpbXX0.Xb7yH3k2lq9Zr8WcPd0aJfVnTQeGm1sLu4oR6iYtBhE',
  'ab_test=variant-b',
  'recently_viewed=sku-1029%7Csku-77%7Csku-3',
  '_fbp=fb.1.1731931283456.1985243307',
].join('; ');

const SESSION_VALUE = 's1.k2.1763769600000.eyJ1c2VySWQiOjQ4MjEzfQ.Xb7yH3k2lq9Zr8WcPd0aJfVnTQeGm1sLu4oR6iYtBhE';
const EXPIRES = new Date(Date.now() + 30 * 86_400_000);

/** The comparisons of this file. */
export function cookieComparisons(): Comparison[] {
  const prepared = createSetCookieSerializer({
    maxAge: 86_400,
    domain: 'app.example.com',
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    partitioned: true,
    priority: 'High',
  });
  return [
    {
      title: 'parse a realistic 9-cookie Cookie header',
      baseline: 'cookie 1.x parse',
      contenders: [
        { name: 'cookie 1.x parse', fn: () => jshttp.parse(REALISTIC_HEADER) },
        { name: 'tessera parseCookieHeader', fn: () => parseCookieHeader(REALISTIC_HEADER) },
        { name: 'tessera getCookie (one name, scan)', fn: () => getCookie(REALISTIC_HEADER, '__Host-session', { decode: false }) },
      ],
      targets: [{ subject: 'tessera parseCookieHeader', reference: 'cookie 1.x parse', maxRatio: 1, label: 'at least as fast as cookie' }],
    },
    {
      title: 'serialize a Set-Cookie with every attribute',
      baseline: 'cookie 1.x serialize',
      contenders: [
        {
          name: 'cookie 1.x serialize',
          fn: () =>
            jshttp.serialize('__Secure-sid', SESSION_VALUE, {
              maxAge: 86_400,
              expires: EXPIRES,
              domain: 'app.example.com',
              path: '/',
              httpOnly: true,
              secure: true,
              sameSite: 'lax',
              partitioned: true,
              priority: 'high',
            }),
        },
        {
          name: 'tessera serializeSetCookie',
          fn: () =>
            serializeSetCookie('__Secure-sid', SESSION_VALUE, {
              maxAge: 86_400,
              expires: EXPIRES,
              domain: 'app.example.com',
              path: '/',
              httpOnly: true,
              secure: true,
              sameSite: 'Lax',
              partitioned: true,
              priority: 'High',
            }),
        },
        { name: 'tessera prepared serializer (createSetCookieSerializer)', fn: () => prepared('__Secure-sid', SESSION_VALUE) },
      ],
      targets: [{ subject: 'tessera serializeSetCookie', reference: 'cookie 1.x serialize', maxRatio: 0.5, label: 'at least 2x faster than cookie' }],
    },
  ];
}
