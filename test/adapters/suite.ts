/**
 * The adapter conformance suite: one set of routes and scenarios, run over real HTTP on
 * loopback against every framework adapter (and the node and web entry points), with
 * tessera's cookie jar as the browser. A harness translates the framework-neutral routes
 * below into its framework; the scenarios only speak HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExpressViewableSession } from '../../src/adapters/express.ts';
import { createKeyring } from '../../src/crypto/index.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import type { SessionEngine } from '../../src/session/engine.ts';
import { createSessionManager, type SessionManager } from '../../src/session/manager.ts';
import type { Session } from '../../src/session/session.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { SECRET, downStore, withoutSyncForms } from '../session/helpers.ts';

/** Session data of the suite: any key. */
export type SuiteData = Record<string, unknown>;
/** What the routes use of a session: the method API every adapter gives a handler. */
export type SuiteSession = Pick<Session<SuiteData, SuiteData>, 'get' | 'set' | 'all' | 'flash' | 'getFlash' | 'regenerate' | 'destroy' | 'persist'>;
/**
 * What a route asks the harness to send. `text`: a plain 200 response. `stream`: the chunks,
 * a few milliseconds apart, through the framework's usual streaming API. `raw`: the chunks
 * written around the framework (its escape hatch: reply.raw, ctx.respond = false), which
 * bypasses the adapter's commit; only harnesses with `raw: true` are asked for it.
 */
export type RouteResult = { kind: 'text'; body: string } | { kind: 'stream' | 'raw'; chunks: string[] };
/** A framework-neutral route: GET `path`, with the query string and the request's session (`S`: the engine's session type). */
export type Route<S = SuiteSession> = (session: S, query: URLSearchParams) => Promise<RouteResult>;
/** The manager this suite gives the harnesses. */
export type SuiteManager = SessionManager<SuiteData, SuiteData>;
/** What a harness needs of an engine's sessions: what every adapter's handler API offers (tessera's and the interop sessions have it). */
export type HarnessSession = ExpressViewableSession;

/** A running app. `reported` collects errors that reached the framework's error reporting. */
export interface SuiteServer {
  url: string;
  close(): Promise<void>;
  reported: unknown[];
}

/** How to run the suite against one adapter. */
export interface AdapterHarness {
  name: string;
  /**
   * Starts the app on 127.0.0.1 (any port) with `routes` mounted as GET routes, and `manager` as
   * its session manager: tessera's (this suite) or a Flask/Django one (interop-suite.ts).
   */
  makeServer<S extends HarnessSession>(manager: SessionEngine<S>, routes: Record<string, Route<S>>): Promise<SuiteServer>;
  /**
   * `true` when the framework lets a handler write around it (`raw` results), where the late
   * commit must be reported; otherwise why there is no such way (the scenario does not apply
   * and is not registered: a skipped test would prove nothing).
   */
  raw: true | string;
}

/** The chunks of a `stream` result, with a pause before each after the first (so they really stream). */
export async function* paced(chunks: string[]): AsyncGenerator<string> {
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0) await delay(5);
    yield chunk;
  }
}

/** Starts `server` on 127.0.0.1 and describes it as a SuiteServer (closing also drops keep-alive connections). */
export async function listen(server: Server, reported: unknown[] = []): Promise<SuiteServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    reported,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const text = (body: string): RouteResult => ({ kind: 'text', body });
const json = (value: unknown): RouteResult => text(JSON.stringify(value ?? null));
const q = (query: URLSearchParams, name: string) => query.get(name) ?? '';

/** The common routes. */
export const routes: Record<string, Route> = {
  '/untouched': async () => text('untouched'),
  '/write': async (s, query) => (s.set(q(query, 'k'), q(query, 'v')), text('ok')),
  '/read': async (s, query) => json(await s.get(q(query, 'k'))),
  '/all': async (s) => json(await s.all()),
  '/flash/set': async (s, query) => (s.flash('notice', q(query, 'v')), text('ok')),
  '/flash/read': async (s) => json(await s.getFlash('notice')),
  '/login': async (s, query) => {
    s.regenerate();
    s.set('user', q(query, 'user'));
    if (query.has('remember')) s.persist();
    return text('ok');
  },
  '/logout': async (s) => (s.destroy(), text('bye')),
  // Random base64url does not compress away, so the sealed cookie needs chunks.
  '/big': async (s, query) => (s.set('big', randomBytes(Number(q(query, 'n'))).toString('base64url')), text('ok')),
  '/stream': async (s) => (s.set('streamed', true), { kind: 'stream', chunks: ['chunk 1,', 'chunk 2,', 'chunk 3'] }),
  '/raw': async (s) => (s.set('raw', true), { kind: 'raw', chunks: ['raw 1,', 'raw 2'] }),
  '/fail': async () => {
    throw new Error('route failed');
  },
};

