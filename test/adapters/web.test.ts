/**
 * The Web-standard entry point: Request in, Response out, as on Bun, Deno and Workers.
 * Runs with a Web Crypto keyring (the edge configuration) and with a store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withSession, appendHeaders } from '../../src/adapters/web.ts';
import { createKeyring, webCryptoBackend } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createCookieJar } from '../../src/jar/index.ts';
import { SECRET } from '../session/helpers.ts';

type Data = { visits?: number; user?: string };

const configs = {
  'sealed cookie, Web Crypto keyring': () => createSessionManager<Data>({ keys: createKeyring([{ secret: SECRET }], { backend: webCryptoBackend }) }),
  'server mode, memory store': () => createSessionManager<Data>({ store: createMemoryStore() }),
};

for (const [name, make] of Object.entries(configs)) {
  describe(`web adapter: ${name}`, () => {
    const handler = withSession(make(), async (request, session) => {
      const url = new URL(request.url);
      if (url.pathname === '/visit') {
        const visits = ((await session.get('visits')) ?? 0) + 1;
        session.set('visits', visits);
        return new Response(`visit ${visits}`);
      }
      if (url.pathname === '/logout') {
        session.destroy();
        return Response.redirect('https://app.example/', 303);
      }
      return new Response('untouched');
    });
    const jar = createCookieJar();
    const call = async (path: string) => {
      const url = `https://app.example${path}`;
      const cookie = jar.getCookieHeader(url);
      const res = await handler(new Request(url, { headers: cookie ? { cookie } : {} }));
      jar.storeResponseHeaders(url, res.headers);
      return res;
    };

    test('the session persists across requests through the cookie', async () => {
      assert.equal(await (await call('/visit')).text(), 'visit 1');
      assert.equal(await (await call('/visit')).text(), 'visit 2');
      const third = await call('/visit');
      assert.equal(await third.text(), 'visit 3');
      assert.equal(third.headers.get('vary'), 'Cookie');
    });

    test('an untouched request gets the handler response unchanged', async () => {
      const res = await call('/other');
      assert.equal(res.headers.get('set-cookie'), null);
      assert.equal(await res.text(), 'untouched');
    });

    test('destroy on a redirect (immutable headers) still clears the cookie', async () => {
      const res = await call('/logout');
      assert.equal(res.status, 303);
      assert.match(res.headers.get('set-cookie') ?? '', /^__Host-session=; Max-Age=0;/);
      assert.equal(await (await call('/visit')).text(), 'visit 1');
    });
  });
}

test('appendHeaders copies a Response whose headers are immutable', () => {
  const redirect = Response.redirect('https://app.example/next', 302);
  const out = appendHeaders(redirect, [['Set-Cookie', 'a=b'], ['Vary', 'Cookie']]);
  assert.equal(out.status, 302);
  assert.equal(out.headers.get('location'), 'https://app.example/next');
  assert.equal(out.headers.get('set-cookie'), 'a=b');
});
