/**
 * Load through autocannon's programmatic API (no type declarations ship with it, so the part
 * used here is typed below): `connections` keep-alive connections against one app, each
 * request drawn at random from a mix of read-only and read-write requests on a pool of
 * existing sessions and first visits of new visitors.
 * @module
 */
import { createRequire } from 'node:module';

/** The request autocannon's `setupRequest` receives and returns. */
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** The parts of autocannon's result used here (latencies in milliseconds). */
export interface CannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: Array<CannonRequest & { setupRequest: (req: CannonRequest) => CannonRequest }>;
}) => PromiseLike<CannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The request mix: shares of first visits and read-write requests; the rest are read-only. */
export interface LoadMix {
  /** Share of requests that are a new visitor's first visit (`/login`, no cookie; creates a session). */
  newVisitors: number;
  /** Share of requests that change a pool session (`/rw`). */
  writes: number;
}

/** The default mix: 5 % new visitors, 20 % writes, 75 % reads. */
export const DEFAULT_MIX: LoadMix = { newVisitors: 0.05, writes: 0.2 };

/** Options of {@link runLoad}. */
export interface LoadOptions {
  port: number;
  /** Cookie headers of the session pool. */
  cookies: readonly string[];
  seconds: number;
  connections: number;
  mix?: LoadMix;
}

/**
 * Runs the mix against 127.0.0.1:`port` for `seconds` with `connections` connections. Every
 * request times out after 10 s (counted in `timeouts`).
 */
export function runLoad(options: LoadOptions): PromiseLike<CannonResult> {
  const { cookies } = options;
  const mix = options.mix ?? DEFAULT_MIX;
  const setupRequest = (req: CannonRequest): CannonRequest => {
    const r = Math.random();
    if (r < mix.newVisitors) return { ...req, method: 'GET', path: '/login', headers: {} };
    const cookie = cookies[Math.floor(Math.random() * cookies.length)]!;
    return { ...req, method: 'GET', path: r < mix.newVisitors + mix.writes ? '/rw' : '/ro', headers: { cookie } };
  };
  return autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [{ method: 'GET', path: '/ro', setupRequest }],
  });
}
