/**
 * The signed floor (floors/signed.ts) as a framework middleware would keep it: per request, the
 * session read and verified from the Cookie header, and whether the handler changed it; after
 * the handler, a new cookie when it did. Each floor-<framework>-signed.ts server writes that
 * middleware with its framework's own request/response API around these three functions.
 * @module
 */
import type { CounterAccess } from '../servers/counter.ts';
import { setCookieLine } from './common.ts';
import type { SignedCodec, SignedData } from './signed.ts';

/** One request's floor session. */
export interface FloorSession {
  /** The session in the cookie (null: none, forged or expired), or the one the handler set. */
  data: SignedData | null;
  /** Whether the handler changed it (then the response sets a new cookie). */
  changed: boolean;
}

/** Reads and verifies the request's cookie. */
export function loadFloorSession(codec: SignedCodec, cookieHeader: string | undefined): FloorSession {
  return { data: codec.read(cookieHeader), changed: false };
}

/** The Set-Cookie line the response needs (with `Cache-Control: private, no-store`), or null when the session did not change. */
export function floorSetCookie(codec: SignedCodec, session: FloorSession): string | null {
  return session.changed && session.data !== null ? setCookieLine(codec.write(session.data)) : null;
}

/** The benchmark routes' access to a floor session found on the request context by `sessionOf`. */
export function floorCounter<Ctx>(sessionOf: (ctx: Ctx) => FloorSession): CounterAccess<Ctx> {
  return {
    get: (ctx) => sessionOf(ctx).data?.counter,
    set: (ctx, n) => {
      const session = sessionOf(ctx);
      session.data = { counter: n };
      session.changed = true;
    },
  };
}
