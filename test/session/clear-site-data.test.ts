/**
 * Clear-Site-Data on logout (SR-20), in every mode and both crypto back ends: `destroy()` sends
 * the header, formatted per W3C Clear Site Data §3.1 (quoted types, comma-separated), only when
 * `cookie.clearSiteDataOnDestroy` asks for it; every other commit is unchanged.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.ts';
import type { ClearSiteDataType } from '../../src/session/clear-site-data.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { cookieClient, makeManager, MODES } from './helpers.ts';
import { request } from './lifecycle-helpers.ts';

type Data = { user?: string };

const clearSiteData = (headers: Array<[string, string]>) => headers.filter(([n]) => n === 'Clear-Site-Data').map(([, v]) => v);

for (const mode of MODES) {
  describe(`Clear-Site-Data: ${mode}`, () => {
    test('destroy sends Clear-Site-Data "cookies", "cache" when configured, and no other commit does (SR-20)', async () => {
      const { manager } = makeManager<Data>(mode, { cookie: { clearSiteDataOnDestroy: ['cookies', 'cache'] } });
      const client = cookieClient();
      const login = await request(manager, client, (s) => s.set('user', 'ada'));
      assert.deepEqual(clearSiteData(login.headers), []);
      const read = await request(manager, client, (s) => s.get('user'));
      assert.deepEqual(clearSiteData(read.headers), []);
      const logout = await request(manager, client, (s) => s.destroy());
      assert.deepEqual(clearSiteData(logout.headers), ['"cookies", "cache"']);
      assert.ok(logout.headers.some(([n, v]) => n === 'Cache-Control' && v === 'private, no-store'));
      assert.equal(logout.setCookies.length, 1, 'the session cookie is still cleared explicitly');
      assert.equal(client.header(), null);

      const anonymous = await request(manager, cookieClient(), (s) => s.destroy());
      assert.deepEqual(clearSiteData(anonymous.headers), ['"cookies", "cache"'], 'a logout without a session still asks the browser to clear');
      assert.ok(anonymous.headers.some(([n]) => n === 'Cache-Control'));
    });

    test('without the option (default false) destroy sends no Clear-Site-Data (SR-20)', async () => {
      for (const extra of [{}, { cookie: { clearSiteDataOnDestroy: false as const } }]) {
        const { manager } = makeManager<Data>(mode, extra);
        const client = cookieClient();
        await request(manager, client, (s) => s.set('user', 'ada'));
        const logout = await request(manager, client, (s) => s.destroy());
        assert.deepEqual(clearSiteData(logout.headers), []);
      }
    });
  });
}

describe('Clear-Site-Data: configuration', () => {
  const make = (value: unknown) => createSessionManager({ store: createMemoryStore(), cookie: { clearSiteDataOnDestroy: value as ClearSiteDataType[] } });

  test('every type is quoted and the list keeps its order (SR-20)', async () => {
    const cases: Array<[ClearSiteDataType[], string]> = [
      [['cookies'], '"cookies"'],
      [['cache', 'cookies', 'storage'], '"cache", "cookies", "storage"'],
      [['*'], '"*"'],
      [['executionContexts', 'clientHints'], '"executionContexts", "clientHints"'],
    ];
    for (const [types, header] of cases) {
      const manager = make(types);
      const session = manager.load(null);
      session.destroy();
      assert.deepEqual(clearSiteData(await manager.commit(session)), [header]);
    }
  });

  test('an empty list, an unknown or repeated type, or true is refused at start-up (SR-20)', () => {
    for (const bad of [[], ['cookie'], ['Cookies'], ['cookies', 'cookies'], ['"cookies"'], true, 'cookies', null]) {
      assert.throws(() => make(bad), ConfigError, JSON.stringify(bad));
    }
  });
});
