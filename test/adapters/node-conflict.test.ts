/**
 * node:http entry point: a commit whose compare-and-swap retries run out (SessionConflictError)
 * is answered 409 Conflict by the default error handler (the request may be retried), not 500.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSession } from '../../src/adapters/node.ts';
import { SessionConflictError } from '../../src/errors.ts';
import { createSessionManager } from '../../src/session/manager.ts';
import type { SessionStore } from '../../src/session/store.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';

test('node:http: SessionConflictError after the bounded retries becomes 409 Conflict', async () => {
  const inner = createMemoryStore();
  // Every compare-and-swap meets a newer version: the retries are exhausted.
  const store: SessionStore = { ...inner, sync: undefined, name: 'always-conflicting', update: async (key, _w, _v, now) => ({ status: 'conflict', version: ((await inner.get(key, now))?.version ?? 0) + 1 }) };
  const manager = createSessionManager({ store, commitAttempts: 2 });
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (e: unknown) => void errors.push(e);
  const server = createServer(
    withSession(manager, async (req, res, session) => {
      if (req.url === '/login') session.set('n', 0);
      else session.set('n', ((await session.get('n')) as number) + 1);
      res.end('ok');
    }),
  );
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/login`);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const res = await fetch(`${base}/bump`, { headers: { cookie } });
    assert.equal(res.status, 409);
    assert.equal(await res.text(), 'Conflict\n');
    assert.ok(errors.some((e) => e instanceof SessionConflictError));
  } finally {
    console.error = original;
    server.close();
  }
});
