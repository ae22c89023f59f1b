/**
 * End-to-end support: Python servers in subprocesses, tessera apps on node:http, and a browser
 * made of tessera's RFC 6265bis cookie jar plus fetch (cookies are shared across ports of one host).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createCookieJar } from '../../src/jar/index.ts';
import type { InteropSession, InteropSessionManager } from '../../src/interop/index.ts';
import { PYTHON } from './python-helper.ts';

export interface PythonServer {
  port: number;
  /** Words printed after the port on the READY line. */
  extra: string[];
  stop(): Promise<void>;
}

/** Starts test/interop/python/<script> and waits for its `READY <port> …` line. */
export function startPythonServer(script: string, env: Record<string, string>, timeoutMs = 30_000): Promise<PythonServer> {
  const child: ChildProcess = spawn(PYTHON, [fileURLToPath(new URL(`./python/${script}`, import.meta.url))], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^READY (\d+)(.*)$/.exec(line);
      if (m === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ port: Number(m[1]), extra: m[2]!.trim().split(/\s+/).filter(Boolean), stop });
    });
  });
}

/** A tessera route: gets the session and the query, returns a JSON-able body. */
export type Route<S extends InteropSession> = (session: S, query: URLSearchParams) => Promise<unknown>;

/** A tessera app on node:http serving `routes` ("METHOD /path") with `manager`'s sessions. */
export async function startTesseraApp<S extends InteropSession>(manager: InteropSessionManager<S>, routes: Record<string, Route<S>>): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes[`${req.method} ${url.pathname}`];
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    const session = manager.load(req.headers.cookie);
    route(session, url.searchParams)
      .then(async (body) => {
        for (const [name, value] of await manager.commit(session)) res.appendHeader(name, value);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A browser: one cookie jar for every port of 127.0.0.1. */
export function createBrowser() {
  const jar = createCookieJar();
  return {
    jar,
    async request(method: string, port: number, path: string): Promise<Record<string, unknown>> {
      const url = `http://127.0.0.1:${port}${path}`;
      const cookie = jar.getCookieHeader(url);
      const res = await fetch(url, { method, headers: cookie ? { cookie } : {} });
      jar.setCookies(res.headers.getSetCookie(), url);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    },
  };
}
