/**
 * Talks to test/interop/python/helper.py: one long-lived Python process (Debian's
 * /usr/bin/python3 with Flask 2.2 and Django 3.2) answering JSON lines, so hundreds of
 * differential cases cost one interpreter start.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/helper.py', import.meta.url));

let available: boolean | undefined;

/**
 * True when Debian's Python has Flask, Django and psycopg2 (`apt-get install python3-flask
 * python3-django python3-psycopg2`). Suites skip without them, except in CI, where they must run.
 */
export function pythonAvailable(): boolean {
  available ??= spawnSync(PYTHON, ['-c', 'import flask, django, psycopg2'], { stdio: 'ignore' }).status === 0;
  return available;
}

export interface PythonHelper {
  call<T = Record<string, unknown>>(request: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export function startPythonHelper(): PythonHelper {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let next = 1;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const response = JSON.parse(line) as { id: number; exception?: string; trace?: string };
    const waiter = pending.get(response.id);
    pending.delete(response.id);
    if (waiter === undefined) return;
    if (response.exception !== undefined) waiter.reject(new Error(`python: ${response.exception}\n${response.trace ?? ''}`));
    else waiter.resolve(response as never);
  });
  child.on('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`python helper exited with ${code}: ${stderr}`));
    pending.clear();
  });
  return {
    call(request) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: never) => void, reject });
        child.stdin.write(JSON.stringify({ ...request, id }) + '\n');
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      });
    },
  };
}
