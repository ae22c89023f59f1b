/**
 * The `tessera sessions` checks every store gets, against the real server: sessions are made
 * through the library (createSessionManager + load/set/flash/bindUser/commit), then the real
 * executable is asked about them and the store is checked behind it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStoreFromUrl, type StoreFromUrl } from '../../src/stores/index.ts';
import { isOneLineError, lines, makeSessions, tessera, type MadeSession } from './support.ts';

/** What a store's test file gives the suite. */
export interface StoreUnderTest {
  /** The store URL the CLI gets (with its own prefix / schema / file). */
  url: string;
  /** Whether the store keeps expired rows the CLI can count (SQL stores). */
  countsExpired: boolean;
}

interface Fixture {
  made: StoreFromUrl;
  alice: MadeSession[];
  bob: MadeSession;
  anonymous: MadeSession[];
}

/**
 * Registers the tests (call inside a `describe`). `get` is called when the tests run (after
 * the file's `before` made the store); `skip` is false or the reason they skip (outside CI).
 */
export function storeCommandTests(get: () => StoreUnderTest, skip: string | false): void {
  let fx: Fixture;
  const store = () => fx.made.store;
  const url = () => get().url;

  test('setup: sessions made through the library', { skip }, async () => {
    const made = await createStoreFromUrl(url());
    const sessions = await makeSessions(made.store, [
      { user: 'alice', data: { cart: ['tea', 'cups'], theme: 'dark' }, flash: { notice: 'saved' }, userAgent: 'Firefox/128' },
      { user: 'alice', data: { n: 2 } },
      { user: 'alice', data: { n: 3 } },
      { user: 'bob', data: { n: 4 } },
      { data: { n: 5 } },
      { data: { n: 6 } },
    ]);
    fx = { made, alice: sessions.slice(0, 3), bob: sessions[3]!, anonymous: sessions.slice(4) };
    if (get().countsExpired) {
      // An entry already expired in real time (the CLI runs at the real clock): invisible, countable.
      const t = Date.now();
      assert.equal(await made.store.create('expired-entry-1', { data: '{}', expiresAt: t - 60_000, userId: 'carol' }, t - 120_000), true);
    }
  });

  test('stats: live, bound, users and expired match what was made', { skip }, async () => {
    const [r, human] = await Promise.all([tessera(['sessions', 'stats', '--store', url(), '--json']), tessera(['sessions', 'stats'], { SESSION_STORE_URL: url() })]);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(s.live, 6);
    assert.equal(s.bound, 4);
    assert.equal(s.anonymous, 2);
    assert.equal(s.users, 2);
    assert.deepEqual(s.topUsers, [
      { userId: 'alice', sessions: 3 },
      { userId: 'bob', sessions: 1 },
    ]);
    if (get().countsExpired) assert.equal(s.expired, 1);
    else assert.equal(s.expired, null);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^live +6 sessions$/m);
    assert.match(human.stdout, /^bound +4 to 2 users$/m);
    assert.match(human.stdout, get().countsExpired ? /^expired +1 awaiting a sweep/m : /^expired +n\/a \(Redis expires entries natively/m);
    assert.doesNotMatch(human.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
  });

  test('list: pages through every live session with --limit and --cursor, never the data', { skip }, async () => {
    const keys: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const args = ['sessions', 'list', '--store', url(), '--limit', '2', '--json', ...(cursor === null ? [] : ['--cursor', cursor])];
      const r = await tessera(args);
      assert.equal(r.status, 0, r.stderr);
      const body = JSON.parse(r.stdout) as { entries: Array<Record<string, unknown>>; cursor: string | null };
      assert.ok(body.entries.length <= 2);
      for (const e of body.entries) {
        assert.deepEqual(Object.keys(e).sort(), ['expiresAt', 'key', 'size', 'userId', 'version']);
        keys.push(e.key as string);
      }
      cursor = body.cursor;
      if (cursor === null) break;
    }
    const all = [...fx.alice, fx.bob, ...fx.anonymous];
    assert.deepEqual(keys.sort(), all.map((s) => s.key).sort());

    const [table, cut, mine] = await Promise.all([
      tessera(['sessions', 'list', '--store', url(), '--wide']),
      tessera(['sessions', 'list', '--store', url()]),
      tessera(['sessions', 'list', '--store', url(), '--user', 'alice', '--json']),
    ]);
    assert.equal(table.status, 0, table.stderr);
    const rows = lines(table.stdout);
    assert.match(rows[0]!, /^key +user +expires +in +version +bytes$/);
    assert.equal(rows.length, 7);
    const userColumn = rows[0]!.indexOf('user');
    for (const s of all) {
      const row = rows.find((l) => l.startsWith(s.key));
      assert.ok(row !== undefined, `a row for ${s.key}`);
      assert.equal(row.slice(userColumn).split(' ')[0], s.user ?? '-', 'columns aligned under their titles');
    }
    assert.doesNotMatch(table.stdout, /tea|cups|dark/, 'list never prints session data');

    assert.ok(lines(cut.stdout).slice(1).every((l) => /^\S{15}… /.test(l)), 'keys cut to 16 characters without --wide');
    assert.deepEqual(
      (JSON.parse(mine.stdout) as { entries: Array<{ key: string }> }).entries.map((e) => e.key).sort(),
      fx.alice.map((s) => s.key).sort(),
    );
  });

  test('show: decodes a session from its cookie token or its store key', { skip }, async () => {
    const [first] = fx.alice;
    const [byToken, byKey, missing] = await Promise.all([
      tessera(['sessions', 'show', '--store', url(), '--json', '--', first!.token]),
      tessera(['sessions', 'show', '--store', url(), '--', fx.bob.key]), // a key may start with '-' (base64url)
      tessera(['sessions', 'show', 'A'.repeat(43), '--store', url()]),
    ]);
    assert.equal(byToken.status, 0, byToken.stderr);
    const s = JSON.parse(byToken.stdout) as Record<string, unknown>;
    assert.equal(s.key, first!.key);
    assert.equal(s.via, 'token');
    assert.equal(s.userId, 'alice');
    assert.deepEqual(s.data, { cart: ['tea', 'cups'], theme: 'dark' });
    assert.deepEqual(s.flashKeys, ['notice']);
    assert.deepEqual(s.meta, { userAgent: 'Firefox/128', ip: '203.0.113.7' });
    assert.ok(typeof s.createdAt === 'number' && typeof s.lastSeenAt === 'number' && typeof s.expiresAt === 'number');
    assert.equal(JSON.stringify(s).includes('saved'), false, 'flash values are not printed');

    assert.equal(byKey.status, 0, byKey.stderr);
    assert.match(byKey.stdout, new RegExp(`^key +${fx.bob.key.replace(/[-]/g, '\\-')}$`, 'm'));
    assert.match(byKey.stdout, /^user +bob$/m);
    assert.match(byKey.stdout, /^created +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+s ago\)$/m);
    assert.match(byKey.stdout, /^flash keys +none$/m);
    assert.match(byKey.stdout, /^\{\n {2}"n": 4\n\}$/m);

    assert.equal(missing.status, 1);
    assert.ok(isOneLineError(missing.stderr), missing.stderr);
  });

  test('revoke: removes one session, by token; a second revoke finds nothing (exit 1)', { skip }, async () => {
    const victim = fx.anonymous[0]!;
    const r = await tessera(['sessions', 'revoke', '--store', url(), '--', victim.token]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `revoked session ${victim.key} (anonymous)\n`);
    assert.equal(await store().get(victim.key, Date.now()), null);
    assert.notEqual(await store().get(fx.anonymous[1]!.key, Date.now()), null, 'the other anonymous session stays');
    const again = await tessera(['sessions', 'revoke', '--store', url(), '--', victim.key]); // a key may start with '-'
    assert.equal(again.status, 1, again.stderr);
    assert.match(again.stderr, /no live session/);
  });

  test('revoke-user: removes exactly that user\'s sessions except --except', { skip }, async () => {
    const [keep, gone1, gone2] = fx.alice;
    const refused = await tessera(['sessions', 'revoke-user', 'alice', `--except=${fx.bob.token}`, '--store', url()]);
    assert.equal(refused.status, 2, 'an --except that is not the user\'s session is refused');
    assert.ok(isOneLineError(refused.stderr), refused.stderr);
    assert.notEqual(await store().get(gone1!.key, Date.now()), null, 'nothing revoked on refusal');

    const r = await tessera(['sessions', 'revoke-user', 'alice', `--except=${keep!.token}`, '--store', url(), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { userId: 'alice', revoked: 2, kept: [keep!.key] });
    const now = Date.now();
    assert.equal(await store().get(gone1!.key, now), null);
    assert.equal(await store().get(gone2!.key, now), null);
    assert.notEqual(await store().get(keep!.key, now), null, 'the --except session stays');
    assert.notEqual(await store().get(fx.bob.key, now), null, 'other users\' sessions stay');
    assert.notEqual(await store().get(fx.anonymous[1]!.key, now), null, 'anonymous sessions stay');
  });

  test('sweep: deletes expired entries where the store keeps them', { skip }, async () => {
    const r = await tessera(['sessions', 'sweep', '--store', url()]);
    assert.equal(r.status, 0, r.stderr);
    if (get().countsExpired) {
      assert.match(r.stdout, /^deleted 1 expired session in \d+\.\d\d s \(/);
      const after = JSON.parse((await tessera(['sessions', 'stats', '--store', url(), '--json'])).stdout) as { expired: number; live: number };
      assert.deepEqual([after.expired, after.live], [0, 3]);
    } else {
      assert.match(r.stdout, /^nothing to sweep: Redis expires entries natively/);
    }
  });

  test('teardown: close the library\'s store', { skip }, async () => {
    await fx.made.close();
  });
}