/** fetch through a cookie jar, as a browser would (the jar treats http://localhost as secure); `sessionCookies` are those named `cookieName` or its chunks. */
export function browser(base: string, cookieName = '__Host-session') {
  const jar = createCookieJar();
  return {
    jar,
    async get(path: string, cookie?: string) {
      const url = base + path;
      const header = cookie ?? jar.getCookieHeader(url);
      const res = await fetch(url, { headers: header === '' ? {} : { cookie: header } });
      jar.storeResponseHeaders(url, res.headers);
      return res;
    },
    async body(path: string, cookie?: string) {
      return (await this.get(path, cookie)).text();
    },
    sessionCookies: () => jar.getAllCookies().filter((c) => c.name.startsWith(cookieName)),
    cookieHeader: () => jar.getCookieHeader(`${base}/`),
  };
}

/** The response's Set-Cookie lines. */
export const setCookies = (res: Response) => res.headers.getSetCookie();

/** Waits up to a second for `check` to hold. */
export async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await delay(10);
  assert.ok(check(), what);
}

/** A browser of {@link browser}. */
export type SuiteBrowser = ReturnType<typeof browser>;

/**
 * Registers the scenarios about responses that hold for every engine: a streamed response still
 * commits; one written around the framework (harnesses with `raw: true`) reports
 * HeadersSentError; a failing route gets the framework's 500. `app` is read when the tests run.
 */
export function registerResponseScenarios(harness: AdapterHarness, app: () => SuiteServer, open: (url: string) => SuiteBrowser): void {
  test('a streaming response still commits the session', async () => {
    const b = open(app().url);
    const res = await b.get('/stream');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'chunk 1,chunk 2,chunk 3');
    assert.equal(setCookies(res).length, 1);
    assert.equal(await b.body('/read?k=streamed'), 'true');
  });

  if (harness.raw === true) test('a response written around the framework reports HeadersSentError, never a silent loss', async () => {
    const before = app().reported.length;
    const res = await open(app().url).get('/raw');
    assert.equal(await res.text(), 'raw 1,raw 2');
    await eventually(
      () => app().reported.slice(before).some((e) => (e as { code?: unknown } | null)?.code === 'ERR_TESSERA_HEADERS_SENT'),
      'a HeadersSentError reached the framework\'s error reporting',
    );
  });

  test('a failing route gets the framework\'s 500 and the app keeps serving', async () => {
    const b = open(app().url);
    const res = await b.get('/fail');
    assert.equal(res.status, 500);
    await res.text();
    assert.equal(await b.body('/untouched'), 'untouched');
  });
}

/**
 * An untouched request sets no cookie; the first write sets one, whose Set-Cookie line matches
 * `line`, with `Cache-Control: private, no-store`; the value reads back; an untouched request
 * after that sets none.
 */
export async function checkFirstWrite(b: SuiteBrowser, line: RegExp): Promise<void> {
  const untouched = await b.get('/untouched');
  assert.equal(untouched.status, 200);
  assert.equal(await untouched.text(), 'untouched');
  assert.deepEqual(setCookies(untouched), []);
  const res = await b.get('/write?k=user&v=ada');
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
  const [first, ...rest] = setCookies(res);
  assert.deepEqual(rest, []);
  assert.match(first ?? '', line);
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
  assert.equal(await b.body('/read?k=user'), '"ada"');
  assert.deepEqual(setCookies(await b.get('/untouched')), []);
}

/** Twenty concurrent writes of different keys to one session all survive (server-side sessions). */
export async function checkNoLostUpdate(b: SuiteBrowser): Promise<void> {
  await b.get('/write?k=start&v=0');
  const cookie = b.cookieHeader();
  const statuses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => b.get(`/write?k=key${i}&v=${i}`, cookie).then(async (r) => (await r.text(), r.status))),
  );
  assert.deepEqual(new Set(statuses), new Set([200]));
  const all = JSON.parse(await b.body('/all')) as SuiteData;
  const missing = ['start', ...Array.from({ length: 20 }, (_, i) => `key${i}`)].filter((k) => !(k in all));
  assert.deepEqual(missing, []);
}

/** With a failing store (`down`), a write and a read with `cookie` (naming a stored session) get 503, and an untouched request still 200. */
export async function checkOutage(down: SuiteServer, cookie: string): Promise<void> {
  const write = await fetch(`${down.url}/write?k=a&v=1`);
  assert.equal(write.status, 503);
  await write.text();
  const read = await fetch(`${down.url}/read?k=a`, { headers: { cookie } });
  assert.equal(read.status, 503);
  await read.text();
  const ok = await fetch(`${down.url}/untouched`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'untouched');
}

