/**
 * CSRF rejections as lifecycle events (SR-48): every refusal of the session-bound protection (in
 * every session mode and both crypto back ends) and of the double-submit cookie is reported to
 * `onEvent` as `csrf-rejected` with the machine-readable reason; passes are not; no event carries
 * a token or secret (SR-47).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCsrfProtection, createDoubleSubmitCsrf, type CsrfRequest } from '../../src/csrf/index.ts';
import { createKeyring } from '../../src/crypto/index.ts';
import type { SessionEvent } from '../../src/session/events.ts';
import { makeManager, MODES, SECRET } from '../session/helpers.ts';

const APP = 'https://app.example';
const req = (method: string, headers: Record<string, string> = {}): CsrfRequest => ({ method, header: (n) => headers[n] });
const post = (headers: Record<string, string> = {}) => req('POST', { origin: APP, 'sec-fetch-site': 'same-origin', ...headers });

for (const mode of MODES) {
  describe(`CSRF events: synchronizer token (${mode})`, () => {
    test('every CSRF rejection is reported as csrf-rejected with its reason; passes are not (SR-48)', async () => {
      const events: SessionEvent[] = [];
      const csrf = createCsrfProtection({ origins: [APP], onEvent: (e) => events.push(e) });
      const { manager } = makeManager(mode);
      const session = manager.load(null);
      const token = await csrf.token(session);
      const secret = await session.csrfSecret();

      assert.deepEqual(await csrf.verify(post(), session, token), { ok: true });
      assert.deepEqual(await csrf.verify(req('GET', { origin: 'https://evil.example' }), session), { ok: true });
      assert.equal(events.length, 0);

      const refusals: Array<[() => unknown, string]> = [
        [() => csrf.verify(req('POST', { 'sec-fetch-site': 'cross-site', origin: APP }), session, token), 'cross-site-fetch'],
        [() => csrf.verify(req('POST', { origin: 'https://evil.example' }), session, token), 'origin-mismatch'],
        [() => csrf.verify(req('POST', { origin: 'null' }), session, token), 'origin-null'],
        [() => csrf.verify(req('POST'), session, token), 'origin-missing'],
        [() => csrf.verify(post(), session), 'token-missing'],
        [() => csrf.verify(post(), session, token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA')), 'token-invalid'],
        [() => csrf.checkOrigin(req('DELETE', { referer: 'https://evil.example/x' })), 'referer-mismatch'],
      ];
      for (const [check, reason] of refusals) assert.deepEqual(await check(), { ok: false, reason });
      assert.deepEqual(events.map((e) => (e.type === 'csrf-rejected' ? e.reason : e.type)), refusals.map(([, reason]) => reason));
      for (const e of events) {
        assert.equal(e.type, 'csrf-rejected');
        assert.equal(typeof e.at, 'number');
      }
      const text = JSON.stringify(events);
      assert.ok(!text.includes(token) && !text.includes(secret), 'no token or secret in an event (SR-47)');
    });
  });
}

describe('CSRF events: double-submit cookie', () => {
  test('every double-submit rejection is reported as csrf-rejected with its reason (SR-48)', () => {
    const events: SessionEvent[] = [];
    const ds = createDoubleSubmitCsrf({ keys: createKeyring([{ secret: SECRET }]), origins: [APP], onEvent: (e) => events.push(e) });
    const { token, setCookie } = ds.issue(null);
    const cookie = setCookie!.split(';')[0]!;
    assert.deepEqual(ds.verify(post(), cookie, token), { ok: true });
    assert.deepEqual(ds.verify(post(), cookie), { ok: false, reason: 'token-missing' });
    assert.deepEqual(ds.verify(post(), null, token), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(ds.verify(req('PUT', { 'sec-fetch-site': 'same-site', origin: APP }), cookie, token), { ok: false, reason: 'same-site-fetch' });
    assert.deepEqual(events.map((e) => (e.type === 'csrf-rejected' ? e.reason : e.type)), ['token-missing', 'token-invalid', 'same-site-fetch']);
    assert.ok(!JSON.stringify(events).includes(token) && !JSON.stringify(events).includes(cookie.split('=')[1]!));
  });

  test('a CSRF hook that throws changes no outcome (SR-48)', async () => {
    const throwing = () => {
      throw new Error('the logger is down');
    };
    const csrf = createCsrfProtection({ origins: [APP], onEvent: throwing });
    const { manager } = makeManager('sealed');
    assert.deepEqual(await csrf.verify(post(), manager.load(null)), { ok: false, reason: 'token-missing' });
    const ds = createDoubleSubmitCsrf({ keys: createKeyring([{ secret: SECRET }]), origins: [APP], onEvent: throwing });
    assert.deepEqual(ds.verify(post(), null, 'x'), { ok: false, reason: 'token-invalid' });
  });
});
