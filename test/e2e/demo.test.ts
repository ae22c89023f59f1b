/**
 * The demo in a real browser (Debian's Chromium through playwright-core): logging in and out,
 * what the browser does with the session cookie, "remember me", two devices, a forged cross-site
 * form, a tampered cookie, basic accessibility on desktop and phone widths. The demo runs as a
 * child process with its own SQLite file and a fixed secret. Screenshots go to test-artifacts/e2e/.
 */
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/users.ts';
import { startDemo, type DemoProcess } from '../demo/demo-process.ts';
import { CHROMIUM, DESKTOP, launchChromium, PHONE, screenshot, startAttacker } from './browser.ts';

const SESSION = '__Host-session';
const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

function password(username: string): string {
  return DEMO_ACCOUNTS.find((a) => a.username === username)!.password;
}

describe('demo in a browser', { timeout: 120_000 }, () => {
  let demo: DemoProcess;
  let browser: Browser;

  /** A new browser profile ("device"): its own cookies. */
  const device = (options: BrowserContextOptions = {}) => browser.newContext({ baseURL: demo.url, viewport: DESKTOP, ...options });

  /** Logs in through the form and waits for the page after it. */
  async function logIn(page: Page, username: string, remember = false): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password(username));
    if (remember) await page.getByLabel('Remember me on this device').check();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(demo.url + '/');
  }

  async function sessionCookie(context: BrowserContext) {
    return (await context.cookies()).find((c) => c.name === SESSION);
  }

  /** Whether the page at /profile shows a logged-in user (200) or the login prompt (401). */
  async function profileStatus(page: Page): Promise<number> {
    return (await page.goto('/profile'))!.status();
  }

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (Debian's; never a downloaded one), or set CHROMIUM_PATH`);
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('log in, see the greeting and reach the profile', async () => {
    const context = await device();
    const page = await context.newPage();
    assert.equal(await profileStatus(page), 401);
    await screenshot(page, 'profile-401');
    await logIn(page, 'ada');
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Welcome, Ada Lovelace. You are logged in.' }).waitFor());
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Hello, Ada Lovelace');
    await screenshot(page, 'home-desktop', 'home');
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your profile');
    assert.match((await page.locator('main').textContent())!, /Browser session: the cookie has no expiry date/);
    await screenshot(page, 'profile');
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await screenshot(page, 'home-phone');
    await context.close();
  });

  test('the session cookie is HttpOnly (page scripts cannot see it), Secure and SameSite=Lax', async () => {
    const context = await device();
    const page = await context.newPage();
    await logIn(page, 'ada');
    const cookie = (await sessionCookie(context))!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.expires, -1); // no "remember me": a browser-session cookie
    assert.equal(await page.evaluate(() => document.cookie.includes('__Host-session')), false);
    // The theme cookie is the opposite: made with httpOnly: false, so the page's script reads it.
    await page.goto('/theme');
    await page.getByLabel('Dark').check();
    await page.getByRole('button', { name: 'Save theme' }).click();
    await page.waitForURL(demo.url + '/theme');
    assert.equal(await page.evaluate(() => document.cookie), 'theme=dark');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.equal(await page.locator('[data-document-cookie]').first().textContent(), 'theme=dark');
    await screenshot(page, 'theme-dark');
    await context.close();
  });

  test('logging out ends the session on the server: replaying the old cookie shows logged out', async () => {
    const context = await device();
    const page = await context.newPage();
    await logIn(page, 'ada');
    const old = (await sessionCookie(context))!;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(demo.url + '/');
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'You are logged out.' }).waitFor());
    assert.notEqual((await sessionCookie(context))?.value, old.value);
    await context.addCookies([old]); // put the pre-logout cookie back, as a thief who copied it would
    assert.equal((await sessionCookie(context))!.value, old.value);
    assert.equal(await profileStatus(page), 401);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' }).count(), 1);
    await context.close();
  });

  test('"remember me" survives closing the browser; the default session does not', async () => {
    // Playwright's storageState() keeps every cookie, browser-session ones included, whereas a
    // real browser drops cookies without an expiry when it closes. So "close the browser" is
    // emulated by dropping those (expires === -1) from the saved state before reopening.
    const reopen = async (remember: boolean) => {
      const first = await device();
      await logIn(await first.newPage(), 'alan', remember);
      const state = await first.storageState();
      await first.close();
      const session = state.cookies.find((c) => c.name === SESSION)!;
      const kept = { ...state, cookies: state.cookies.filter((c) => c.expires !== -1) };
      const second = await device({ storageState: kept });
      const status = await profileStatus(await second.newPage());
      await second.close();
      return { expires: session.expires, status };
    };
    const remembered = await reopen(true);
    assert.ok(remembered.expires > Date.now() / 1000 + 86_400, 'a remembered session cookie has an expiry date');
    assert.equal(remembered.status, 200);
    const browserSession = await reopen(false);
    assert.equal(browserSession.expires, -1);
    assert.equal(browserSession.status, 401);
  });

  test('two browsers are two devices; one logs the others out from the active sessions page', async () => {
    const [laptop, phone, tablet] = await Promise.all([device(), device({ userAgent: FIREFOX_ANDROID }), device({ userAgent: SAFARI_IOS })]);
    const [a, b, c] = await Promise.all([laptop.newPage(), phone.newPage(), tablet.newPage()]);
    for (const page of [a, b, c]) await logIn(page, 'grace');
    await a.goto('/sessions');
    const cards = a.locator('li.device');
    assert.equal(await cards.count(), 3);
    assert.match((await cards.first().textContent())!, /Headless Chrome on Linux this device/, 'the current device comes first');
    await screenshot(a, 'sessions-desktop', 'active-sessions');
    await a.setViewportSize(PHONE);
    await screenshot(a, 'sessions-phone');
    await a.setViewportSize(DESKTOP);

    await cards.filter({ hasText: 'Firefox on Android' }).getByRole('button', { name: 'Log out this device' }).click();
    await assert.doesNotReject(a.getByRole('status').filter({ hasText: 'That device is logged out.' }).waitFor());
    assert.equal(await a.locator('li.device').count(), 2);
    assert.equal(await profileStatus(b), 401, 'the revoked phone is logged out');
    assert.equal(await profileStatus(c), 200, 'the tablet is still logged in');

    await a.goto('/sessions');
    await a.getByRole('button', { name: 'Log out everywhere else' }).click();
    await assert.doesNotReject(a.getByRole('status').filter({ hasText: 'Logged out of 1 other device.' }).waitFor());
    assert.equal(await profileStatus(c), 401, 'the tablet is logged out');
    assert.equal(await profileStatus(a), 200, 'this device stays logged in');
    await Promise.all([laptop.close(), phone.close(), tablet.close()]);
  });

  test('a form posted from another site is refused with 403 and changes nothing', async () => {
    const context = await device();
    const page = await context.newPage();
    await logIn(page, 'alan');
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Add Green tea, 100 g' }).click();
    await page.waitForURL(demo.url + '/cart');
    const cartBefore = await page.locator('table.cart tbody').textContent();
    // 127.0.0.1 is another site than localhost (the session cookie, SameSite=Lax, is not even sent);
    // localhost on another port is the same site (the cookie is sent: only the CSRF check stops it).
    const attackers = await Promise.all([
      startAttacker('127.0.0.1', demo.url + '/cart/add', { product: 'coffee' }),
      startAttacker('localhost', demo.url + '/cart/add', { product: 'coffee' }),
    ]);
    try {
      for (const [attacker, reason] of [[attackers[0], 'cross-site-fetch'], [attackers[1], 'same-site-fetch']] as const) {
        const posted = page.waitForResponse((r) => r.url() === demo.url + '/cart/add' && r.request().method() === 'POST');
        await page.goto(attacker.url);
        const response = await posted;
        assert.equal(response.status(), 403, `${attacker.url} → ${reason}`);
        await page.waitForURL(demo.url + '/cart/add');
        assert.match((await page.locator('main').textContent())!, new RegExp(`This form was refused, and nothing was changed.[^]*${reason}`));
      }
      await screenshot(page, 'csrf-refused');
    } finally {
      await Promise.all(attackers.map((a) => a.close()));
    }
    await page.goto('/cart');
    assert.equal(await page.locator('table.cart tbody').textContent(), cartBefore);
    assert.equal(await profileStatus(page), 200);
    await context.close();
  });

  test('a tampered session cookie yields a fresh anonymous session', async () => {
    const context = await device();
    const page = await context.newPage();
    await logIn(page, 'ada');
    const cookie = (await sessionCookie(context))!;
    const i = Math.floor(cookie.value.length / 2);
    const tampered = cookie.value.slice(0, i) + (cookie.value[i] === 'A' ? 'B' : 'A') + cookie.value.slice(i + 1);
    await context.addCookies([{ ...cookie, value: tampered }]);
    await page.goto('/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome');
    assert.equal(await profileStatus(page), 401);
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Add Oat biscuits' }).click();
    await page.waitForURL(demo.url + '/cart');
    const fresh = (await sessionCookie(context))!.value;
    assert.notEqual(fresh, tampered);
    assert.notEqual(fresh, cookie.value);
    assert.match(demo.output(), /session cookie not accepted \((malformed|unknown-session)\)/);
    await context.close();
  });

  test('a wrong password says so; repeated ones are slowed down', async () => {
    const context = await device();
    const page = await context.newPage();
    await page.goto('/login');
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Username').fill('grace');
      await page.getByLabel('Password').fill(`wrong-${i}`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForLoadState();
      const alert = await page.getByRole('alert').textContent();
      assert.equal(alert, i < 3 ? 'Wrong username or password.' : 'Too many wrong passwords for this username. Wait 1 second and try again.');
    }
    assert.equal(await page.getByLabel('Username').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'login-error');
    await context.close();
  });

  test('every page: lang, one h1, headings in order, labelled fields, a skip link, no sideways scrolling on a phone', async () => {
    const context = await device({ viewport: PHONE });
    const page = await context.newPage();
    const pages = ['/', '/login', '/cart', '/theme', '/cookies', '/cookies/set', '/cookies/delete', '/profile', '/nowhere'];
    const check = async (path: string, who: string) => {
      await page.goto(path);
      const facts = await page.evaluate(() => {
        const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
        const fields = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')] as HTMLInputElement[];
        return {
          lang: document.documentElement.lang,
          h1s: headings.filter((h) => h === 1).length,
          skipsLevel: headings.some((h, i) => i > 0 && h > headings[i - 1]! + 1),
          unlabelled: fields.filter((f) => f.labels === null || f.labels.length === 0).map((f) => f.name),
          unnamedButtons: [...document.querySelectorAll('button')].filter((b) => (b.textContent ?? '').trim() === '').length,
          overflow: document.documentElement.scrollWidth - window.innerWidth,
        };
      });
      const where = `${path} (${who})`;
      assert.equal(facts.lang, 'en', where);
      assert.equal(facts.h1s, 1, where);
      assert.equal(facts.skipsLevel, false, `${where}: a heading level is skipped`);
      assert.deepEqual(facts.unlabelled, [], `${where}: fields without a label`);
      assert.equal(facts.unnamedButtons, 0, where);
      assert.ok(facts.overflow <= 0, `${where}: ${facts.overflow}px wider than a phone screen`);
      await screenshot(page, `phone-${who}${path === '/' ? '-home' : path.replaceAll('/', '-')}`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link', `${where}: the first Tab reaches the skip link`);
    };
    for (const path of pages) await check(path, 'anonymous');
    await page.setViewportSize(DESKTOP);
    await logIn(page, 'alan');
    await page.setViewportSize(PHONE);
    for (const path of [...pages, '/sessions']) await check(path, 'user');
    await context.close();
  });
});
