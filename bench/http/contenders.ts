/**
 * Who is measured: the servers (one child process each) and the contenders (a server plus the
 * route wrk requests). Names here are the names in the printed table and in the docs.
 * @module
 */

/** The kind of session a contender keeps (how the chart and the targets group them). */
export type Kind = 'bare' | 'signed' | 'sealed' | 'server';
/** What a contender is: a bare framework, tessera, a hand-written floor or a peer library. */
export type Role = 'bare' | 'tessera' | 'floor' | 'peer';
/** Read-only or read-and-write handler (bare frameworks have neither). */
export type Handler = 'ro' | 'rw' | null;

/** One server process: `bench/http/servers/<name>.ts`. */
export interface ServerDef {
  name: string;
  /** The bare framework it runs on (a contender name). */
  bare: string;
  /** Whether it answers `/set?k=` and `/count` for the lost-update experiment. */
  lostUpdate?: string;
}

/** One measured configuration. */
export interface ContenderDef {
  name: string;
  server: string;
  path: string;
  kind: Kind;
  role: Role;
  handler: Handler;
  /** Its own bare framework (a contender name); bare contenders name themselves. */
  bare: string;
  /** For tessera: the floor it is held against (a contender name). */
  floor?: string;
}

export const BARE_NODE = 'bare node:http';
export const BARE_EXPRESS = 'bare Express 5';
export const BARE_FASTIFY = 'bare Fastify 5';

export const SERVERS: readonly ServerDef[] = [
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

/** Implementations with a read-only and a read-and-write contender each. */
const IMPLEMENTATIONS: ReadonlyArray<{ label: string; server: string; kind: Exclude<Kind, 'bare'>; role: Role; bare: string; floor?: string; suffix?: string }> = [
  { label: 'tessera signed', server: 'tessera-signed', kind: 'signed', role: 'tessera', bare: BARE_NODE, floor: 'floor signed (HMAC)' },
  { label: 'tessera signed load/commit', server: 'tessera-signed', kind: 'signed', role: 'tessera', bare: BARE_NODE, floor: 'floor signed (HMAC)', suffix: '-explicit' },
  { label: 'tessera signed no-cache', server: 'tessera-signed-nocache', kind: 'signed', role: 'tessera', bare: BARE_NODE, floor: 'floor signed (HMAC)' },
  { label: 'floor signed (HMAC)', server: 'floor-signed', kind: 'signed', role: 'floor', bare: BARE_NODE },
  { label: 'cookie-session', server: 'cookie-session', kind: 'signed', role: 'peer', bare: BARE_EXPRESS },
  { label: 'tessera sealed', server: 'tessera-sealed', kind: 'sealed', role: 'tessera', bare: BARE_NODE, floor: 'floor sealed (AES-GCM)' },
  { label: 'tessera sealed load/commit', server: 'tessera-sealed', kind: 'sealed', role: 'tessera', bare: BARE_NODE, floor: 'floor sealed (AES-GCM)', suffix: '-explicit' },
  { label: 'tessera sealed no-cache', server: 'tessera-sealed-nocache', kind: 'sealed', role: 'tessera', bare: BARE_NODE, floor: 'floor sealed (AES-GCM)' },
  { label: 'floor sealed (AES-GCM)', server: 'floor-sealed', kind: 'sealed', role: 'floor', bare: BARE_NODE },
  { label: 'iron-session', server: 'iron-session', kind: 'sealed', role: 'peer', bare: BARE_NODE },
  { label: '@fastify/secure-session', server: 'fastify-secure-session', kind: 'sealed', role: 'peer', bare: BARE_FASTIFY },
  { label: 'tessera server+memory', server: 'tessera-server', kind: 'server', role: 'tessera', bare: BARE_NODE, floor: 'floor server (id+Map)' },
  { label: 'tessera server+memory load/commit', server: 'tessera-server', kind: 'server', role: 'tessera', bare: BARE_NODE, floor: 'floor server (id+Map)', suffix: '-explicit' },
  { label: 'floor server (id+Map)', server: 'floor-server', kind: 'server', role: 'floor', bare: BARE_NODE },
  { label: 'express-session+MemoryStore', server: 'express-session', kind: 'server', role: 'peer', bare: BARE_EXPRESS },
  { label: '@fastify/session+MemoryStore', server: 'fastify-session', kind: 'server', role: 'peer', bare: BARE_FASTIFY },
];

/** Every contender, bare frameworks first. */
export const CONTENDERS: readonly ContenderDef[] = [
  { name: BARE_NODE, server: 'bare-node', path: '/ro', kind: 'bare', role: 'bare', handler: null, bare: BARE_NODE },
  { name: BARE_EXPRESS, server: 'bare-express', path: '/ro', kind: 'bare', role: 'bare', handler: null, bare: BARE_EXPRESS },
  { name: BARE_FASTIFY, server: 'bare-fastify', path: '/ro', kind: 'bare', role: 'bare', handler: null, bare: BARE_FASTIFY },
  ...IMPLEMENTATIONS.flatMap((impl) =>
    (['ro', 'rw'] as const).map((handler): ContenderDef => ({
      name: `${impl.label} ${handler}`,
      server: impl.server,
      path: `/${handler}${impl.suffix ?? ''}`,
      kind: impl.kind,
      role: impl.role,
      handler,
      bare: impl.bare,
      ...(impl.floor !== undefined ? { floor: `${impl.floor} ${handler}` } : {}),
    })),
  ),
];

/** The default tessera contenders (withSession, default options), which the targets are about. */
export const isDefaultTessera = (c: ContenderDef) => c.role === 'tessera' && !c.name.includes('load/commit') && !c.name.includes('no-cache');

/** Human names of the kinds. */
export const KIND_TITLES: Record<Kind, string> = {
  bare: 'bare frameworks (no session)',
  signed: 'signed cookie',
  sealed: 'encrypted cookie',
  server: 'server store',
};
