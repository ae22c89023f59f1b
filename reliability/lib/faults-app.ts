/**
 * The app under load: the demo (`demo/server.ts`, as `npm start` runs it) in a child process, on a
 * free port, in a fresh temporary directory, with its sessions on the store URL it is given. Its
 * stderr (a stack trace per failed request) goes to a file, not a pipe, so a busy parent can never
 * slow the app down by reading its output late. The handle tells whether the process ever exited.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../demo/server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** The demo's own variables: never inherited from the caller's environment. */
const DEMO_VARIABLES = ['SESSION_STORE_URL', 'TESSERA_SECRETS', 'TESSERA_DATA_DIR', 'PUBLIC_ORIGIN', 'NODE_ENV', 'PORT'];

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL'); // no demo outlives a run that crashed
});

/** A running demo process. */
export interface AppProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** How the process ended (`code 1`, `signal SIGSEGV`), or null while it runs. */
  exited(): string | null;
  /** Its stderr so far (the demo logs one error per failed request). */
  stderr(): string;
  /** Its stdout so far (start-up block, rejected cookies). */
  stdout(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
}

/** Starts the demo on `storeUrl`; resolves once it prints its start-up block (30 s at most). */
export async function startApp(storeUrl: string): Promise<AppProcess> {
  const root = mkdtempSync(join(tmpdir(), 'tessera-faults-app-'));
  const errPath = join(root, 'stderr.log');
  const errFd = openSync(errPath, 'w');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !DEMO_VARIABLES.includes(k)));
  const child = spawn(process.execPath, ['--import', TSX, SERVER], {
    cwd: root,
    env: { ...env, PORT: '0', SESSION_STORE_URL: storeUrl, TESSERA_SECRETS: randomBytes(32).toString('base64url'), TESSERA_DATA_DIR: join(root, 'data') },
    stdio: ['ignore', 'pipe', errFd],
  });
  closeSync(errFd);
  live.add(child);
  let out = '';
  let ended: string | null = null;
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = signal === null ? `code ${code}` : `signal ${signal}`;
      live.delete(child);
      resolve();
    }),
  );
  const readErr = () => {
    try {
      return readFileSync(errPath, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (ended === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start within 30 s:\n${out}${readErr()}`)), 30_000);
      const check = () => {
        const m = /tessera demo on http:\/\/localhost:(\d+)\n[^]*keys: .*\n/.exec(out);
        if (m !== null) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', check);
      void exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`the demo exited (${ended}) while starting:\n${out}${readErr()}`));
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      pid: child.pid!,
      exited: () => ended,
      stderr: readErr,
      stdout: () => out,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
