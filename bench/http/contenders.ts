/**
 * Who is measured: the servers (one child process each), the contenders (a server plus the
 * route wrk requests) and the suites that group them (engine, stores, frameworks). Names here
 * are the names in the printed table and in the docs.
 * @module
 */
import type { ContenderResult, TargetVerdict } from './run.ts';

/** The kind of session a contender keeps (how the engine suite's targets pair contenders). */
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
  /** The row group in tables and charts (a key of {@link Suite.groups}). */
  group: string;
}

/** A group of HTTP contenders measured in one run, with its own targets and docs section. */
export interface Suite {
  /** `--suite` name. */
  id: string;
  /** Heading of its docs section. */
  title: string;
  servers: readonly ServerDef[];
  /** Every contender, bare frameworks first. */
  contenders: readonly ContenderDef[];
  /** Row groups in display order: key → title. */
  groups: ReadonlyArray<readonly [string, string]>;
  /** The targets, judged on the results. */
  verdicts(results: readonly ContenderResult[]): TargetVerdict[];
  /** Markdown list saying what each contender is (docs). */
  configuration: string;
  /** Section markers (`<!-- marker:start -->`) in docs/benchmarks.md and the chart file in docs/. */
  docs: { marker: string; svg: string };
  /** Docs paragraph after the lost-update table (for suites with lost-update servers). */
  lostUpdateNote?: string;
  /** Services the servers need, checked before starting: Redis at REDIS_URL, Postgres at DATABASE_URL. */
  services?: ReadonlyArray<'redis' | 'postgres'>;
}

export const BARE_NODE = 'bare node:http';
export const BARE_EXPRESS = 'bare Express 5';
export const BARE_FASTIFY = 'bare Fastify 5';
export const BARE_HONO = 'bare Hono 4';
export const BARE_KOA = 'bare Koa 3';

/** An implementation measured with a read-only and/or a read-and-write handler. */
export interface Implementation {
  label: string;
  server: string;
  kind: Exclude<Kind, 'bare'>;
  role: Role;
  bare: string;
  group: string;
  /** Label of the floor implementation it is held against. */
  floor?: string;
  /** Appended to the route (`/ro-explicit`). */
  suffix?: string;
  /** Default both. */
  handlers?: ReadonlyArray<'ro' | 'rw'>;
}

/** Contenders `<label> ro` / `<label> rw` of each implementation. */
export function expand(impls: readonly Implementation[]): ContenderDef[] {
  return impls.flatMap((impl) =>
    (impl.handlers ?? (['ro', 'rw'] as const)).map((handler): ContenderDef => ({
      name: `${impl.label} ${handler}`,
      server: impl.server,
      path: `/${handler}${impl.suffix ?? ''}`,
      kind: impl.kind,
      role: impl.role,
      handler,
      bare: impl.bare,
      group: impl.group,
      ...(impl.floor !== undefined ? { floor: `${impl.floor} ${handler}` } : {}),
    })),
  );
}

/** The bare contender `name` on `server` (group 'bare'). */
export function bareContender(name: string, server: string): ContenderDef {
  return { name, server, path: '/ro', kind: 'bare', role: 'bare', handler: null, bare: name, group: 'bare' };
}

/** The default tessera contenders (withSession, default options), which the targets are about. */
export const isDefaultTessera = (c: ContenderDef) => c.role === 'tessera' && !c.name.includes('load/commit') && !c.name.includes('no-cache');
