/** The Express adapter: the conformance suite on Express 5 and Express 4, plus Express specifics. */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { commitSession, getSession, tesseraSession } from '../../src/adapters/express.ts';
import { createKeyring } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { SECRET } from '../session/helpers.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { listen, paced, runAdapterSuite, type AdapterHarness, type SuiteServer } from './suite.ts';

// The application's typing of req.session, as the adapter's docs show it.
declare module '../../src/adapters/express.ts' {
  interface ExpressSessionData {
    userId?: number;
    cart?: string[];
    visits?: number;
  }
}

// Express 4 is installed under the alias `express4`; its API is the one used here.
const express4Module = 'express4';
const express4 = ((await import(express4Module)) as { default: typeof express }).default;

type Setup = (app: express.Express, reported: unknown[]) => void;

/** An app with the session middleware, `setup`'s routes, and an error recorder before Express's own handler. */
async function serve(make: typeof express, middleware: RequestHandler, setup: Setup): Promise<SuiteServer> {
  const reported: unknown[] = [];
  const app = make();
  app.set('env', 'test'); // Express's final handler answers as usual but does not log
  app.use(middleware);
  setup(app, reported);
  const record: ErrorRequestHandler = (error, _req, _res, next) => {
    reported.push(error);
    next(error);
  };
  app.use(record);
  return listen(createServer(app), reported);
}

function harness(name: string, make: typeof express): AdapterHarness {
  return {
    name,
    raw: 'every response waits for the commit (writeHead/write/end/flushHeaders are held); a change after the commit began throws HeadersSentError (tested below)',
    makeServer: (manager, routes) =>
      serve(make, tesseraSession(manager), (app) => {
        for (const [path, route] of Object.entries(routes)) {
          app.get(path, (req, res, next) => {
            const query = new URL(req.originalUrl, 'http://localhost').searchParams;
            // Route errors go to next() by hand: Express 4 does not catch async handlers' rejections.
            route(req.session as never, query).then(async (result) => {
              res.type('text/plain');
              if (result.kind === 'text') return void res.send(result.body);
              res.flushHeaders(); // an early flush, as server-sent events do: it waits for the commit too
              for await (const chunk of paced(result.chunks)) res.write(chunk);
              res.end();
            }, next);
          });
        }
      }),
  };
}

for (const h of [harness('express 5', express), harness('express 4', express4)]) {
  runAdapterSuite(h);
  runInteropAdapterSuite(h);
}

function browser(base: string) {
  const jar = createCookieJar();
  return async (path: string, init: RequestInit = {}) => {
    const cookie = jar.getCookieHeader(base + path);
    const res = await fetch(base + path, { ...init, headers: cookie === '' ? {} : { cookie } });
    jar.storeResponseHeaders(base + path, res.headers);
    return res;
  };
}

for (const [name, make] of [['express 5', express], ['express 4', express4]] as const) {
  test(`${name}: property-style access reads, writes and deletes through the same session`, async () => {
    const manager = createSessionManager({ keys: createKeyring([{ secret: SECRET }]) });
    const server = await serve(make, tesseraSession(manager), (app) => {
      app.get('/login', (req, res) => {
        req.session.userId = 7;
        req.session.cart = ['apple'];
        req.session.visits = (req.session.visits ?? 0) + 1;
        res.send('ok');
      });
      app.get('/inspect', async (req, res) => {
        res.json({
          userId: req.session.userId,
          viaGet: await req.session.get('userId'),
          hasCart: 'cart' in req.session,
          hasGet: 'get' in req.session,
          keys: Object.keys(req.session).sort(),
          spread: { ...req.session },
          isNew: getSession(req).isNew,
        });
      });
      app.get('/drop', (req, res) => {
        delete req.session.cart;
        res.send(JSON.stringify(req.session));
      });
    });
    try {
      const get = browser(server.url);
      assert.equal(await (await get('/login')).text(), 'ok');
      assert.deepEqual(await (await get('/inspect')).json(), {
        userId: 7,
        viaGet: 7,
        hasCart: true,
        hasGet: true,
        keys: ['cart', 'userId', 'visits'],
        spread: { cart: ['apple'], userId: 7, visits: 1 },
        isNew: false,
      });
      assert.equal(await (await get('/drop')).text(), '{"userId":7,"visits":1}');
      assert.deepEqual(((await (await get('/inspect')).json()) as { keys: string[] }).keys, ['userId', 'visits']);
    } finally {
      await server.close();
    }
  });

  test(`${name}: a session change after the response started throws HeadersSentError instead of being lost`, async () => {
    const manager = createSessionManager({ store: createMemoryStore() });
    let caught: unknown = null;
    const server = await serve(make, tesseraSession(manager), (app) => {
      app.get('/late', (req, res) => {
        req.session.visits = 1;
        res.write('started');
        try {
          req.session.visits = 2;
        } catch (error) {
          caught = error;
        }
        res.end();
      });
    });
    try {
      const res = await browser(server.url)('/late');
      assert.equal(await res.text(), 'started');
      assert.ok(res.headers.get('set-cookie'), 'the change made before the body was committed');
      assert.equal((caught as { code?: string } | null)?.code, 'ERR_TESSERA_HEADERS_SENT');
    } finally {
      await server.close();
    }
  });
}

