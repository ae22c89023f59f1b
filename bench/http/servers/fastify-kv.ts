/**
 * `request.session` of @fastify/session and @fastify/secure-session, which both type it through
 * module augmentation (the two clash when compiled together, so the servers see it through this
 * get/set view), and the benchmark routes' access to its counter.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { CounterAccess } from './counter.ts';

/** The session's get/set. */
export type KV = { get(key: string): unknown; set(key: string, value: unknown): void };

/** `request.session` as {@link KV}. */
export const sessionOf = (req: { session: unknown }) => req.session as KV;

/** The counter in `request.session` under the key `counter`. */
export const sessionKV: CounterAccess<FastifyRequest> = {
  get: (req) => sessionOf(req).get('counter'),
  set: (req, n) => sessionOf(req).set('counter', n),
};
