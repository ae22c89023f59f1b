/**
 * Error classes of tessera. Every class has a stable `code` so callers branch on
 * `err.code` (or `instanceof`), never on messages. Messages say what was wrong and how
 * to fix it, and never contain cookie values, secrets or session data (SR-47).
 *
 * This module imports nothing: every other module may depend on it.
 * @module
 */

/** Stable identifiers carried by every tessera error as `code`. */
export type TesseraErrorCode =
  | 'ERR_TESSERA_CONFIG'
  | 'ERR_TESSERA_COOKIE'
  | 'ERR_TESSERA_COOKIE_TOO_LARGE'
  | 'ERR_TESSERA_STORE'
  | 'ERR_TESSERA_SESSION_CONFLICT'
  | 'ERR_TESSERA_SESSION_LIMIT'
  | 'ERR_TESSERA_SESSION_DATA'
  | 'ERR_TESSERA_HEADERS_SENT'
  | 'ERR_TESSERA_INSECURE_TRANSPORT';

/** Base class of every error tessera throws on purpose. */
export class TesseraError extends Error {
  /** Stable machine-readable identifier; see {@link TesseraErrorCode}. */
  readonly code: TesseraErrorCode;

  constructor(code: TesseraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * Invalid configuration, thrown at start-up (construction of a keyring, cookie,
 * manager or store). The message names the option and the fix.
 */
export class ConfigError extends TesseraError {
  /** The option at fault, as a dotted path (e.g. `keys[0].secret`). */
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_TESSERA_CONFIG', `${option}: ${message}`);
    this.option = option;
  }
}

/**
 * A cookie that cannot be serialized as asked (invalid name, value or attribute,
 * prefix rule broken). `field` names the part at fault (`name`, `value`, `domain`,
 * `path`, `maxAge`, `expires`, `sameSite`, ...); `rule` says which rule it breaks.
 */
export class CookieError extends TesseraError {
  /** The part of the cookie at fault. */
  readonly field: string;
  /** A short statement of the rule broken, with its RFC section where there is one. */
  readonly rule: string;

  constructor(field: string, rule: string, code: TesseraErrorCode = 'ERR_TESSERA_COOKIE') {
    super(code, `cookie ${field}: ${rule}`);
    this.field = field;
    this.rule = rule;
  }
}

/**
 * A cookie whose name plus value exceeds the 4096-octet limit browsers enforce
 * (RFC 6265bis §5.6 "Storage Model"; SR-25): a browser would drop it silently.
 */
export class CookieTooLargeError extends CookieError {
  /** Octets of name plus value that were asked for. */
  readonly size: number;
  /** The limit that applies, in octets. */
  readonly limit: number;

  constructor(size: number, limit: number) {
    super(
      'value',
      `name plus value is ${size} octets, over the ${limit}-octet limit browsers enforce (RFC 6265bis §5.6); store less in the cookie or use server-side sessions`,
      'ERR_TESSERA_COOKIE_TOO_LARGE',
    );
    this.size = size;
    this.limit = limit;
  }
}

/**
 * A store's driver failed (network, server down, timeout). `store` and `operation`
 * say where; the driver's error is kept as `cause`. Frameworks turn it into 503.
 */
export class StoreError extends TesseraError {
  /** The store's name, e.g. `redis`. */
  readonly store: string;
  /** The store operation that failed, e.g. `get`. */
  readonly operation: string;
  /** 503 Service Unavailable: what a framework's error handler should answer (Express, Koa and Fastify read these). */
  readonly status = 503;
  /** Same as `status`, for frameworks that read `statusCode`. */
  readonly statusCode = 503;

