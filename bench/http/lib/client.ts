/**
 * A small HTTP client for the set-up steps (creating sessions, sanity checks, the lost-update
 * experiment): loopback only, every request with a timeout.
 * @module
 */
import { Agent, request } from 'node:http';

/** What a request got back. */
export interface Reply {
  status: number;
  body: string;
  /** The Set-Cookie lines. */
  setCookies: string[];
}

/** GET `path` on 127.0.0.1:`port` with an optional Cookie header. */
export function get(port: number, path: string, cookie: string | null, agent: Agent | false, timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', agent, headers: cookie === null ? {} : { cookie }, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, setCookies: res.headers['set-cookie'] ?? [] }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} on port ${port} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The Cookie header a browser would send back for these Set-Cookie lines (name=value pairs, no
 * attributes); of two lines setting the same name, the later wins, as in a browser (hono-sessions
 * sets its cookie twice on a new session).
 */
export function cookieHeaderFrom(setCookies: readonly string[]): string {
  const pairs = new Map<string, string>();
  for (const line of setCookies) {
    const pair = line.slice(0, line.indexOf(';') < 0 ? line.length : line.indexOf(';'));
    pairs.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...pairs.values()].join('; ');
}

/**
 * Creates `count` sessions by requesting `/login` (with `concurrency` requests in flight) and
 * returns their Cookie headers. Throws when a login fails or the whole takes over `timeoutMs`.
 */
export async function createSessions(port: number, count: number, concurrency = 8, timeoutMs = 120_000): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = Date.now() + timeoutMs;
  const cookies: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      if (Date.now() > deadline) throw new Error(`creating ${count} sessions on port ${port} took over ${timeoutMs} ms`);
      next++;
      const reply = await get(port, '/login', null, agent);
      if (reply.status !== 200 || reply.setCookies.length === 0) {
        throw new Error(`/login on port ${port} answered ${reply.status} with ${reply.setCookies.length} Set-Cookie lines`);
      }
      cookies.push(cookieHeaderFrom(reply.setCookies));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return cookies;
}