test('express: commitSession commits before a long-lived stream; a second call shares the first commit', async () => {
  const manager = createSessionManager({ store: createMemoryStore() });
  const server = await serve(express, tesseraSession(manager), (app) => {
    app.get('/events', async (req, res) => {
      req.session.set('visits', 1);
      await commitSession(req, res);
      await commitSession(req, res);
      res.setHeader('content-type', 'text/event-stream');
      res.flushHeaders();
      res.end('data: hi\n\n');
    });
  });
  try {
    const res = await fetch(`${server.url}/events`);
    assert.equal(res.headers.getSetCookie().length, 1);
    assert.equal(await res.text(), 'data: hi\n\n');
  } finally {
    await server.close();
  }
});

test('express: a piped 1 MB body passes through the hold intact, under a later middleware that wraps res.write/end', async () => {
  const manager = createSessionManager({ store: createMemoryStore() });
  let counted = 0;
  const server = await serve(express, tesseraSession(manager), (app) => {
    // Like compression(): wraps write/end after the session middleware did.
    app.use((_req, res, next) => {
      const write = res.write.bind(res) as (chunk: Buffer, ...rest: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
      res.write = ((chunk: Buffer, ...rest: unknown[]) => ((counted += chunk.length), write(chunk, ...rest))) as typeof res.write;
      res.end = ((...args: unknown[]) => end(...args)) as typeof res.end;
      next();
    });
    app.get('/big', (req, res) => {
      req.session.visits = 1;
      res.type('application/octet-stream');
      Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(16_384, 'x'))).pipe(res);
    });
  });
  try {
    const res = await fetch(`${server.url}/big`);
    assert.equal(res.headers.getSetCookie().length, 1);
    assert.equal((await res.arrayBuffer()).byteLength, 64 * 16_384);
    assert.equal(counted, 64 * 16_384);
  } finally {
    await server.close();
  }
});

