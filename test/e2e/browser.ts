/**
 * Browser plumbing of the end-to-end tests: Debian's Chromium (`apt-get install chromium`)
 * driven by playwright-core, which never downloads a browser; screenshots saved as test
 * artefacts; an "attacker" site on another origin.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with nothing running in the background (no updates, sync, first-run UI). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = join('test-artifacts', 'e2e');

/** Desktop and phone viewports. */
export const DESKTOP = { width: 1200, height: 900 };
export const PHONE = { width: 375, height: 740 };

/**
 * Saves a full-page screenshot as `test-artifacts/e2e/<name>.png`. With `docsName`, and when
 * TESSERA_UPDATE_SCREENSHOTS=1, also as `docs/screenshots/<docsName>.png` (the README's pictures).
 */
export async function screenshot(page: Page, name: string, docsName?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (docsName !== undefined && process.env.TESSERA_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join('docs', 'screenshots'), { recursive: true });
    copyFileSync(path, join('docs', 'screenshots', `${docsName}.png`));
  }
}

/** An attacker's site: one page that makes the visitor's browser post a form to `action` at once. */
export interface AttackerSite {
  /** The page's URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves, on `host`, a page that auto-submits a form (`fields`) to `action`: what a malicious
 * site does to forge a request with the visitor's cookies.
 */
export async function startAttacker(host: string, action: string, fields: Record<string, string>): Promise<AttackerSite> {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  const page = `<!doctype html><html lang="en"><title>Win a prize</title>
<form id="f" method="post" action="${action}">${inputs}</form>
<script>document.getElementById('f').submit();</script></html>`;
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
