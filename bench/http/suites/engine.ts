/**
 * The engine suite (`--suite engine`): tessera's three modes on node:http against their
 * hand-written floors and the peers doing the same work on their own frameworks, each with a
 * read-only and a read-and-write handler; plus the lost-update experiment.
 * @module
 */
import type { ContenderResult, Figures, TargetVerdict } from '../run.ts';
import { BARE_EXPRESS, BARE_FASTIFY, BARE_NODE, bareContender, expand, isDefaultTessera, type Implementation, type ServerDef, type Suite } from '../contenders.ts';

const SERVERS: readonly ServerDef[] = [
  { name: 'bare-node', bare: BARE_NODE },
  { name: 'bare-express', bare: BARE_EXPRESS },
  { name: 'bare-fastify', bare: BARE_FASTIFY },
  { name: 'tessera-signed', bare: BARE_NODE },
  { name: 'tessera-sealed', bare: BARE_NODE },
  { name: 'tessera-signed-nocache', bare: BARE_NODE },
  { name: 'tessera-sealed-nocache', bare: BARE_NODE },
  { name: 'tessera-server', bare: BARE_NODE, lostUpdate: 'tessera server+memory' },
  // Lost-update experiment only (no contender runs on it): every store operation deferred a turn.
  { name: 'tessera-server-deferred', bare: BARE_NODE, lostUpdate: 'tessera server+memory, store ops deferred a turn' },
  { name: 'floor-signed', bare: BARE_NODE },
  { name: 'floor-sealed', bare: BARE_NODE },
  { name: 'floor-server', bare: BARE_NODE },
  { name: 'cookie-session', bare: BARE_EXPRESS },
  { name: 'express-session', bare: BARE_EXPRESS, lostUpdate: 'express-session+MemoryStore' },
  { name: 'iron-session', bare: BARE_NODE },
  { name: 'fastify-secure-session', bare: BARE_FASTIFY },
  { name: 'fastify-session', bare: BARE_FASTIFY, lostUpdate: '@fastify/session+MemoryStore' },
];

const IMPLEMENTATIONS: readonly Implementation[] = [
  { label: 'tessera signed', server: 'tessera-signed', kind: 'signed', role: 'tessera', bare: BARE_NODE, group: 'signed', floor: 'floor signed (HMAC)' },
  { label: 'tessera signed load/commit', server: 'tessera-signed', kind: 'signed', role: 'tessera', bare: BARE_NODE, group: 'signed', floor: 'floor signed (HMAC)', suffix: '-explicit' },
  { label: 'tessera signed no-cache', server: 'tessera-signed-nocache', kind: 'signed', role: 'tessera', bare: BARE_NODE, group: 'signed', floor: 'floor signed (HMAC)' },
  { label: 'floor signed (HMAC)', server: 'floor-signed', kind: 'signed', role: 'floor', bare: BARE_NODE, group: 'signed' },
  { label: 'cookie-session', server: 'cookie-session', kind: 'signed', role: 'peer', bare: BARE_EXPRESS, group: 'signed' },
  { label: 'tessera sealed', server: 'tessera-sealed', kind: 'sealed', role: 'tessera', bare: BARE_NODE, group: 'sealed', floor: 'floor sealed (AES-GCM)' },
  { label: 'tessera sealed load/commit', server: 'tessera-sealed', kind: 'sealed', role: 'tessera', bare: BARE_NODE, group: 'sealed', floor: 'floor sealed (AES-GCM)', suffix: '-explicit' },
  { label: 'tessera sealed no-cache', server: 'tessera-sealed-nocache', kind: 'sealed', role: 'tessera', bare: BARE_NODE, group: 'sealed', floor: 'floor sealed (AES-GCM)' },
  { label: 'floor sealed (AES-GCM)', server: 'floor-sealed', kind: 'sealed', role: 'floor', bare: BARE_NODE, group: 'sealed' },
  { label: 'iron-session', server: 'iron-session', kind: 'sealed', role: 'peer', bare: BARE_NODE, group: 'sealed' },
  { label: '@fastify/secure-session', server: 'fastify-secure-session', kind: 'sealed', role: 'peer', bare: BARE_FASTIFY, group: 'sealed' },
  { label: 'tessera server+memory', server: 'tessera-server', kind: 'server', role: 'tessera', bare: BARE_NODE, group: 'server', floor: 'floor server (id+Map)' },
  { label: 'tessera server+memory load/commit', server: 'tessera-server', kind: 'server', role: 'tessera', bare: BARE_NODE, group: 'server', floor: 'floor server (id+Map)', suffix: '-explicit' },
  { label: 'floor server (id+Map)', server: 'floor-server', kind: 'server', role: 'floor', bare: BARE_NODE, group: 'server' },
  { label: 'express-session+MemoryStore', server: 'express-session', kind: 'server', role: 'peer', bare: BARE_EXPRESS, group: 'server' },
  { label: '@fastify/session+MemoryStore', server: 'fastify-session', kind: 'server', role: 'peer', bare: BARE_FASTIFY, group: 'server' },
];

/**
 * The engine issue's targets: every tessera configuration ≥ 0.95x its floor; read-only
 * requests > 1.0x their floor; tessera's added µs over bare node:http below every peer's added
 * µs over its own bare framework, for the same kind of session and handler.
 */
