/**
 * The Python-compatible session managers on their own (fake clock, SQLite in memory): Flask's
 * response rules, Django's db and signed-cookies engines.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SessionDataError } from '../../src/errors.ts';
import type { HeaderEntry } from '../../src/session/manager.ts';
import { pyTuple } from '../../src/interop/index.ts';
import { createFlaskSessionCodec, createFlaskSessionManager, type InteropInvalidCookieEvent } from '../../src/interop/flask/index.ts';
import { createDjangoSessionData, createDjangoSessionManager, createDjangoSigning, createDjangoSqliteStore, DJANGO_SIGNED_COOKIES_SALT } from '../../src/interop/django/index.ts';
import { DJANGO_SESSION_DDL } from './databases.ts';

const T0 = Date.UTC(2030, 0, 1);
const clock = () => {
  let t = T0;
  return { now: () => t, advance: (s: number) => (t += s * 1000) };
};
const setCookies = (h: HeaderEntry[]) => h.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v);
const valueOf = (line: string) => line.slice(line.indexOf('=') + 1, line.indexOf(';'));

describe('Flask session manager', () => {
  const SECRET = 'flask-app-secret';
  const make = (c = clock(), extra: { fallbackKeys?: string[]; secretKey?: string; onInvalidCookie?: (e: InteropInvalidCookieEvent) => void } = {}) =>
    createFlaskSessionManager({ secretKey: extra.secretKey ?? SECRET, now: c.now, ...(extra.fallbackKeys ? { fallbackKeys: extra.fallbackKeys } : {}), ...(extra.onInvalidCookie ? { onInvalidCookie: extra.onInvalidCookie } : {}) });

  test('untouched: nothing; read: Vary only; written: the cookie as Flask writes it', async () => {
    const m = make();
    assert.deepEqual(await m.commit(m.load(null)), []);
    const read = m.load(null);
    assert.equal(await read.get('x'), undefined);
    assert.deepEqual(await m.commit(read), [['Vary', 'Cookie']]);
    const s = m.load(null);
    s.set('_flashes', [pyTuple('message', 'Saved!')]);
    const headers = await m.commit(s);
    const [line] = setCookies(headers);
    assert.match(line!, /^session=[A-Za-z0-9_.-]+; Path=\/; HttpOnly$/);
    assert.deepEqual(headers.slice(1), [['Vary', 'Cookie'], ['Cache-Control', 'private, no-store']]);
    const decoded = createFlaskSessionCodec({ secretKey: SECRET }).decode(valueOf(line!), { now: T0 });
    assert.ok(decoded.ok);
    assert.equal(JSON.stringify(Object.keys(decoded.value)), '["_flashes"]');
  });

  test('permanent sessions: Expires = now + 31 days, refreshed on every request; others only when modified', async () => {
    const c = clock();
    const m = make(c);
    const s = m.load(null);
    s.set('user', '42');
    s.setPermanent(true);
    const line = setCookies(await m.commit(s))[0]!;
    assert.match(line, /Expires=Fri, 01 Feb 2030 00:00:00 GMT/);
    assert.doesNotMatch(line, /Max-Age/);
    c.advance(60);
    const again = m.load(`session=${valueOf(line)}`);
    assert.equal(await again.get('user'), '42');
    assert.equal(again.permanent, true);
    assert.equal(setCookies(await m.commit(again)).length, 1, 'refreshed');
    const plain = m.load(null);
    plain.set('user', '1');
    const plainLine = setCookies(await m.commit(plain))[0]!;
    const reread = m.load(`session=${valueOf(plainLine)}`);
    await reread.load();
    assert.equal(setCookies(await m.commit(reread)).length, 0, 'not refreshed');
  });

  test('31-day max age for every session, deletion cookie when emptied', async () => {
    const c = clock();
    const events: string[] = [];
    const m = make(c, { onInvalidCookie: (e) => events.push(e.reason) });
    const s = m.load(null);
    s.set('a', 1);
    const cookie = `session=${valueOf(setCookies(await m.commit(s))[0]!)}`;
    const cleared = m.load(cookie);
    cleared.clear();
    assert.deepEqual(setCookies(await m.commit(cleared)), ['session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly']);
    c.advance(2_678_401);
    const old = m.load(cookie);
    assert.equal(await old.get('a'), undefined);
    assert.equal(old.isNew, true);
    assert.deepEqual(events, ['expired']);
  });

  test('fallback keys verify and the cookie is re-issued under the current key; two authentic cookies give none', async () => {
    const c = clock();
    const old = make(c, { secretKey: 'old-secret' });
    const s = old.load(null);
    s.set('a', 1);
    const oldCookie = valueOf(setCookies(await old.commit(s))[0]!);
    const events: string[] = [];
    const m = make(c, { fallbackKeys: ['old-secret'], onInvalidCookie: (e) => events.push(e.reason) });
    const rotated = m.load(`session=${oldCookie}`);
    assert.equal(await rotated.get('a'), 1);
    const reissued = valueOf(setCookies(await m.commit(rotated))[0]!);
    assert.ok(createFlaskSessionCodec({ secretKey: SECRET }).decode(reissued, { now: T0 }).ok);
    const both = m.load(`session=${oldCookie}; session=${reissued.replace(/^/, '')}`);
    c.advance(1);
    const other = make(c);
    const s2 = other.load(null);
    s2.set('b', 2);
    const second = valueOf(setCookies(await other.commit(s2))[0]!);
    const amb = m.load(`session=${oldCookie}; session=${second}`);
    assert.equal(await amb.get('a'), undefined);
    assert.ok(events.includes('ambiguous'));
    void both;
  });

  test('values Flask cannot store are refused where they are set', () => {
    const m = make();
    assert.throws(() => m.load(null).set('f', (() => 1) as never), SessionDataError);
    assert.throws(() => m.load(null).set('d', new Date(NaN)), SessionDataError);
  });
});

describe('Django session manager', () => {
  const SECRET = 'django-insecure-secret';
  const setup = (options: { expireAtBrowserClose?: boolean } = {}) => {
    const db = new Database(':memory:');
    db.exec(DJANGO_SESSION_DDL.sqlite);
    const c = clock();
    const store = createDjangoSqliteStore(db);
    const events: string[] = [];
    const m = createDjangoSessionManager({ store, secretKey: SECRET, now: c.now, onInvalidCookie: (e) => events.push(e.reason), ...options });
    const rows = () => db.prepare('SELECT session_key, session_data, expire_date FROM django_session ORDER BY session_key').all() as Array<{ session_key: string; session_data: string; expire_date: string }>;
    return { db, c, store, m, events, rows };
  };
  const data = createDjangoSessionData({ secretKey: SECRET });

  test("db: a new session is a row under a 32-character key; the cookie is Django's", async () => {
    const { m, rows } = setup();
    const s = m.load(null);
    s.set('_auth_user_id', '7');
    const line = setCookies(await m.commit(s))[0]!;
    assert.match(line, /^sessionid=[a-z0-9]{32}; Max-Age=1209600; Path=\/; Expires=Tue, 15 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    const [row] = rows();
    assert.equal(row!.session_key, valueOf(line));
    assert.equal(row!.expire_date, '2030-01-15 00:00:00');
    const decoded = data.decode(row!.session_data);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, { _auth_user_id: '7' });
  });

  test('db: updates keep the key; concurrent requests both keep their changes; regenerate and destroy', async () => {
    const { m, rows, events } = setup();
    const s = m.load(null);
    s.set('a', 1);
    const key = valueOf(setCookies(await m.commit(s))[0]!);
    const r1 = m.load(`sessionid=${key}`);
    const r2 = m.load(`sessionid=${key}`);
    await Promise.all([r1.load(), r2.load()]);
    r1.set('b', 2);
    r2.set('c', 3);
    await m.commit(r1);
    await m.commit(r2);
    const now = m.load(`sessionid=${key}`);
    assert.deepEqual(await now.all(), { a: 1, b: 2, c: 3 });
    assert.equal(now.sessionKey, key);
    now.regenerate();
    const newKey = valueOf(setCookies(await m.commit(now))[0]!);
    assert.notEqual(newKey, key);
    assert.deepEqual(rows().map((r) => r.session_key), [newKey]);
    assert.equal(await m.load(`sessionid=${key}`).get('a'), undefined);
    assert.deepEqual(events, ['unknown-session']);
    const bye = m.load(`sessionid=${newKey}`);
    bye.destroy();
    assert.deepEqual(setCookies(await m.commit(bye)), ['sessionid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax']);
    assert.deepEqual(rows(), []);
  });

  test('db: a row deleted meanwhile is not resurrected; browser-close sessions have no Max-Age', async () => {
    const { m, rows, db } = setup({ expireAtBrowserClose: true });
    const s = m.load(null);
    s.set('a', 1);
    const line = setCookies(await m.commit(s))[0]!;
    assert.doesNotMatch(line, /Max-Age|Expires/);
    const key = valueOf(line);
    const r = m.load(`sessionid=${key}`);
    await r.load();
    db.exec('DELETE FROM django_session');
    r.set('b', 2);
    assert.match(setCookies(await m.commit(r))[0]!, /^sessionid=; Max-Age=0/);
    assert.deepEqual(rows(), []);
  });

  test("db: values Django's JSON cannot hold are refused where they are set", () => {
    const { m } = setup();
    assert.throws(() => m.load(null).set('b', new Uint8Array(2)), SessionDataError);
    assert.throws(() => m.load(null).set('d', new Date()), SessionDataError);
  });

  test('signed-cookies engine: the cookie is the session; 14-day max age', async () => {
    const c = clock();
    const m = createDjangoSessionManager({ engine: 'signed-cookies', secretKey: SECRET, now: c.now });
    const s = m.load(null);
    s.set('cart', [1, 2, 3]);
    const value = valueOf(setCookies(await m.commit(s))[0]!);
    const loaded = createDjangoSigning({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT }).loads(value, { now: T0, maxAgeSeconds: 1_209_600 });
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.value, { cart: [1, 2, 3] });
    c.advance(1_209_601);
    assert.equal(await m.load(`sessionid=${value}`).get('cart'), undefined);
  });
});
