/**
 * The demo's start-up: production refuses to run without TESSERA_SECRETS and says how to make
 * one; development generates a secret file readable by its owner only; SESSION_STORE_URL picks
 * the store and is printed without its password.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { runDemoToExit, startDemo } from './demo-process.ts';

describe('demo start-up', () => {
  test('production without TESSERA_SECRETS refuses to start and says how to make one', async () => {
    const { code, output } = await runDemoToExit({ NODE_ENV: 'production' });
    assert.equal(code, 1);
    assert.match(output, /TESSERA_SECRETS is not set/);
    assert.match(output, /tessera keygen/);
  });

  test('a weak secret is refused with the keyring\'s reason', async () => {
    const { code, output } = await runDemoToExit({ TESSERA_SECRETS: 'changeme' });
    assert.equal(code, 1);
    assert.match(output, /The demo cannot start: .*secret/i);
  });

  test('development without secrets generates one, mode 0600, with a warning', async () => {
    const demo = await startDemo({ TESSERA_SECRETS: '' });
    try {
      assert.match(demo.output(), /warning: TESSERA_SECRETS is not set/);
      assert.equal(statSync(join(demo.dataDir, 'secret')).mode & 0o777, 0o600);
    } finally {
      await demo.stop();
    }
  });

  test('SESSION_STORE_URL selects the store, printed without its password', async () => {
    const demo = await startDemo({ SESSION_STORE_URL: 'memory:' });
    try {
      assert.match(demo.output(), /sessions: memory/);
    } finally {
      await demo.stop();
    }
    const redis = await startDemo({ SESSION_STORE_URL: 'redis://demo:hunter2@127.0.0.1:9/0?timeoutMs=100' });
    try {
      assert.match(redis.output(), /sessions: Redis \(redis:\/\/demo:\*\*\*@127\.0\.0\.1:9\/0/);
      assert.doesNotMatch(redis.output(), /hunter2/);
    } finally {
      await redis.stop();
    }
  });
});
