/**
 * Future payloads refused (SR-13), in every mode and both crypto back ends, with the injected
 * clock: a session whose creation or last-seen time lies more than `timeouts.clockSkewSeconds`
 * ahead of the manager's clock is a fresh session plus the reason `future`; exactly the skew is
 * accepted, one millisecond more is not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { InvalidCookieEvent } from '../../src/session/options.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, makeManager, MODES, T0 } from './helpers.ts';
import { mintCookie, request, stateAt } from './lifecycle-helpers.ts';

type Data = { user?: string };

const NAME = '__Host-session';
const HOUR = 3_600_000;
const DAY = 86_400_000;

for (const mode of MODES) {
  describe(`clock skew: ${mode}`, () => {
    const setup = (extra: Parameters<typeof makeManager<Data>>[1] = {}) => {
      const events: SessionEvent[] = [];
      const invalid: InvalidCookieEvent[] = [];
      const made = makeManager<Data>(mode, { onEvent: (e) => events.push(e), onInvalidCookie: (e) => invalid.push(e), ...extra });
      return { ...made, events, invalid };
    };

    /** Loads `cookie` and says whether it gave the session holding user ada. */
    const opens = async (manager: ReturnType<typeof setup>['manager'], cookie: string) => {
      const session = manager.load(cookie);
      const user = await session.get('user');
      assert.equal(session.isNew, user === undefined);
      return user === 'ada';
    };

    for (const field of ['createdAt', 'lastSeenAt'] as const) {
      test(`a session whose ${field} is more than the clock skew ahead is refused as future; exactly the skew is accepted (SR-13)`, async () => {
        const { manager, clock, store, events, invalid } = setup();
        const now = clock.now();
        const ahead = (ms: number) => (field === 'createdAt' ? stateAt(now + ms, now, { user: 'ada' }) : stateAt(now - HOUR, now + ms, { user: 'ada' }));
        assert.equal(await opens(manager, await mintCookie(mode, ahead(60_000), now + DAY, now, store)), true, 'exactly 60 s ahead');
        assert.equal(await opens(manager, await mintCookie(mode, ahead(60_001), now + DAY, now, store)), false, '60 s + 1 ms ahead');
        assert.deepEqual(invalid, [{ reason: 'future', cookieName: NAME }]);
        assert.deepEqual(events, [{ type: 'invalid-cookie', at: now, cookieName: NAME, reason: 'future' }]);
        if (store !== null) assert.equal(store.size, 2, 'kept in the store: the clock that is wrong may be this one');
      });
    }

    test('timeouts.clockSkewSeconds sets the skew; 0 tolerates none (SR-13)', async () => {
      for (const [skewSeconds, allowed] of [[0, 0], [5, 5_000]] as const) {
        const { manager, clock, store } = setup({ timeouts: { clockSkewSeconds: skewSeconds } });
        const now = clock.now();
        assert.equal(await opens(manager, await mintCookie(mode, stateAt(now + allowed, now + allowed, { user: 'ada' }), now + DAY, now, store)), true, `skew ${skewSeconds} s, exactly`);
        assert.equal(await opens(manager, await mintCookie(mode, stateAt(now + allowed + 1, now + allowed + 1, { user: 'ada' }), now + DAY, now, store)), false, `skew ${skewSeconds} s, + 1 ms`);
      }
    });

    test('a session written by a server whose clock runs ahead is accepted once this clock is within the skew (SR-13)', async () => {
      const { manager, clock, invalid } = setup();
      const client = cookieClient();
      clock.set(T0 + 61_000);
      await request(manager, client, (s) => s.set('user', 'ada'));
      clock.set(T0);
      assert.equal(await opens(manager, client.header()!), false, '61 s ahead');
      assert.equal(invalid.at(-1)?.reason, 'future');
      clock.set(T0 + 1_000);
      assert.equal(await opens(manager, client.header()!), true, '60 s ahead');
    });
  });
}

describe('clock skew: configuration', () => {
  test('timeouts.clockSkewSeconds must be a whole number of seconds, 0 or more (SR-13)', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60']) {
      assert.throws(() => createSessionManager({ store: createMemoryStore(), timeouts: { clockSkewSeconds: bad as number } }), ConfigError, String(bad));
    }
    assert.doesNotThrow(() => createSessionManager({ store: createMemoryStore(), timeouts: { clockSkewSeconds: 0 } }));
  });
});
