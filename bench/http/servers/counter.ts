/**
 * How the benchmark routes of one framework (express-routes.ts, fastify-routes.ts,
 * hono-routes.ts, koa-routes.ts) reach a contender's session: every session contender on that
 * framework runs the same route code, and only this access differs.
 * @module
 */

/** Reads and writes the session's `counter` from a request context `Ctx`. */
export interface CounterAccess<Ctx> {
  /**
   * The counter; anything but a number means the request has no session. A promise where the
   * session reads lazily (tessera); the routes await only a promise, so a synchronous session
   * costs no extra turn.
   */
  get(ctx: Ctx): unknown;
  /** Records counter = `n` (the session package writes it when the response goes out). */
  set(ctx: Ctx, n: number): void;
}