  constructor(store: string, operation: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('ERR_TESSERA_STORE', `${store} store: ${operation} failed: ${reason}`, { cause });
    this.store = store;
    this.operation = operation;
  }
}

/** Commit gave up after its bounded compare-and-swap retries all met a newer version. */
export class SessionConflictError extends TesseraError {
  /** How many attempts were made. */
  readonly attempts: number;
  /** 409 Conflict: the request may be retried (Express, Koa and Fastify read these). */
  readonly status = 409;
  /** Same as `status`, for frameworks that read `statusCode`. */
  readonly statusCode = 409;

  constructor(attempts: number) {
    super(
      'ERR_TESSERA_SESSION_CONFLICT',
      `session commit conflicted ${attempts} times with concurrent writes; raise the retry bound or reduce concurrent writes to one session`,
    );
    this.attempts = attempts;
  }
}

/**
 * A commit that binds a session to a user was refused because the user already has
 * `userSessions.max` live sessions and the policy is `reject` (SR-19). Nothing was written: the
 * session keeps its previous id and user. The message names neither the user nor any session (SR-47).
 */
export class SessionLimitError extends TesseraError {
  /** The configured maximum of live sessions per user. */
  readonly max: number;
  /** 409 Conflict: the login conflicts with the user's other sessions (Express, Koa and Fastify read these). */
  readonly status = 409;
  /** Same as `status`, for frameworks that read `statusCode`. */
  readonly statusCode = 409;

  constructor(max: number) {
    super(
      'ERR_TESSERA_SESSION_LIMIT',
      `the user already has ${max} live sessions (userSessions.max) and the policy is 'reject'; end one (revokeSession) or use policy 'evict-oldest'`,
    );
    this.max = max;
  }
}

/**
 * A value given to a session cannot be stored: not JSON-safe (function, symbol, BigInt,
 * undefined inside an array, non-finite number, cycle), too deep, or too large (SR-40).
 * Thrown by `set`/`flash` so the mistake surfaces where it is made, not at commit.
 */
export class SessionDataError extends TesseraError {
  /** Where in the value the problem is, e.g. `cart.items[3].price`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super('ERR_TESSERA_SESSION_DATA', `session value at ${path}: ${problem}`);
    this.path = path;
  }
}

/** A session was committed after the response headers had already been sent. */
export class HeadersSentError extends TesseraError {
  constructor(detail = 'response headers were already sent') {
    super(
      'ERR_TESSERA_HEADERS_SENT',
      `cannot commit the session: ${detail}; commit before streaming the body (e.g. call commitSession before res.write)`,
    );
  }
}

/**
 * A session cookie marked `Secure` would have been set on a request the adapter saw arrive over
 * plain HTTP to a host that is not loopback (SR-46): the browser would drop it, and its token
 * would cross the network in clear. Thrown by the manager's commit before the session is written;
 * it carries no HTTP status, so every framework answers 500 (a deployment to fix, not a client
 * error). The message names the fixes: HTTPS, the adapter's trust-proxy setting behind a
 * TLS-terminating proxy, or `cookie: { secure: false }` / `allowInsecureTransport` in development.
 */
export class InsecureTransportError extends TesseraError {
  /** The session cookie's name. */
  readonly cookieName: string;
  /** The host the request was addressed to, when the adapter knew it. */
  readonly host: string | undefined;

  constructor(cookieName: string, host: string | undefined) {
    const where = host === undefined ? 'a request' : `a request to ${JSON.stringify(host.slice(0, 255))}`;
    super(
      'ERR_TESSERA_INSECURE_TRANSPORT',
      `refusing to set the Secure session cookie "${cookieName}" on ${where} that arrived over plain HTTP (SR-46): ` +
        'serve the app over HTTPS; behind a TLS-terminating proxy, let the adapter trust it (node/web/Hono adapters: { trustProxy: true }; ' +
        "Express: app.set('trust proxy', ...); Fastify: Fastify({ trustProxy }); Koa: app.proxy = true); " +
        'for development over plain HTTP on a host other than localhost, set cookie: { secure: false } (or allowInsecureTransport: true)',
    );
    this.cookieName = cookieName;
    this.host = host;
  }
}
