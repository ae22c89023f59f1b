/**
 * Lifecycle events (SR-48) in every mode and both crypto back ends: created, regenerated and
 * destroyed after the commit, expired with the timeout that ended the session, every
 * `onInvalidCookie` report as `invalid-cookie`, a throwing hook that fails nothing, and events
 * that never carry a cookie value, token or store key (SR-47).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '../../src/crypto/index.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import { cookieClient, makeManager, MODES, type ModeName } from './helpers.ts';
import { request } from './lifecycle-helpers.ts';

type Data = { user?: string; cart?: string[]; count?: number };

const MINUTE = 60_000;
const NAME = '__Host-session';
const modeOf = (mode: ModeName) => (mode.startsWith('server') ? 'server' : mode.startsWith('signed') ? 'signed' : 'sealed');

for (const mode of MODES) {
  describe(`lifecycle events: ${mode}`, () => {
    const setup = (extra: Parameters<typeof makeManager<Data>>[1] = {}) => {
      const events: SessionEvent[] = [];
      const invalid: InvalidCookieEvent[] = [];
      const made = makeManager<Data>(mode, { onEvent: (e) => events.push(e), onInvalidCookie: (e) => invalid.push(e), ...extra });
      return { ...made, events, invalid, client: cookieClient() };
    };

    test('created, regenerated and destroyed are reported once each, after the commit (SR-48)', async () => {
      const { manager, client, clock, events } = setup();
      await request(manager, client, (s) => s.get('user'));
      assert.equal(events.length, 0, 'a read-only anonymous visit creates nothing');
      await request(manager, client, (s) => s.set('cart', ['apple']));
      assert.deepEqual(events, [{ type: 'created', at: clock.now(), cookieName: NAME, mode: modeOf(mode) }]);
      await request(manager, client, (s) => s.set('count', 1));
      assert.equal(events.length, 1, 'an ordinary write is no lifecycle event');
      clock.advance(MINUTE);
      await request(manager, client, (s) => {
        s.regenerate();
        s.bindUser('u1');
      });
      assert.deepEqual(events.at(-1), { type: 'regenerated', at: clock.now(), cookieName: NAME, userId: 'u1' });
      clock.advance(MINUTE);
      await request(manager, client, (s) => s.destroy());
      assert.deepEqual(events.at(-1), { type: 'destroyed', at: clock.now(), cookieName: NAME, userId: 'u1' });
      assert.deepEqual(events.map((e) => e.type), ['created', 'regenerated', 'destroyed']);

      // No session to destroy: nothing destroyed. A login on a first visit creates a session.
      await request(manager, cookieClient(), (s) => s.destroy());
      assert.equal(events.length, 3);
      await request(manager, cookieClient(), (s) => {
        s.regenerate();
        s.set('user', 'bob');
      });
      assert.deepEqual(events.map((e) => e.type), ['created', 'regenerated', 'destroyed', 'created']);
    });

    test('every onInvalidCookie report is also an invalid-cookie event with the same reason (SR-48)', async () => {
      const { manager, client, events, invalid } = setup();
      const other = cookieClient();
      await request(manager, client, (s) => s.set('user', 'ada'));
      await request(manager, other, (s) => s.set('user', 'bob'));
      const value = client.cookies.get(NAME)!.value;
      const headers = [`${NAME}=garbage`, `${NAME}=${value.slice(0, -4)}${value.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`, `${client.header()}; ${other.header()}`];
      for (const header of headers) await manager.load(header).load();
      const reported = events.flatMap((e) => (e.type === 'invalid-cookie' ? [e] : []));
      assert.equal(reported.length, headers.length);
      assert.deepEqual(reported.map((e) => e.reason), invalid.map((e) => e.reason));
      assert.equal(invalid.at(-1)!.reason, 'ambiguous');
      assert.ok(reported.every((e) => e.cookieName === NAME));
    });

    if (mode.startsWith('server')) {
      test('server mode: a session the store still returns past its deadline is expired; one the store dropped is unknown (SR-48)', async () => {
        // A store drops an entry at its expiry, so server mode sees an expired session only while
        // the store still returns it: here a new deployment shortened the absolute timeout.
        const { manager: before, store, clock } = makeManager<Data>(mode, { timeouts: { absoluteSeconds: 7200 } });
        const events: SessionEvent[] = [];
        const after = createSessionManager<Data>({ store: store!, now: clock.now, timeouts: { absoluteSeconds: 3600, idleSeconds: 1800 }, onEvent: (e) => events.push(e) });
        const client = cookieClient();
        await request(before, client, (s) => {
          s.set('user', 'ada');
          s.bindUser('u1');
        });
        clock.advance(60 * MINUTE);
        assert.equal(await after.load(client.header()).get('user'), undefined);
        assert.deepEqual(events, [
          { type: 'expired', at: clock.now(), cookieName: NAME, timeout: 'absolute', userId: 'u1' },
          { type: 'invalid-cookie', at: clock.now(), cookieName: NAME, reason: 'expired' },
        ]);

        const idle = cookieClient();
        await request(after, idle, (s) => s.set('user', 'bob'));
        clock.advance(30 * MINUTE);
        await after.load(idle.header()).load();
        assert.deepEqual(events.at(-1), { type: 'invalid-cookie', at: clock.now(), cookieName: NAME, reason: 'unknown-session' });
      });
    } else {
      test('an ended cookie session is reported as expired with its timeout and user, and as invalid-cookie (SR-48)', async () => {
        const idle = setup({ timeouts: { absoluteSeconds: 7200, idleSeconds: 1800, touchIntervalSeconds: 60 } });
        await request(idle.manager, idle.client, (s) => {
          s.set('user', 'ada');
          s.bindUser('u1');
        });
        idle.clock.advance(30 * MINUTE);
        assert.equal(await idle.manager.load(idle.client.header()).get('user'), undefined);
        assert.deepEqual(idle.events.slice(1), [
          { type: 'expired', at: idle.clock.now(), cookieName: NAME, timeout: 'idle', userId: 'u1' },
          { type: 'invalid-cookie', at: idle.clock.now(), cookieName: NAME, reason: 'expired' },
        ]);

        const absolute = setup({ timeouts: { absoluteSeconds: 3600 } });
        await request(absolute.manager, absolute.client, (s) => s.set('user', 'bob'));
        absolute.clock.advance(60 * MINUTE);
        await absolute.manager.load(absolute.client.header()).load();
        assert.deepEqual(absolute.events.slice(1), [
          { type: 'expired', at: absolute.clock.now(), cookieName: NAME, timeout: 'absolute', userId: null },
          { type: 'invalid-cookie', at: absolute.clock.now(), cookieName: NAME, reason: 'expired' },
        ]);
      });
    }

    test('a hook that throws fails no request (SR-48)', async () => {
      const { manager, client } = setup({
        onEvent: () => {
          throw new Error('the logger is down');
        },
      });
      await request(manager, client, (s) => s.set('user', 'ada'));
      await request(manager, client, (s) => s.regenerate());
      assert.equal(await manager.load(`${NAME}=garbage`).get('user'), undefined);
      const { setCookies } = await request(manager, client, (s) => s.destroy());
      assert.equal(setCookies.length, 1);
    });

    test('events carry no cookie value, token, CSRF secret or store key (SR-47, SR-48)', async () => {
      const { manager, client, clock, events } = setup({ contextBinding: true, timeouts: { absoluteSeconds: 7200, idleSeconds: 1800, touchIntervalSeconds: 60 } });
      const secrets = new Set<string>();
      const keep = (setCookies: string[]) => {
        for (const line of setCookies) {
          const value = line.slice(line.indexOf('=') + 1, line.indexOf(';'));
          if (value.length === 0) continue;
          secrets.add(value);
          secrets.add(hashToken(value)); // the store key in server mode
        }
      };
      const home = { userAgent: 'Firefox/140', ip: '192.0.2.1' };
      keep((await request(manager, client, (s) => s.set('user', 'ada'), home)).setCookies);
      keep((await request(manager, client, async (s) => secrets.add(await s.csrfSecret()), home)).setCookies);
      await request(manager, client, (s) => s.get('user'), { userAgent: 'curl/8', ip: '198.51.100.7' });
      keep((await request(manager, client, (s) => s.regenerate(), home)).setCookies);
      await manager.load(`${NAME}=${[...secrets][0]!.slice(0, -3)}xyz`).load();
      keep((await request(manager, client, (s) => s.destroy(), home)).setCookies);
      const late = cookieClient();
      keep((await request(manager, late, (s) => s.set('user', 'bob'), home)).setCookies);
      clock.advance(7200_000);
      await manager.load(late.header(), home).load();

      const seen = new Set(events.map((e) => e.type));
      for (const type of ['created', 'regenerated', 'destroyed', 'invalid-cookie', 'context-changed']) assert.ok(seen.has(type as SessionEvent['type']), `${type} was emitted`);
      if (!mode.startsWith('server')) assert.ok(seen.has('expired'));
      const text = JSON.stringify(events);
      assert.ok(secrets.size >= 6);
      for (const secret of secrets) assert.ok(!text.includes(secret), 'an event carries a cookie value, token or key');
    });
  });
}
