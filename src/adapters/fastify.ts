/**
 * Fastify 5 adapter: `await app.register(tesseraSession, { manager })` gives every request a
 * lazily loaded `request.session` (nothing is read until the handler asks) and commits it in
 * `onSend`, before Fastify writes the headers.
 *
 * Type `request.session` by augmenting the two interfaces below:
 * ```ts
 * declare module 'tessera/adapters/fastify' {
 *   interface FastifySessionData { userId?: string }
 *   interface FastifyFlashData { notice: string }
 * }
 * ```
 * Any {@link SessionEngine} works as the manager, e.g. a Flask or Django manager from
 * `tessera/interop`; then type `request.session` by augmenting {@link FastifySessionEngine}:
 * ```ts
 * declare module 'tessera/adapters/fastify' {
 *   interface FastifySessionEngine { session: DjangoSession }
 * }
 * ```
 * @module
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ConfigError, HeadersSentError } from '../errors.ts';
import type { SessionEngine } from '../session/engine.ts';
import type { HeaderEntry, RequestContext } from '../session/manager.ts';
import type { Session, SessionData } from '../session/session.ts';

/** The data `request.session` holds. Augment it (see the module example); unaugmented, any key is allowed. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface FastifySessionData {}
/** The flash values of `request.session`. Augment like {@link FastifySessionData}. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface FastifyFlashData {}
/**
 * The session type of the app's engine, when it is not tessera's `SessionManager`: augment with
 * `session: FlaskSession` (or `DjangoSession`, or your engine's type).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the application's declaration merging
export interface FastifySessionEngine {}
/** An augmentable interface as session data: itself once augmented, any key before. */
export type AsSessionData<T> = keyof T extends never ? SessionData : { [K in keyof T]: T[K] };
/** The type of `request.session`: {@link FastifySessionEngine}'s `session` once augmented, else tessera's session typed by the data interfaces. */
export type FastifySession = FastifySessionEngine extends { session: infer S } ? S : Session<AsSessionData<FastifySessionData>, AsSessionData<FastifyFlashData>>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The tessera session (set by the `tesseraSession` plugin in `onRequest`). */
    session: FastifySession;
  }
}

