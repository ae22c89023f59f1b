/**
 * The store suite (`--suite stores`): tessera's server mode on each real store (Redis,
 * Postgres, SQLite) on node:http against a hand-written floor on the same store, and on
 * Express against express-session with connect-redis and connect-pg-simple, each with a
 * read-only and a read-and-write handler.
 * @module
 */
import type { ContenderResult, TargetVerdict } from '../run.ts';
import { BARE_EXPRESS, BARE_NODE, bareContender, expand, type Implementation, type Suite } from '../contenders.ts';
import { present, ratioTarget } from '../lib/targets.ts';

const FLOOR_REDIS = 'floor Redis (signed id, GET/SET PX)';
const FLOOR_POSTGRES = 'floor Postgres (signed id, SELECT/upsert)';
const FLOOR_SQLITE = 'floor SQLite (signed id, SELECT/upsert)';
const TESSERA_REDIS_EXPRESS = 'tessera server+Redis on Express';
const EXPRESS_SESSION_REDIS = 'express-session+connect-redis';

const IMPLEMENTATIONS: readonly Implementation[] = [
  { label: 'tessera server+Redis', server: 'tessera-redis', kind: 'server', role: 'tessera', bare: BARE_NODE, group: 'redis', floor: FLOOR_REDIS },
  { label: FLOOR_REDIS, server: 'floor-redis', kind: 'server', role: 'floor', bare: BARE_NODE, group: 'redis' },
  { label: TESSERA_REDIS_EXPRESS, server: 'tessera-express-redis', kind: 'server', role: 'tessera', bare: BARE_EXPRESS, group: 'redis' },
  { label: EXPRESS_SESSION_REDIS, server: 'express-session-redis', kind: 'server', role: 'peer', bare: BARE_EXPRESS, group: 'redis' },
  { label: 'tessera server+Postgres', server: 'tessera-postgres', kind: 'server', role: 'tessera', bare: BARE_NODE, group: 'postgres', floor: FLOOR_POSTGRES },
  { label: FLOOR_POSTGRES, server: 'floor-postgres', kind: 'server', role: 'floor', bare: BARE_NODE, group: 'postgres' },
  { label: 'express-session+connect-pg-simple', server: 'express-session-postgres', kind: 'server', role: 'peer', bare: BARE_EXPRESS, group: 'postgres' },
  { label: 'tessera server+SQLite', server: 'tessera-sqlite', kind: 'server', role: 'tessera', bare: BARE_NODE, group: 'sqlite', floor: FLOOR_SQLITE },
  { label: FLOOR_SQLITE, server: 'floor-sqlite', kind: 'server', role: 'floor', bare: BARE_NODE, group: 'sqlite' },
];

/**
 * The stores issue's targets: tessera with each store on node:http ≥ 0.95x the floor on the
 * same store (Redis and Postgres are the issue's; SQLite is held to the same bar); tessera with
 * Redis on Express ≥ 1.3x express-session + connect-redis on Express.
 */
function verdicts(results: readonly ContenderResult[]): TargetVerdict[] {
  const out: Array<TargetVerdict | null> = [];
  for (const handler of ['ro', 'rw']) {
    for (const [store, floor] of [['Redis', FLOOR_REDIS], ['Postgres', FLOOR_POSTGRES], ['SQLite', FLOOR_SQLITE]] as const) {
      out.push(ratioTarget(results, `tessera server+${store} ${handler}`, `${floor} ${handler}`, 0.95));
    }
    out.push(ratioTarget(results, `${TESSERA_REDIS_EXPRESS} ${handler}`, `${EXPRESS_SESSION_REDIS} ${handler}`, 1.3));
  }
  return present(out);
}

/** The store suite. */
export const STORES: Suite = {
  id: 'stores',
  title: 'HTTP: each store, against a hand-written floor and express-session',
  servers: [
    { name: 'bare-node', bare: BARE_NODE },
    { name: 'bare-express', bare: BARE_EXPRESS },
    ...IMPLEMENTATIONS.map((i) => ({ name: i.server, bare: i.bare })),
  ],
  contenders: [bareContender(BARE_NODE, 'bare-node'), bareContender(BARE_EXPRESS, 'bare-express'), ...expand(IMPLEMENTATIONS)],
  groups: [
    ['bare', 'bare frameworks (no session)'],
    ['redis', 'Redis'],
    ['postgres', 'Postgres'],
    ['sqlite', 'SQLite'],
  ],
  verdicts,
  configuration: `- **bare node:http / Express 5**: the same routes and response bodies, no session.
- **tessera server+Redis / +Postgres / +SQLite**: \`createSessionManager({ store })\` with default options (7-day absolute timeout, no idle timeout, touch at most once a minute), the store made by \`createStoreFromUrl\` (\`redis://…?prefix=\` over ioredis; \`postgres://…?schema=\` over a pg Pool of default size; \`sqlite:FILE\` over better-sqlite3 in WAL mode), through \`withSession\` on node:http; *on Express* is the same manager through \`tessera/adapters/express\` with express-session-style property access (\`req.session.counter = n + 1\`). A read-only request costs one store read; a modifying one a read and one compare-and-swap write (see docs/stores.md, round-trips).
- **floors** (bench/http/floors/store.ts): a random 256-bit id + HMAC-SHA-256 in the cookie, the session a JSON string in the store: Redis \`GET\` and \`SET … PX\` (ioredis); Postgres one \`SELECT … WHERE id = $1 AND expires_at > $2\` and one upsert (pg Pool); SQLite the same two statements prepared (better-sqlite3, WAL). No versions, no compare-and-swap, no touch, no user index: the least a server-side session can do.
- **express-session** 1.19 with **connect-redis** 9 (node-redis 5 client) and with **connect-pg-simple** 10 (pg Pool of default size, table created on first use), on Express 5: \`resave: false, saveUninitialized: false\`, rolling off; on unmodified requests express-session calls the store's \`touch\` (Redis \`EXPIRE\`; Postgres \`UPDATE … SET expire\`), so its read-only request costs two store round-trips.
- Every server runs on core 0 and wrk on core 1; Redis and Postgres (the machine's own servers) run wherever the scheduler puts them, so their work shares the cores with the server and wrk, the same for every contender; their CPU time counts as the run's own, not as noise. Each server has its own Redis key prefix / Postgres schema / SQLite file, removed after the run.`,
  docs: { marker: 'http-stores', svg: 'benchmarks-stores.svg' },
  services: ['redis', 'postgres'],
};
