/**
 * tessera server mode over the memory store with every store operation deferred by one
 * `setImmediate` turn, as express-session's MemoryStore defers its callbacks. Used only by the
 * lost-update experiment: with the plain memory store each request's load and commit finish
 * in one macrotask, so parallel requests never interleave; deferring makes them interleave the
 * way they do against a networked store, so the compare-and-swap and its retries are exercised.
 */
import { createSessionManager, type SessionStore } from '../../../src/session/index.ts';
import { createMemoryStore } from '../../../src/stores/memory.ts';
import { serveTessera } from './tessera.ts';

const inner = createMemoryStore();
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const deferred: SessionStore = {
  name: 'memory (deferred)',
  get: (key, now) => turn().then(() => inner.get(key, now)),
  create: (key, write, now) => turn().then(() => inner.create(key, write, now)),
  update: (key, write, version, now) => turn().then(() => inner.update(key, write, version, now)),
  touch: (key, expiresAt, now) => turn().then(() => inner.touch(key, expiresAt, now)),
  delete: (key) => turn().then(() => inner.delete(key)),
};

serveTessera(createSessionManager({ store: deferred }));
