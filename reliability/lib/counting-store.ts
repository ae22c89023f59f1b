/**
 * Wrappers that make a store observable or slower for the experiments, without changing what
 * it answers: a count of compare-and-swap updates and of their conflicts (proof that parallel
 * requests really interleaved and the manager replayed), and a one-turn deferral of every
 * operation (so the synchronous memory store interleaves as a networked store does).
 * @module
 */
import type { SessionStore } from '../../src/session/index.ts';

/** Updates the manager attempted and how many of them found a newer version (a conflict). */
export interface UpdateCounts {
  updates: number;
  conflicts: number;
}

/** `store` with its `update` calls and conflicts counted into `counts`; everything else is the store's own. */
export function countingStore<S extends SessionStore>(store: S, counts: UpdateCounts): S {
  const wrapped = Object.create(store) as S;
  wrapped.update = async (...args: Parameters<SessionStore['update']>) => {
    counts.updates++;
    const result = await store.update(...args);
    if (result.status === 'conflict') counts.conflicts++;
    return result;
  };
  return wrapped;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `store` with every contract operation answered one `setImmediate` turn later (as
 * express-session's MemoryStore answers its callbacks), as the HTTP benchmark's deferred
 * server does: each request's load and commit then span several macrotasks, so parallel
 * requests interleave and the compare-and-swap with replay is what keeps their keys.
 */
export function deferredStore<S extends SessionStore>(store: S): S {
  const wrapped = Object.create(store) as S;
  wrapped.get = (key, now) => turn().then(() => store.get(key, now));
  wrapped.create = (key, write, now) => turn().then(() => store.create(key, write, now));
  wrapped.update = (key, write, version, now) => turn().then(() => store.update(key, write, version, now));
  wrapped.touch = (key, expiresAt, now) => turn().then(() => store.touch(key, expiresAt, now));
  wrapped.delete = (key) => turn().then(() => store.delete(key));
  return wrapped;
}
