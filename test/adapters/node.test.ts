/**
 * The node:http entry point over real HTTP on loopback, with tessera's cookie jar as the
 * browser: commit before the response leaves, explicit commit, errors to 503, and the
 * lost-update experiment of the engine issue (100 parallel requests on one session).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commitSession, loadSession, withSession } from '../../src/adapters/node.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createKeyring } from '../../src/crypto/index.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { StoreError } from '../../src/errors.ts';
import { downStore } from '../session/helpers.ts';

type Data = Record<string, unknown>;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** fetch through a cookie jar, as a browser would. */
function agent() {
  const jar = createCookieJar();
  return {
    jar,
    async fetch(url: string, init: RequestInit = {}) {
      const cookie = jar.getCookieHeader(url);
      const headers = new Headers(init.headers);
      if (cookie !== '') headers.set('cookie', cookie);
      const res = await fetch(url, { ...init, headers });
      jar.storeResponseHeaders(url, res.headers);
      return res;
    },
  };
}

describe('node:http adapter', () => {
  const store = createMemoryStore();
  const manager = createSessionManager<Data>({ store });
  let base = '';
  const server = createServer(
    withSession(manager, async (req, res, session) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/set') {
        session.set(url.searchParams.get('k')!, url.searchParams.get('v'));
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      } else if (url.pathname === '/get') {
        res.end(JSON.stringify((await session.get(url.searchParams.get('k')!)) ?? null));
      } else if (url.pathname === '/all') {
        res.end(JSON.stringify(await session.all()));
      } else if (url.pathname === '/stream') {
        session.set('streamed', true);
        res.write('chunk 1,');
        await new Promise((r) => setTimeout(r, 5));
        res.end('chunk 2');
      } else if (url.pathname === '/throw') {
        throw new Error('handler failed');
      } else {
        res.statusCode = 404;
        res.end();
      }
    }),
  );
  before(async () => {
    base = await listen(server);
  });
  after(() => server.close());

  test('a write sets the session cookie before the body goes out; the next request reads it', async () => {
    const a = agent();
    const res = await a.fetch(`${base}/set?k=user&v=ada`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
    assert.match(res.headers.get('set-cookie') ?? '', /^__Host-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    assert.equal(res.headers.get('vary'), 'Cookie');
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    assert.equal(await (await a.fetch(`${base}/get?k=user`)).text(), '"ada"');
  });

  test('an untouched request gets no cookie', async () => {
    const res = await fetch(`${base}/nothing`);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(res.status, 404);
  });

  test('a response written in several chunks still commits first', async () => {
    const a = agent();
    const res = await a.fetch(`${base}/stream`);
    assert.equal(await res.text(), 'chunk 1,chunk 2');
    assert.ok(res.headers.get('set-cookie'));
    assert.equal(await (await a.fetch(`${base}/get?k=streamed`)).text(), 'true');
  });

  test('a handler error becomes a 500 without a stack trace in the body', async () => {
    const origError = console.error;
    console.error = () => {};
    try {
      const res = await fetch(`${base}/throw`);
      assert.equal(res.status, 500);
      assert.equal(await res.text(), 'Internal Server Error\n');
    } finally {
      console.error = origError;
    }
  });

  test('100 parallel requests on one session, each setting its own key: all 100 keys are kept', async () => {
    const a = agent();
    await a.fetch(`${base}/set?k=start&v=1`);
    const cookie = a.jar.getCookieHeader(`${base}/`);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => fetch(`${base}/set?k=key${i}&v=${i}`, { headers: { cookie } }).then((r) => r.status)),
    );
    assert.ok(results.every((s) => s === 200));
    const all = JSON.parse(await (await a.fetch(`${base}/all`)).text()) as Data;
    const kept = Array.from({ length: 100 }, (_, i) => `key${i}`).filter((k) => k in all);
    assert.equal(kept.length, 100, `kept ${kept.length} of 100 keys`);
  });
});