const MODES = {
  'cookie mode (sealed)': () => createSessionManager<SuiteData, SuiteData>({ keys: createKeyring([{ secret: SECRET }]), mode: 'sealed' }),
  'server mode (memory store)': () => createSessionManager<SuiteData, SuiteData>({ store: createMemoryStore() }),
  // The same store without its synchronous forms: every load and commit waits on a promise, as on Redis or Postgres.
  'server mode (async store)': () => createSessionManager<SuiteData, SuiteData>({ store: withoutSyncForms(createMemoryStore()) }),
};

/** Registers the suite's tests for one adapter. */
export function runAdapterSuite(harness: AdapterHarness): void {
  describe(`adapter suite: ${harness.name}`, () => {
    for (const [mode, makeManager] of Object.entries(MODES)) {
      const server = mode.startsWith('server');
      describe(mode, () => {
        let app: SuiteServer;
        before(async () => {
          app = await harness.makeServer(makeManager(), routes);
        });
        after(() => app.close());

        test('the first write sets the session cookie with secure defaults; an untouched request sets none', () =>
          checkFirstWrite(browser(app.url), /^__Host-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/));

        test('a response that read the session carries Vary: Cookie', async () => {
          const b = browser(app.url);
          await b.get('/write?k=user&v=ada');
          const res = await b.get('/read?k=user');
          assert.match(res.headers.get('vary') ?? '', /(^|,\s*)Cookie(\s*,|$)/i);
          assert.deepEqual(setCookies(res), []);
        });

        test('a flash value is read once', async () => {
          const b = browser(app.url);
          await b.get('/flash/set?v=saved');
          assert.equal(await b.body('/flash/read'), '"saved"');
          assert.equal(await b.body('/flash/read'), 'null');
        });

        test(`regenerate issues a new cookie and keeps the data${server ? '; the old cookie no longer works' : ''}`, async () => {
          const b = browser(app.url);
          await b.get('/write?k=cart&v=3');
          const before = b.cookieHeader();
          await b.get('/login?user=ada');
          assert.notEqual(b.cookieHeader(), before);
          assert.equal(await b.body('/read?k=cart'), '"3"');
          assert.equal(await b.body('/read?k=user'), '"ada"');
          // A signed or sealed cookie stays valid until it expires: only server mode can revoke the old one.
          if (server) assert.equal(await b.body('/read?k=cart', before), 'null');
        });

        test(server ? 'destroy clears the cookie and ends the session in the store' : 'destroy clears every chunk of a big session cookie', async () => {
          const b = browser(app.url);
          if (server) await b.get('/write?k=cart&v=3');
          else await b.get('/big?n=4500');
          const chunks = b.sessionCookies().length;
          assert.ok(server ? chunks === 1 : chunks >= 2, `expected ${server ? 'one cookie' : 'chunks'}, got ${chunks}`);
          const old = b.cookieHeader();
          const res = await b.get('/logout');
          const cleared = setCookies(res).filter((l) => l.startsWith('__Host-session') && /; Max-Age=0(;|$)/.test(l));
          assert.equal(cleared.length, chunks);
          assert.deepEqual(b.sessionCookies(), []);
          if (server) assert.equal(await b.body('/read?k=cart', old), 'null');
        });

        test('remember-me gives a persistent cookie (Max-Age); the default is a browser-session cookie', async () => {
          const remembered = setCookies(await browser(app.url).get('/login?user=ada&remember=1'));
          assert.match(remembered[0] ?? '', /; Max-Age=[1-9]\d*(;|$)/);
          const plain = setCookies(await browser(app.url).get('/login?user=bob'));
          assert.equal(plain.length, 1);
          assert.doesNotMatch(plain[0] ?? '', /Max-Age|Expires/i);
        });

        registerResponseScenarios(harness, () => app, browser);
      });
    }

    describe('server mode, concurrency and outages', () => {
      let app: SuiteServer;
      let down: SuiteServer;
      before(async () => {
        app = await harness.makeServer(MODES['server mode (memory store)'](), routes);
        down = await harness.makeServer(createSessionManager<SuiteData, SuiteData>({ store: downStore() }), routes);
      });
      after(async () => {
        await app.close();
        await down.close();
      });

      test('concurrent requests on one session each keep their key (no lost update)', () => checkNoLostUpdate(browser(app.url)));

      // A well-formed token, so the store is asked.
      test('a store failure becomes 503 (on commit and on read) and the app keeps serving', () => checkOutage(down, `__Host-session=${randomBytes(32).toString('base64url')}`));
    });
  });
}