function verdicts(results: readonly ContenderResult[]): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const tessera = results.filter(isDefaultTessera);
  const both = (label: string, f: (x: Figures) => { measured: string; met: boolean }, t: ContenderResult) => ({ label, wall: f(t.wall), cpu: f(t.cpu) });
  for (const t of tessera) {
    if (t.floor === undefined || t.wall.ratioToFloor === null) continue;
    out.push(both(`${t.name} ≥ 0.95x ${t.floor}`, (x) => ({ measured: `${x.ratioToFloor!.toFixed(3)}x`, met: x.ratioToFloor! >= 0.95 }), t));
  }
  for (const t of tessera) {
    if (t.floor === undefined || t.wall.ratioToFloor === null || t.handler !== 'ro') continue;
    out.push(both(`${t.name} > 1.0x ${t.floor} (read-only beats the floor)`, (x) => ({ measured: `${x.ratioToFloor!.toFixed(3)}x`, met: x.ratioToFloor! > 1.0 }), t));
  }
  for (const t of tessera) {
    for (const p of results.filter((x) => x.role === 'peer' && x.kind === t.kind && x.handler === t.handler)) {
      const f = (k: 'wall' | 'cpu') => ({ measured: `${t[k].addedUs.toFixed(1)} vs ${p[k].addedUs.toFixed(1)} µs`, met: t[k].addedUs < p[k].addedUs });
      out.push({ label: `${t.name}: added µs over ${t.bare} < ${p.name}'s over ${p.bare}`, wall: f('wall'), cpu: f('cpu') });
    }
  }
  return out;
}

/** The engine suite. */
export const ENGINE: Suite = {
  id: 'engine',
  title: 'HTTP: sessions on node:http, Express and Fastify, against the peers',
  servers: SERVERS,
  contenders: [bareContender(BARE_NODE, 'bare-node'), bareContender(BARE_EXPRESS, 'bare-express'), bareContender(BARE_FASTIFY, 'bare-fastify'), ...expand(IMPLEMENTATIONS)],
  groups: [
    ['bare', 'bare frameworks (no session)'],
    ['signed', 'signed cookie'],
    ['sealed', 'encrypted cookie'],
    ['server', 'server store'],
  ],
  verdicts,
  configuration: `- **bare node:http / Express 5 / Fastify 5**: the same routes and response bodies, no session (the request still carries a cookie, which nobody reads).
- **tessera signed / sealed / server+memory**: \`createSessionManager({ mode: 'signed', keys })\`, \`({ mode: 'sealed', keys })\`, \`({ store: createMemoryStore() })\` with default options (cookie \`__Host-session\`, 7-day absolute timeout, no idle timeout, compression on), through \`withSession\` from \`tessera/adapters/node\`; the *load/commit* rows are the same handlers written with \`loadSession\` + \`commitSession\`. The *no-cache* rows turn off the cache of verified cookies and the states decoded from them (\`cookieMode: { verifiedCacheSize: 0 }\`): wrk rotates through 1000 sessions, exactly the default cache size (1000), so with the defaults every cookie-mode read after the first round of sessions is a cache hit (no MAC/AEAD check, no JSON parse: the counter is a primitive); real traffic hits the cache only as far as the same cookies come back within the last 1000 distinct ones, and a read-and-write request's new cookie is a new token.
- **floors** (bench/http/floors/): hand-written minimal node:crypto implementations of the same job, each a few dozen lines, sending the same headers as tessera (\`Vary: Cookie\`, and \`Cache-Control: private, no-store\` with a Set-Cookie): signed = base64url JSON \`{d, e}\` + HMAC-SHA-256, \`timingSafeEqual\`; sealed = AES-256-GCM with a fresh \`randomBytes(12)\` nonce; server = random 256-bit id + HMAC-SHA-256 in the cookie and a \`Map\` holding each session **as a JSON string** (as a store would), parsed on read and re-stringified on write.
- **cookie-session** 2 (Express 5): Keygrip-signed readable cookie (\`session\` + \`session.sig\`, HMAC-SHA-1).
- **express-session** 1.19 + its MemoryStore (Express 5): \`resave: false, saveUninitialized: false\`, rolling off (default); the store keeps JSON strings and \`touch\`es on reads.
- **iron-session** 8 (node:http): \`getIronSession(req, res, options)\`, \`session.save()\` on writes; iron seals derive their keys with PBKDF2 on every seal and unseal.
- **@fastify/secure-session** 8 (Fastify 5): libsodium secretbox (sodium-native), 32-byte key.
- **@fastify/session** 11 + @fastify/cookie 11 (Fastify 5) with its default MemoryStore (live objects, not strings): \`saveUninitialized: false, rolling: false\` (its default \`rolling: true\` re-saves and re-sends the cookie on every response, which tessera never does).
- Every session handler: \`/ro\` reads the counter and responds it; \`/rw\` reads it, stores counter + 1 and responds it (cookie modes issue a new Set-Cookie; wrk keeps sending the original cookies, the same for every contender). A request without a valid session gets a 401, which wrk would count as an error: the error column stays empty only if every request found its session.`,
  lostUpdateNote:
    "The plain memory store answers every operation in the same macrotask, so parallel requests to tessera's memory store never interleave; the *deferred* row wraps each store operation in one `setImmediate` turn (as express-session's MemoryStore defers its callbacks), so loads and commits interleave as they do against a networked store and the compare-and-swap with replay is what keeps the keys. express-session's MemoryStore keeps JSON strings and answers a turn later, so each request saves its own copy over the others'. @fastify/session's default MemoryStore answers synchronously and hands every request the same live session object, so parallel requests mutate one shared object: nothing is lost here, but nothing in it would survive a store that serialises (Redis, SQL).",
  docs: { marker: 'http', svg: 'benchmarks-http.svg' },
};