describe('node:http adapter: store outage and explicit commit', () => {
  test('a store failure becomes 503, and the process keeps serving', async () => {
    const down = downStore();
    const manager = createSessionManager<Data>({ store: down });
    const errors: unknown[] = [];
    const server = createServer(
      withSession(
        manager,
        (_req, res, session) => {
          session.set('x', 1);
          res.end('should not be sent');
        },
        {
          onError: (error, _req, res) => {
            errors.push(error);
            res.writeHead(error instanceof StoreError ? 503 : 500);
            res.end('store down');
          },
        },
      ),
    );
    const url = await listen(server);
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url);
        assert.equal(res.status, 503);
        assert.equal(await res.text(), 'store down');
      }
      assert.equal(errors.length, 3);
    } finally {
      server.close();
    }
  });

  test('commitSession after the headers were sent raises HeadersSentError', async () => {
    const manager = createSessionManager<Data>({ store: createMemoryStore() });
    let caught: unknown = null;
    const server = createServer(async (req, res) => {
      const session = loadSession(manager, req);
      session.set('x', 1);
      res.write('streaming first');
      try {
        await commitSession(manager, session, res);
      } catch (error) {
        caught = error;
      }
      res.end();
    });
    const url = await listen(server);
    try {
      await (await fetch(url)).text();
      assert.equal((caught as { code?: string } | null)?.code, 'ERR_TESSERA_HEADERS_SENT');
    } finally {
      server.close();
    }
  });
});

describe('node:http adapter: handlers of every shape', () => {
  const manager = createSessionManager<Data>({ mode: 'signed', keys: createKeyring([{ secret: 'q0M7vXG2tYh1s9LrWcZ4kN8pJ5bD3eF6aH0iK2mO4uE' }]), allowInsecureTransport: true });
  let base = '';
  const server = createServer(
    withSession(manager, (req, res, session) => {
      switch (req.url) {
        case '/sync-throw':
          throw new Error('sync failure');
        case '/sync-later':
          // Returns without writing: the session is committed at once, the body follows later.
          session.set('later', 1);
          setTimeout(() => res.end('later'), 5);
          return;
        case '/thenable':
          session.set('thenable', 1);
          // A non-native promise (a library's thenable) is waited for like a native one.
          return { then: (ok: () => void) => setTimeout(() => (res.end('thenable'), ok()), 5) } as unknown as Promise<void>;
        case '/own-headers':
          session.set('own', 1);
          res.setHeader('set-cookie', 'theme=dark; Path=/');
          res.writeHead(200, { vary: 'Accept-Encoding' });
          res.end('own');
          return;
        default:
          res.statusCode = 404;
          res.end();
      }
    }),
  );
  before(async () => {
    base = await listen(server);
  });
  after(() => server.close());

  test('a synchronous throw becomes a 500', async () => {
    const origError = console.error;
    console.error = () => {};
    try {
      const res = await fetch(`${base}/sync-throw`);
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('set-cookie'), null);
    } finally {
      console.error = origError;
    }
  });

  test('a synchronous handler that writes later, and a thenable handler, both commit', async () => {
    for (const path of ['/sync-later', '/thenable']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(await res.text(), path === '/sync-later' ? 'later' : 'thenable');
      assert.match(res.headers.get('set-cookie') ?? '', /^__Host-session=/, path);
    }
  });

  test('headers the handler set are kept, the commit\'s are added after them', async () => {
    const res = await fetch(`${base}/own-headers`);
    assert.equal(await res.text(), 'own');
    const cookies = res.headers.getSetCookie();
    assert.equal(cookies.length, 2);
    assert.equal(cookies[0], 'theme=dark; Path=/');
    assert.match(cookies[1]!, /^__Host-session=/);
    assert.equal(res.headers.get('vary'), 'Accept-Encoding, Cookie');
  });
});