// The wrappers sit on Express's response prototype and req.session is an accessor on its request
// prototype (hold-response.ts, request-accessor.ts): these are the layouts that must still work.
for (const [name, make] of [['express 5', express], ['express 4', express4]] as const) {
  test(`${name}: an earlier middleware's own res.end wrapper (like compression) still sees the session's headers`, async () => {
    const manager = createSessionManager({ keys: createKeyring([{ secret: SECRET }]) });
    let wrapped = 0;
    const app = make();
    app.use((_req, res, next) => {
      const end = res.end;
      res.end = function (this: typeof res, ...args: unknown[]) {
        wrapped++;
        return (end as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.end;
      next();
    });
    app.use(tesseraSession(manager));
    app.get('/w', (req, res) => void ((req.session.visits = 1), res.send('ok')));
    const server = await listen(createServer(app), []);
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.url}/w`);
        assert.equal(await res.text(), 'ok');
        assert.equal(res.headers.getSetCookie().length, 1, `request ${i + 1}`);
      }
      assert.equal(wrapped, 3);
    } finally {
      await server.close();
    }
  });

  test(`${name}: routes before the middleware, a second app, a sub-app's middleware with the parent's route, and two nested middlewares`, async () => {
    const keys = createKeyring([{ secret: SECRET }]);
    const outer = createSessionManager({ keys, cookie: { name: 'outer', secure: false } });
    const inner = createSessionManager({ keys, cookie: { name: 'inner', secure: false } });
    const app = make();
    app.get('/before', (req, res) => void res.send(String(req.session)));
    const sub = make();
    sub.use(tesseraSession(inner));
    app.use('/sub', sub);
    app.get('/sub/fallthrough', (req, res) => void ((req.session.visits = 2), res.send('parent')));
    app.use('/both', tesseraSession(outer), (req, res, next) => {
      (res.locals as { outer?: unknown }).outer = getSession(req);
      next();
    }, tesseraSession(inner));
    app.get('/both', (req, res) => {
      req.session.visits = 3; // the inner session
      (res.locals as { outer: { set(k: string, v: unknown): void } }).outer.set('visits', 4);
      res.send('both');
    });
    const other = make(); // a second app in the same process shares Express's prototypes
    other.use(tesseraSession(outer));
    other.get('/', (req, res) => void ((req.session.visits = 5), res.send('other')));
    const server = await listen(createServer(app), []);
    const otherServer = await listen(createServer(other), []);
    try {
      await fetch(`${server.url}/both`); // patches the prototypes first
      const before = await fetch(`${server.url}/before`);
      assert.equal(await before.text(), 'undefined');
      assert.equal(before.headers.getSetCookie().length, 0);
      const fall = await fetch(`${server.url}/sub/fallthrough`);
      assert.equal(await fall.text(), 'parent');
      assert.deepEqual(fall.headers.getSetCookie().map((c) => c.split('=')[0]), ['inner']);
      const both = await fetch(`${server.url}/both`);
      assert.equal(await both.text(), 'both');
      assert.deepEqual(both.headers.getSetCookie().map((c) => c.split('=')[0]).sort(), ['inner', 'outer']);
      const second = await fetch(`${otherServer.url}/`);
      assert.equal(await second.text(), 'other');
      assert.equal(second.headers.getSetCookie().length, 1);
      // Each cookie carries what its session was given.
      const jar = createCookieJar();
      jar.storeResponseHeaders(`${server.url}/both`, both.headers);
      const inspect = make();
      inspect.use(tesseraSession(outer));
      inspect.use(tesseraSession(inner), (req, res) => void res.json([getSession(req).peek('visits'), req.session.visits]));
      const inspectServer = await listen(createServer(inspect), []);
      try {
        const res = await fetch(`${inspectServer.url}/`, { headers: { cookie: jar.getCookieHeader(`${server.url}/both`) } });
        assert.deepEqual(await res.json(), [3, 3]);
      } finally {
        await inspectServer.close();
      }
    } finally {
      await server.close();
      await otherServer.close();
    }
  });

  test(`${name}: assigning req.session (as express-session does) makes an own property; the adapter's reads go on`, async () => {
    const manager = createSessionManager({ keys: createKeyring([{ secret: SECRET }]) });
    const app = make();
    app.use(tesseraSession(manager));
    app.get('/', (req, res) => {
      req.session.visits = 1;
      const mine = getSession(req);
      (req as { session: unknown }).session = { replaced: true };
      res.json({ replaced: req.session, visits: mine.peek('visits') });
    });
    const server = await listen(createServer(app), []);
    try {
      const res = await fetch(`${server.url}/`);
      assert.deepEqual(await res.json(), { replaced: { replaced: true }, visits: 1 });
      assert.equal(res.headers.getSetCookie().length, 1);
    } finally {
      await server.close();
    }
  });
}

test('express: eager: false loads nothing until asked; property reads before load() throw SessionNotLoadedError', async () => {
  const manager = createSessionManager({ store: createMemoryStore() });
  const server = await serve(express, tesseraSession(manager, { eager: false }), (app) => {
    app.get('/untouched', (_req, res) => void res.send('untouched'));
    app.get('/write', (req, res) => {
      req.session.userId = 1; // a blind write needs no load
      res.send('ok');
    });
    app.get('/read', async (req, res) => {
      const before = (() => {
        try {
          return req.session.userId;
        } catch (error) {
          return (error as Error).name;
        }
      })();
      await req.session.load();
      res.json({ before, after: req.session.userId });
    });
  });
  try {
    const get = browser(server.url);
    const untouched = await get('/untouched');
    assert.equal(untouched.headers.get('vary'), null, 'nothing loaded, nothing to vary on');
    await get('/write');
    assert.deepEqual(await (await get('/read')).json(), { before: 'SessionNotLoadedError', after: 1 });
  } finally {
    await server.close();
  }
});

test('express: eager (the default) loads an anonymous request without I/O and sets no cookie', async () => {
  let reads = 0;
  const store = createMemoryStore();
  const counting = { ...store, sync: undefined, get: (...args: Parameters<typeof store.get>) => (reads++, store.get(...args)) };
  const manager = createSessionManager({ store: counting });
  const server = await serve(express, tesseraSession(manager), (app) => {
    app.get('/', (req, res) => void res.send(String(req.session.userId)));
  });
  try {
    const res = await fetch(`${server.url}/`);
    assert.equal(await res.text(), 'undefined');
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(reads, 0);
  } finally {
    await server.close();
  }
});

test('express: req.session is typed by the augmented ExpressSessionData', () => {
  const handler: RequestHandler = (req) => {
    const id: number | undefined = req.session.userId;
    void id;
    // @ts-expect-error -- userId is a number
    req.session.userId = 'seven';
    // @ts-expect-error -- not a declared key
    void req.session.get('nope');
    // @ts-expect-error -- session methods are not data
    req.session.get = () => Promise.resolve(undefined);
  };
  assert.equal(typeof handler, 'function');
});
