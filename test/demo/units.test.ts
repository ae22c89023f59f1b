/** The demo's small parts on their own: the login throttle (with a fake clock), users, HTML escaping, helpers. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appOrigins, readConfig, StartupError } from '../../demo/config.ts';
import { html, raw } from '../../demo/html.ts';
import { localPath } from '../../demo/http.ts';
import { createLoginThrottle } from '../../demo/login-throttle.ts';
import { lastActiveAt, SESSION_TIMEOUTS } from '../../demo/sessions.ts';
import { duration } from '../../demo/views/format.ts';
import { describeUserAgent } from '../../demo/user-agent.ts';
import { createUserDirectory } from '../../demo/users.ts';

describe('login throttle', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };
  const allowed = { allowed: true };

  test('three free tries, then waits that double up to the cap', () => {
    const c = clock();
    const throttle = createLoginThrottle({ now: c.now, maxDelaySeconds: 4 });
    for (let i = 0; i < 3; i++) assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), allowed);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), { allowed: false, retryAfterSeconds: 1 });
    c.advance(999);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), { allowed: false, retryAfterSeconds: 1 }); // a refused try is not counted
    c.advance(1);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), allowed);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), { allowed: false, retryAfterSeconds: 2 });
    c.advance(2000);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), allowed);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), { allowed: false, retryAfterSeconds: 4 });
    c.advance(4000);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), allowed);
    assert.deepEqual(throttle.attempt('ada', '1.2.3.4'), { allowed: false, retryAfterSeconds: 4 }); // capped
  });

  test('keyed by username and IP together; usernames compare case-insensitively', () => {
    const throttle = createLoginThrottle({ now: () => 0 });
    for (let i = 0; i < 3; i++) throttle.attempt('Ada', '1.2.3.4');
    assert.equal(throttle.attempt('ada', '1.2.3.4').allowed, false);
    assert.equal(throttle.attempt('ada', '5.6.7.8').allowed, true);
    assert.equal(throttle.attempt('grace', '1.2.3.4').allowed, true);
  });

  test('a correct password, or time, forgets the tries', () => {
    const c = clock();
    const throttle = createLoginThrottle({ now: c.now, forgetAfterSeconds: 60 });
    for (let i = 0; i < 3; i++) throttle.attempt('ada', 'ip');
    throttle.succeed('ada', 'ip');
    assert.equal(throttle.size, 0);
    for (let i = 0; i < 3; i++) throttle.attempt('ada', 'ip');
    c.advance(60_000);
    assert.deepEqual(throttle.attempt('ada', 'ip'), allowed);
    assert.equal(throttle.size, 1);
  });

  test('memory is bounded: the least recently tried key goes first', () => {
    const throttle = createLoginThrottle({ now: () => 0, maxEntries: 3 });
    for (const name of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) throttle.attempt(name, 'ip');
    throttle.succeed('a', 'ip');
    for (let i = 0; i < 3; i++) throttle.attempt('a', 'ip'); // a is now the most recent
    throttle.attempt('d', 'ip');
    assert.equal(throttle.size, 3);
    assert.equal(throttle.attempt('a', 'ip').allowed, false);
    assert.equal(throttle.attempt('b', 'ip').allowed, true); // evicted, so b starts again
  });
});

describe('users', () => {
  test('scrypt-hashed passwords: right, wrong, unknown user, username case', async () => {
    const users = await createUserDirectory([{ username: 'kay', password: 'smalltalk-80', displayName: 'Alan Kay' }]);
    assert.deepEqual(await users.verify('kay', 'smalltalk-80'), { id: 'u1', username: 'kay', displayName: 'Alan Kay' });
    assert.deepEqual(await users.verify(' KAY ', 'smalltalk-80'), { id: 'u1', username: 'kay', displayName: 'Alan Kay' });
    assert.equal(await users.verify('kay', 'Smalltalk-80'), null);
    assert.equal(await users.verify('nobody', 'smalltalk-80'), null);
    assert.equal(users.byId('u1')?.username, 'kay');
    assert.equal(users.byId('u2'), null);
  });
});

describe('helpers', () => {
  test('html escapes every interpolated value but passes safe markup through', () => {
    const name = '<script>alert("x")</script>';
    assert.equal(html`<p title="${name}">${name} ${raw('<br>')} ${3} ${null} ${[html`<i>${'&'}</i>`]}</p>`.html, '<p title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; <br> 3  <i>&#38;</i></p>');
  });

  test('localPath keeps local paths only', () => {
    assert.equal(localPath('/profile?tab=1'), '/profile?tab=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'profile', null]) assert.equal(localPath(bad), '/');
  });

  test('user agents get short names', () => {
    assert.equal(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36'), 'Headless Chrome on Linux');
    assert.equal(describeUserAgent('Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0'), 'Firefox on Android');
    assert.equal(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'), 'Safari on iOS');
    assert.equal(describeUserAgent(null), 'Unknown browser');
  });

  test('last activity comes from the idle deadline when it is later than the last write', () => {
    const idleMs = SESSION_TIMEOUTS.idleSeconds * 1000;
    assert.equal(lastActiveAt({ lastSeenAt: 1000, expiresAt: 5000 + idleMs }), 5000);
    assert.equal(lastActiveAt({ lastSeenAt: 9000, expiresAt: 5000 + idleMs }), 9000); // capped by the absolute timeout
  });

  test('durations in the largest whole unit', () => {
    assert.deepEqual([duration(2_592_000), duration(86_400), duration(3600), duration(600), duration(90), duration(1)], ['30 days', '1 day', '1 hour', '10 min', '90 s', '1 s']);
  });

  test('configuration: defaults, a bad PORT, the CSRF origins', () => {
    const config = readConfig({});
    assert.deepEqual(config, { port: 3000, dataDir: './data', storeUrl: 'sqlite:./data/sessions.db', production: false, publicOrigin: null });
    assert.deepEqual(appOrigins(config, 3000), ['http://localhost:3000', 'http://127.0.0.1:3000']);
    assert.deepEqual(appOrigins(readConfig({ PUBLIC_ORIGIN: 'https://demo.example/' }), 3000), ['https://demo.example']);
    assert.throws(() => readConfig({ PORT: 'eighty' }), StartupError);
  });
});
