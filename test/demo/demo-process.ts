/**
 * Starts the demo (`demo/server.ts`) as a real child process, as `npm start` would but in a
 * fresh temp directory (so its default `./data` holds the SQLite file), with a fixed secret and
 * a free port (PORT=0, read back from the start-up lines). Shared by the HTTP tests (test/demo)
 * and the browser tests (test/e2e).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fixed test secret (32 random bytes, base64url): stable across runs, used nowhere else. */
export const TEST_SECRET = 'awCz82z05gtA5yitf-ux_CkvOlAQRurkqSgpqOtZksI';

/** Environment variables of the caller that would change what the demo does; never inherited. */
const CLEARED = ['SESSION_STORE_URL', 'TESSERA_SECRETS', 'TESSERA_DATA_DIR', 'PUBLIC_ORIGIN', 'NODE_ENV', 'PORT'];

/** The demo's entry file and the TypeScript loader, as absolute paths: the demo runs in another directory. */
const SERVER = fileURLToPath(new URL('../../demo/server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Starts `demo/server.ts` in a new temp directory, `env` on top of the caller's cleaned environment. */
function spawnDemo(env: Record<string, string>): { child: ChildProcess; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CLEARED.includes(k)));
  const child = spawn(process.execPath, ['--import', TSX, SERVER], { cwd: root, env: { ...base, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, root };
}

/** A running demo. */
export interface DemoProcess {
  /** `http://localhost:<port>`. */
  url: string;
  port: number;
  /** Its `./data` (secret, SQLite file). */
  dataDir: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Stops the process and removes its directory. */
  stop(): Promise<void>;
}

/** Runs `demo/server.ts` with `env` on top of a clean environment; resolves once it listens. */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoProcess> {
  const { child, root } = spawnDemo({ TESSERA_SECRETS: TEST_SECRET, ...env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start within 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /tessera demo on http:\/\/localhost:(\d+)\n[^]*keys: .*\n/.exec(out); // the whole start-up block
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
      reject(new Error(`the demo exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    port,
    dataDir: join(root, 'data'),
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs the demo (no secret unless `env` gives one) until it exits, for start-up failures; resolves its exit code and output. */
export function runDemoToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const { child, root } = spawnDemo(env);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
      resolve({ code, output });
    }),
  );
}
