/**
 * The frameworks suite (`--suite frameworks`): on each framework (Express, Fastify, Hono, Koa),
 * the bare framework, tessera through that framework's adapter (signed cookie, server with
 * Redis, and sealed cookie where the framework's usual package encrypts), a hand-written minimal
 * signed-cookie session written with the framework's own API, and the framework's usual session
 * packages doing the same read-and-write work. Read-and-write handler only.
 * @module
 */
import type { ContenderResult, TargetVerdict } from '../run.ts';
import { BARE_EXPRESS, BARE_FASTIFY, BARE_HONO, BARE_KOA, bareContender, expand, type Implementation, type Kind, type Suite } from '../contenders.ts';
import { present, ratioTarget } from '../lib/targets.ts';

/** The four frameworks: group key, display name, bare contender. */
const FRAMEWORK_LIST = [
  ['express', 'Express', BARE_EXPRESS],
  ['fastify', 'Fastify', BARE_FASTIFY],
  ['hono', 'Hono', BARE_HONO],
  ['koa', 'Koa', BARE_KOA],
] as const;
type Framework = (typeof FRAMEWORK_LIST)[number];

const tesseraLabel = (mode: string, [, name]: Framework) => `tessera ${mode} on ${name}`;
const floorLabel = ([, name]: Framework) => `floor signed (HMAC) on ${name}`;

/** One framework's tessera configurations and floor; `modes` maps a label word to a kind. */
function tesseraAndFloor(fw: Framework, modes: ReadonlyArray<readonly [string, Exclude<Kind, 'bare'>]>): Implementation[] {
  const [key, , bare] = fw;
  const common = { bare, group: key, handlers: ['rw'] } as const;
  return [
    ...modes.map(([mode, kind]): Implementation => ({
      ...common,
      label: tesseraLabel(mode, fw),
      server: `tessera-${key}-${mode === 'server+Redis' ? 'redis' : mode}`,
      kind,
      role: 'tessera',
      ...(mode === 'signed' ? { floor: floorLabel(fw) } : {}),
    })),
    { ...common, label: floorLabel(fw), server: `floor-${key}-signed`, kind: 'signed', role: 'floor' },
  ];
}

const [EXPRESS, FASTIFY, HONO, KOA] = FRAMEWORK_LIST;
const SIGNED = ['signed', 'signed'] as const;
const SEALED = ['sealed', 'sealed'] as const;
const REDIS = ['server+Redis', 'server'] as const;

/** Peer labels. */
const EXPRESS_SESSION_REDIS = 'express-session+connect-redis';
const COOKIE_SESSION = 'cookie-session';
const FASTIFY_SESSION_REDIS = '@fastify/session+connect-redis';
const FASTIFY_SECURE_SESSION = '@fastify/secure-session';
const HONO_SESSIONS = 'hono-sessions (CookieStore)';
const KOA_SESSION = 'koa-session';

const peer = (label: string, server: string, kind: Exclude<Kind, 'bare'>, [key, , bare]: Framework): Implementation => ({ label, server, kind, role: 'peer', bare, group: key, handlers: ['rw'] });

const IMPLEMENTATIONS: readonly Implementation[] = [
  ...tesseraAndFloor(EXPRESS, [SIGNED, REDIS]),
  peer(COOKIE_SESSION, 'cookie-session', 'signed', EXPRESS),
  peer(EXPRESS_SESSION_REDIS, 'express-session-redis', 'server', EXPRESS),
  ...tesseraAndFloor(FASTIFY, [SIGNED, SEALED, REDIS]),
  peer(FASTIFY_SECURE_SESSION, 'fastify-secure-session', 'sealed', FASTIFY),
  peer(FASTIFY_SESSION_REDIS, 'fastify-session-redis', 'server', FASTIFY),
  ...tesseraAndFloor(HONO, [SIGNED, SEALED, REDIS]),
  peer(HONO_SESSIONS, 'hono-sessions', 'sealed', HONO),
  ...tesseraAndFloor(KOA, [SIGNED, REDIS]),
  peer(KOA_SESSION, 'koa-session', 'signed', KOA),
];

/** tessera configuration ↔ the usual package doing the same kind of work on the same framework. */
const PAIRS: ReadonlyArray<readonly [string, Framework, string]> = [
  ['server+Redis', EXPRESS, EXPRESS_SESSION_REDIS],
  ['signed', EXPRESS, COOKIE_SESSION],
  ['server+Redis', FASTIFY, FASTIFY_SESSION_REDIS],
  ['sealed', FASTIFY, FASTIFY_SECURE_SESSION],
  ['sealed', HONO, HONO_SESSIONS],
  ['signed', KOA, KOA_SESSION],
];

/**
 * The adapters issue's targets, on the read-and-write handler: on every framework each tessera
 * configuration ≥ 1.3x the framework's usual package doing the same kind of work, and tessera
 * signed ≥ 0.95x the hand-written signed floor on the same framework.
 */
function verdicts(results: readonly ContenderResult[]): TargetVerdict[] {
  const out: Array<TargetVerdict | null> = [];
  for (const fw of FRAMEWORK_LIST) {
    for (const [mode, pairFw, theirs] of PAIRS) {
      if (pairFw === fw) out.push(ratioTarget(results, `${tesseraLabel(mode, fw)} rw`, `${theirs} rw`, 1.3));
    }
    out.push(ratioTarget(results, `${tesseraLabel('signed', fw)} rw`, `${floorLabel(fw)} rw`, 0.95));
  }
  return present(out);
}