/** Options of the {@link tesseraSession} plugin. */
export interface FastifySessionOptions {
  /** The session manager: tessera's (tessera/session) or another {@link SessionEngine} (a Flask or Django manager of tessera/interop). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any engine's session type; request.session is typed by augmentation
  manager: SessionEngine<any>;
}

interface RequestState {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see FastifySessionOptions.manager
  manager: SessionEngine<any>;
  committed: Promise<HeaderEntry[]> | null;
  failed: boolean;
}
const STATE = Symbol('tessera.fastify');
type Carrier = { [STATE]: RequestState | null };
const stateOf = (request: FastifyRequest) => (request as unknown as Carrier)[STATE];

/**
 * What the manager learns of a Fastify request, read only when the manager asks: the user
 * agent, Fastify's client IP (`request.ip`, honouring `trustProxy`) and the transport (SR-46:
 * `request.protocol`, and on plain HTTP `request.host`, both following `trustProxy`; no socket:
 * unknown).
 */
class FastifyRequestContext implements RequestContext {
  constructor(private readonly request: FastifyRequest) {}
  get userAgent(): string | undefined {
    return this.request.headers['user-agent'];
  }
  get ip(): string | undefined {
    return this.request.ip;
  }
  get secure(): boolean | undefined {
    const protocol: string | undefined = this.request.protocol;
    return protocol === undefined ? undefined : protocol === 'https';
  }
  get host(): string | undefined {
    return this.secure === false ? this.request.host || undefined : undefined;
  }
}

/** Commits once; later calls (and the hooks) share the first commit. */
function commitOnce(request: FastifyRequest, state: RequestState): Promise<HeaderEntry[]> {
  return (state.committed ??= state.manager.commit(request.session));
}

const plugin: FastifyPluginCallback<FastifySessionOptions> = (fastify, options, done) => {
  const { manager } = options;
  if (typeof manager?.load !== 'function') {
    done(new ConfigError('manager', 'register the plugin with a session manager: app.register(tesseraSession, { manager: createSessionManager(...) }) (or a Flask/Django manager of tessera/interop)'));
    return;
  }
  fastify.decorateRequest('session', null as unknown as FastifySession);
  fastify.decorateRequest(STATE, null);

  fastify.addHook('onRequest', (request, _reply, next) => {
    request.session = manager.load(request.headers.cookie, new FastifyRequestContext(request)) as FastifySession;
    (request as unknown as Carrier)[STATE] = { manager, committed: null, failed: false };
    next();
  });

  // Errors from the handler (a store read that failed) reach Fastify's error handler as 503.
  // (A StoreError carries statusCode 503 itself, which Fastify's error handler answers.)
  fastify.addHook('onError', (request, _reply, _error, next) => {
    const state = stateOf(request);
    if (state !== null) state.failed = true; // a failed handler's changes are not committed
    next();
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const state = stateOf(request);
    if (state === null || state.committed !== null || state.failed) return payload;
    // Without waiting where nothing has to wait (cookie modes, a server-mode session that writes nothing or writes through a store's synchronous forms).
    const now = state.manager.commitSync?.(request.session) ?? null;
    if (now !== null) state.committed = Promise.resolve(now);
    for (const [name, value] of now ?? (await commitOnce(request, state))) reply.header(name, value);
    return payload;
  });

  // reply.hijack() / reply.raw bypass onSend: commit late, and report what could not reach the browser.
  fastify.addHook('onResponse', async (request) => {
    const state = stateOf(request);
    if (state === null || state.committed !== null || state.failed) return;
    const headers = await commitOnce(request, state);
    if (headers.some(([name]) => name === 'Set-Cookie')) {
      throw new HeadersSentError('the reply was sent around onSend (reply.raw or reply.hijack()), so the session cookie could not be set; call await commitSession(request, reply) before writing to reply.raw');
    }
  });
  done();
};

/**
 * The Fastify plugin (wrapped with fastify-plugin, so it applies to the whole app). Register it
 * before the routes: `await app.register(tesseraSession, { manager })`. The transport the manager
 * checks (SR-46) is `request.protocol`, which follows Fastify's `trustProxy` option: behind a
 * TLS-terminating proxy, `Fastify({ trustProxy: ... })`, or a session cookie set over what Fastify
 * sees as plain HTTP fails the commit with InsecureTransportError (500). Handler errors that are
 * StoreErrors, and commit failures, get `statusCode` 503 and go to Fastify's error handler; a
 * handler that failed has its session changes dropped. A session that must set a cookie after
 * the reply bypassed `onSend` (reply.raw) is committed anyway and a HeadersSentError goes to
 * Fastify's logger ("request errored"). Registration fails with ConfigError without `manager`.
 */
export const tesseraSession = fp(plugin, { fastify: '5.x', name: 'tessera-session' });

/**
 * Commits the session now and sets its headers: on `reply` normally, on `reply.raw` after
 * `reply.hijack()`. For handlers that write to `reply.raw`; call it before the first write.
 * The automatic commit is then skipped. Rejects with HeadersSentError when the headers were
 * already sent, with StoreError (carrying `statusCode` 503) when the store fails, with
 * ConfigError when the plugin is not registered.
 */
export async function commitSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const state = stateOf(request);
  if (state === null || state === undefined) throw new ConfigError('commitSession', 'this request has no tessera session; register the tesseraSession plugin before the route');
  if (reply.raw.headersSent) throw new HeadersSentError();
  const headers: HeaderEntry[] = await commitOnce(request, state);
  if (reply.raw.headersSent) throw new HeadersSentError('the reply was sent while the session was being committed');
  for (const [name, value] of headers) {
    if (reply.sent) reply.raw.appendHeader(name, value);
    else reply.header(name, value);
  }
}
