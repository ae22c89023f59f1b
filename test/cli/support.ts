/**
 * Helpers of the `tessera` command-line tests: run the real executable (a child process, so
 * never a terminal), make sessions through the library, and the skip rules for servers.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hashToken } from '../../src/crypto/index.ts';
import { parseSetCookie } from '../../src/cookie/index.ts';
import { createSessionManager, type SessionStore } from '../../src/session/index.ts';

/** What one run of the CLI gave. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run, milliseconds. */
  ms: number;
}

/** The executable and the tsx loader, as absolute paths (so a test may run it from another directory). */
const EXECUTABLE = fileURLToPath(new URL('../../cli/tessera.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Options of {@link tessera}. */
export interface CliOptions {
  /** Working directory (default: the repository). */
  cwd?: string;
  /** Milliseconds before the child is killed and the run fails (default 30 s). */
  timeoutMs?: number;
}

/**
 * Runs `tessera ARGS` as `node --import tsx cli/tessera.ts` (stdout and stderr are pipes, never
 * terminals), with `env` added to (or, when undefined, removed from) the environment.
 */
export function tessera(args: string[], env: Record<string, string | undefined> = {}, options: CliOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = performance.now();
  const fullEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, SESSION_STORE_URL: undefined, TESSERA_SECRETS: undefined, ...env };
  for (const k of Object.keys(fullEnv)) if (fullEnv[k] === undefined) delete fullEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, EXECUTABLE, ...args], {
      env: fullEnv as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tessera ${args.join(' ')} did not end within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** One session to make. */
export interface SessionSpec {
  user?: string;
  data?: Record<string, unknown>;
  flash?: Record<string, unknown>;
  userAgent?: string;
}

/** A session made through the library: its cookie token and store key. */
export interface MadeSession {
  token: string;
  key: string;
  user: string | null;
}

/** Makes sessions in `store` the way an app does: load, set, bindUser, flash, commit. */
export async function makeSessions(store: SessionStore, specs: readonly SessionSpec[]): Promise<MadeSession[]> {
  const manager = createSessionManager({ store });
  const made: MadeSession[] = [];
  for (const spec of specs) {
    const session = manager.load(null, spec.userAgent === undefined ? {} : { userAgent: spec.userAgent, ip: '203.0.113.7' });
    await session.load();
    for (const [k, v] of Object.entries(spec.data ?? { visits: 1 })) session.set(k as never, v as never);
    for (const [k, v] of Object.entries(spec.flash ?? {})) session.flash(k as never, v as never);
    if (spec.user !== undefined) session.bindUser(spec.user);
    const headers = await manager.commit(session);
    const line = headers.find(([name]) => name === 'Set-Cookie')?.[1];
    const token = line === undefined ? null : parseSetCookie(line)?.value;
    if (token === undefined || token === null) throw new Error('commit set no session cookie');
    made.push({ token, key: hashToken(token), user: spec.user ?? null });
  }
  return made;
}

/** `fn` over `items`, at most `limit` at a time (spawned CLIs share a 2-core machine), results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The lines of `text` without the last empty one. */
export const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/** Asserts-friendly check that stderr is one line without a stack trace. */
export function isOneLineError(stderr: string): boolean {
  const all = lines(stderr);
  return all.length === 1 && !/\n\s+at /.test(stderr) && all[0]!.startsWith('tessera ');
}
