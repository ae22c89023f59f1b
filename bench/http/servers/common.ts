/**
 * What every benchmark server shares: the port from argv, loopback-only listening, the
 * "listening" line the harness waits for, exit when the harness goes away (stdin closes,
 * SIGTERM, SIGINT), and the tiny plain-text responses every contender sends.
 *
 * Routes every server answers (the harness relies on them):
 * - `GET /login`: a new session with counter = 0 (Set-Cookie), body `0`;
 * - `GET /ro`: read the counter, body = counter; 401 when the request has no session;
 * - `GET /rw`: read the counter, store counter + 1, body = counter + 1; 401 without a session;
 * - servers in the lost-update experiment also: `GET /set?k=key17` (set one key),
 *   `GET /count` (how many of key0..key99 the session holds).
 * @module
 */
import type { IncomingMessage, ServerResponse, RequestListener } from 'node:http';
import { createServer } from 'node:http';

/** Loopback only: the benchmark never listens on a routable address. */
export const HOST = '127.0.0.1';

/** The port given as the first argument. */
export function portFromArgs(): number {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`usage: node --import tsx ${process.argv[1] ?? 'server.ts'} PORT`);
    process.exit(2);
  }
  return port;
}

/** Tells the harness the server is up, and exits when the harness closes our stdin or signals. */
export function announce(port: number, close: () => void): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close();
    // Why exit rather than wait for the server to drain: keep-alive sockets would hold it open;
    // a normal exit also lets `--cpu-prof` write its profile.
    setTimeout(() => process.exit(0), 50).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.stdout.write(`listening ${port}\n`);
}

/** Starts a node:http server for `listener` on the port from argv. */
export function serveNode(listener: RequestListener): void {
  const port = portFromArgs();
  const server = createServer(listener);
  server.listen(port, HOST, () => announce(port, () => server.close()));
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' } as const;

/** Sends a small plain-text response (headers set earlier with setHeader/appendHeader are kept). */
export function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, TEXT);
  res.end(body);
}

/** The 401 every contender sends when the request carries no (valid) session. */
export const NO_SESSION = 'no session';

/** The key named by `/set?k=key17`, or null when the URL is not that shape. */
export function keyFromUrl(url: string | undefined): string | null {
  const m = /^\/set\?k=(key\d{1,2})$/.exec(url ?? '');
  return m === null ? null : m[1]!;
}

/** The keys `/count` looks for. */
export const EXPERIMENT_KEYS: readonly string[] = Array.from({ length: 100 }, (_, i) => `key${i}`);

/** Last resort for a handler that threw: 500, or drop the socket when headers are out. */
export function fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  console.error(`${req.url ?? ''}: ${String(error)}`);
  if (res.headersSent) res.destroy();
  else send(res, 500, 'error');
}