/** The frameworks suite. */
export const FRAMEWORKS: Suite = {
  id: 'frameworks',
  title: 'HTTP: tessera on each framework, against the bare framework, a floor and its usual session packages',
  servers: [
    { name: 'bare-express', bare: BARE_EXPRESS },
    { name: 'bare-fastify', bare: BARE_FASTIFY },
    { name: 'bare-hono', bare: BARE_HONO },
    { name: 'bare-koa', bare: BARE_KOA },
    ...IMPLEMENTATIONS.map((i) => ({ name: i.server, bare: i.bare })),
  ],
  contenders: [
    bareContender(BARE_EXPRESS, 'bare-express'),
    bareContender(BARE_FASTIFY, 'bare-fastify'),
    bareContender(BARE_HONO, 'bare-hono'),
    bareContender(BARE_KOA, 'bare-koa'),
    ...expand(IMPLEMENTATIONS),
  ],
  groups: [
    ['bare', 'bare frameworks (no session)'],
    ['express', 'Express 5'],
    ['fastify', 'Fastify 5'],
    ['hono', 'Hono 4 (@hono/node-server)'],
    ['koa', 'Koa 3'],
  ],
  verdicts,
  configuration: `- **bare Express 5.3 / Fastify 5.12 / Hono 4.13 (on @hono/node-server 2.1) / Koa 3.3**: the same routes and response bodies as the session contenders on that framework, no session (the request still carries a cookie, which nobody reads). Koa has no router here: one middleware dispatches on \`ctx.path\`, for every Koa contender alike.
- Every contender is measured on \`/rw\` only: read the counter, store counter + 1, respond it (cookie sessions issue a new Set-Cookie; wrk keeps sending the original cookies, the same for every contender). On each framework every session contender runs the same route code (bench/http/servers/<framework>-routes.ts); only the session access differs.
- **tessera signed / sealed / server+Redis on <framework>**: \`createSessionManager({ mode: 'signed', keys })\`, \`({ mode: 'sealed', keys })\` (a random 32-byte key) and \`({ store })\` on the process's own Redis store (\`createStoreFromUrl('redis://…?prefix=')\` over ioredis), all with default options (cookie \`__Host-session\`, 7-day absolute timeout, no idle timeout, compression on, verified-cookie cache on), through the framework's adapter: Express \`app.use(tesseraSession(manager))\` with property-style \`req.session.counter = n + 1\`; Fastify \`app.register(tesseraSession, { manager })\` with \`await request.session.get('counter')\` / \`request.session.set(...)\`; Hono \`app.use(tesseraSession(manager))\` with \`c.get('session')\`; Koa \`app.use(tesseraSession(manager))\` with \`ctx.state.session\`. Sealed runs on Fastify and Hono only, where the usual package encrypts.
- **floor signed (HMAC) on <framework>**: the engine suite's hand-written signed floor (base64url JSON \`{d, e}\` + HMAC-SHA-256, \`timingSafeEqual\`, bench/http/floors/signed.ts) as a minimal middleware written with the framework's own API: read and verify the cookie before the handler, and after it, when the handler changed the session, a new \`Set-Cookie\` with \`Cache-Control: private, no-store\`; \`Vary: Cookie\` always (tessera's headers). Express: a middleware wrapping \`res.writeHead\` (what on-headers does for express-session); Fastify: synchronous \`onRequest\` and \`onSend\` hooks on a \`decorateRequest\` slot; Hono and Koa: a middleware around \`await next()\` (\`c.set\`/\`c.header\`, \`ctx.state\`/\`ctx.set\`).
- **cookie-session** 2.1 (Express): Keygrip-signed readable cookie (\`session\` + \`session.sig\`, HMAC-SHA-1), re-issued only when the session changed.
- **express-session** 1.19 + **connect-redis** 9.0 (node-redis 5.12 client), Express: \`resave: false, saveUninitialized: false\`, rolling off, browser-session cookie; each session a JSON string with EX one day; a modifying request costs a GET and a SET.
- **@fastify/session** 11.1 + @fastify/cookie 11.0 with **connect-redis** 9.0 as its store (@fastify/session takes express-session stores; node-redis 5.12 client), Fastify: \`saveUninitialized: false, rolling: false\`, browser-session cookie; a modifying request costs a GET and a SET, and re-sends the (unchanged) session-id cookie.
- **@fastify/secure-session** 8.4 (Fastify): the session sealed with libsodium's secretbox (XSalsa20-Poly1305, sodium-native) under a 32-byte key, re-issued only when changed.
- **hono-sessions** 0.8.1 (Hono) with its \`CookieStore\` and an \`encryptionKey\` (a random 43-character password): the session sealed with iron-webcrypto (AES-256-CBC + HMAC-SHA-256, both keys derived by PBKDF2, one iteration with a fresh salt, on every seal and unseal); \`expireAfterSeconds\` seven days, \`autoExtendExpiration: false\` (its default \`true\` records an access time on every request, which re-seals the cookie on reads too).
- **koa-session** 7.0 (Koa) with its default cookie store: base64 JSON in \`koa.sess\`, signed by Koa's cookies with \`app.keys\` (Keygrip, HMAC-SHA-1) in \`koa.sess.sig\`; \`maxAge\` seven days (\`_expire\` in the session), re-issued only when the session changed.
- Hono's server+Redis and Koa's server+Redis rows have no peer: the frameworks' usual packages (hono-sessions, koa-session) need a separate store package (a community driver, koa-redis) for Redis, not measured here.
- Every server runs on core 0 and wrk on core 1; Redis (the machine's own server) runs wherever the scheduler puts it. Each server has its own Redis key prefix, removed after the run.`,
  docs: { marker: 'http-frameworks', svg: 'benchmarks-frameworks.svg' },
  services: ['redis'],
};
