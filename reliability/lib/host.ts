/**
 * The server side of the reliability experiments, run as a child process (see spawn-host.ts):
 * it starts the apps its configuration names (tessera on one adapter and store, in server or
 * cookie mode, or a peer), each on its own loopback port, and reports their ports over IPC.
 * Why a separate process: with client and server in one event loop, the parallel requests
 * reach the server spaced out by the client's own work, and a library that loses updates
 * under a real burst can look safe.
 *
 * IPC: the host sends `{ type: 'ready', ports }` once listening, or `{ type: 'failed', error }`;
 * it answers `{ type: 'stats', gc }` with `{ type: 'stats', ... }` (memory usage, after a full
 * GC when `gc` is set and the host runs with --expose-gc; the memory stores' entry counts; the
 * stores' update and conflict counts).
 * It exits when the parent disconnects or sends SIGTERM.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../src/crypto/index.ts';
import { createSessionManager } from '../../src/session/index.ts';
import type { AdapterName, RunningApp } from './apps.ts';
import type { PeerName } from './peers.ts';
import type { UpdateCounts } from './counting-store.ts';
import { openStore, type OpenedStore } from './stores.ts';

/**
 * One app of a host: tessera (`adapter`, and `store` URL, optionally with the manager's
 * `commitAttempts`, or `mode: 'sealed'`) or a `peer`.
 */
export type HostApp =
  | { id: string; adapter: AdapterName; store: string; commitAttempts?: number; port?: number }
  | { id: string; adapter: AdapterName; mode: 'sealed'; port?: number }
  | { id: string; peer: PeerName; port?: number };

/** What the host reports for `{ type: 'stats' }`. */
export interface HostStats {
  rss: number;
  heapUsed: number;
  external: number;
  /** Entry count of each memory store, by store URL. */
  storeSizes: Record<string, number>;
  /** Compare-and-swap updates and conflicts so far, by store URL. */
  updates: Record<string, UpdateCounts>;
}

/** Messages from the host to its parent. */
export type HostMessage =
  | { type: 'ready'; ports: Record<string, number> }
  | { type: 'failed'; error: string }
  | ({ type: 'stats' } & HostStats);

const send = (message: HostMessage) => process.send?.(message);

async function main(apps: HostApp[]): Promise<void> {
  const stores = new Map<string, OpenedStore>();
  const running: RunningApp[] = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(running.map((a) => a.close()));
    await Promise.allSettled([...stores.values()].map((s) => s.close()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type !== 'stats') return;
    if (message.gc === true) (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const storeSizes: Record<string, number> = {};
    const updates: Record<string, UpdateCounts> = {};
    for (const [url, s] of stores) {
      if (s.size !== undefined) storeSizes[url] = s.size();
      updates[url] = { ...s.counts };
    }
    send({ type: 'stats', rss: m.rss, heapUsed: m.heapUsed, external: m.external, storeSizes, updates });
  });

  const { startApp } = await import('./apps.ts');
  const needsPeers = apps.some((a) => 'peer' in a);
  const peers = needsPeers ? await import('./peers.ts') : null;
  const ports: Record<string, number> = {};
  for (const app of apps) {
    let started: RunningApp;
    if ('peer' in app) {
      started = await peers!.startPeer(app.peer, app.port ?? 0);
    } else if ('mode' in app) {
      started = await startApp(app.adapter, createSessionManager({ keys: createKeyring([{ secret: randomBytes(32) }]), mode: 'sealed' }), app.port ?? 0);
    } else {
      let opened = stores.get(app.store);
      if (opened === undefined) stores.set(app.store, (opened = await openStore(app.store)));
      const attempts = app.commitAttempts === undefined ? {} : { commitAttempts: app.commitAttempts };
      started = await startApp(app.adapter, createSessionManager({ store: opened.store, ...attempts }), app.port ?? 0);
    }
    running.push(started);
    ports[app.id] = started.port;
  }
  send({ type: 'ready', ports });
}

main(JSON.parse(process.argv[2] ?? '[]') as HostApp[]).catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
});
