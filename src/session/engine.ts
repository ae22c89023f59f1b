/**
 * The shape every framework adapter needs of a session manager: a cookie name, `load` for a
 * request's `Cookie` header, `commit` for the headers to append, and optionally `commitSync`.
 * tessera's `SessionManager` satisfies it, and so do the Python-compatible managers
 * (`createFlaskSessionManager`, `createDjangoSessionManager`), so one adapter serves both and
 * the handler gets the manager's own session type.
 * @module
 */
import type { HeaderEntry, RequestContext } from './manager.ts';

/**
 * A session manager as the adapters use it, over sessions of type `S`. Structural: any object
 * with these members qualifies, no registration needed.
 */
export interface SessionEngine<S> {
  /** The name of the session cookie. */
  readonly cookieName: string;
  /**
   * A session for the request's `Cookie` header (null or undefined when absent). Reads nothing
   * yet and never throws for a bad cookie: an absent, tampered or expired one gives a fresh
   * session on the first read. `context` is what the adapter knows of the client (engines that
   * record nothing ignore it).
   */
  load(cookieHeader: string | null | undefined, context?: RequestContext): S;
  /**
   * Saves what the request changed and resolves the headers to append (`Set-Cookie`, `Vary`,
   * `Cache-Control`); an untouched session resolves to none. Rejects with StoreError when a
   * store fails (the adapters answer 503) and with the engine's own errors otherwise.
   */
  commit(session: S): Promise<HeaderEntry[]>;
  /**
   * `commit` without waiting, when the engine can: the headers, or null when the commit needs
   * asynchronous work (then `commit` is called). Throws what `commit` rejects with. Optional:
   * without it, adapters always use `commit`.
   */
  commitSync?(session: S): HeaderEntry[] | null;
}

/** The session type of an engine: `SessionOf<typeof manager>`. */
export type SessionOf<E> = E extends SessionEngine<infer S> ? S : never;
