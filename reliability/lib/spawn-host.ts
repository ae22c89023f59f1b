/**
 * Starts a host process (host.ts) and talks to it: its apps' ports, its memory statistics,
 * its RSS read from /proc (the kernel's figure, independent of the host's event loop), and
 * its end. Every host is killed when this process exits, so none outlives a run.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostApp, HostMessage, HostStats } from './host.ts';

const HOST = fileURLToPath(new URL('./host.ts', import.meta.url));
/** The repository root: children run there so `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A running host. */
export interface Host {
  pid: number;
  /** The port of each app, by id. */
  ports: Record<string, number>;
  /** The host's memory usage (after a full GC when `gc`) and memory-store sizes. */
  stats(gc?: boolean): Promise<HostStats>;
  /** The host's resident set size in bytes, from /proc/PID/status (VmRSS). */
  rss(): number;
  /** The last few KB the host wrote to stderr. */
  stderr(): string;
  /** Ends the host (SIGTERM, SIGKILL after 5 s) and waits for it. */
  stop(): Promise<void>;
}

/** Starts a host running `apps` and waits (at most `timeoutMs`) until every app listens. */
export async function spawnHost(apps: HostApp[], timeoutMs = 60_000): Promise<Host> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', HOST, JSON.stringify(apps)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  live.add(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err = (err + d).slice(-8192)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within ${timeoutMs} ms\n${err}`)), timeoutMs);
    child.on('message', (m: HostMessage) => {
      if (m.type === 'ready') resolve(m.ports);
      if (m.type === 'failed') reject(new Error(`host failed: ${m.error}`));
    });
    child.once('exit', (code, signal) => reject(new Error(`host exited (${code ?? signal}) before it was ready\n${err}`)));
    void exited.then(() => clearTimeout(timer));
    child.once('message', () => clearTimeout(timer));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return {
    pid: child.pid!,
    ports,
    stderr: () => err,
    stop,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
      if (kb === null) throw new Error('no VmRSS in /proc status');
      return Number(kb[1]) * 1024;
    },
    stats: (gc = false) =>
      new Promise<HostStats>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('host did not answer stats within 30 s')), 30_000);
        const onMessage = (m: HostMessage) => {
          if (m.type !== 'stats') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          const { type: _type, ...stats } = m;
          resolve(stats);
        };
        child.on('message', onMessage);
        child.send({ type: 'stats', gc });
      }),
  };
}
