/**
 * Load on the demo with autocannon, recording every response: when it completed, its status and
 * latency, and whether it was a read (`GET /cart`) or a write (`POST /cart/add` of honey). Each
 * request goes to a random shopper's session; three reads to one write. A request that gets no
 * answer within `hangAfterSeconds`, or a broken connection, is recorded as status 0.
 * @module
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { addToCartRequest, type Shopper } from './faults-shoppers.ts';

/** One finished request. */
export interface Sample {
  /** Completion time, `performance.now()` milliseconds. */
  at: number;
  /** HTTP status; 0 for a request that failed without one (timeout, connection error). */
  status: number;
  latencyMs: number;
  kind: 'read' | 'write' | 'unknown';
  /** For status 0: what happened. */
  error?: string;
}

/** Options of {@link startLoad}. */
export interface LoadOptions {
  /** The demo's base URL. */
  url: string;
  shoppers: readonly Shopper[];
  connections: number;
  /** autocannon's per-request timeout: a request unanswered this long counts as a hang. */
  hangAfterSeconds: number;
}

/** Running load. */
export interface Load {
  readonly samples: Sample[];
  /** Stops it; resolves once autocannon has finished (in-flight requests are abandoned, not counted). */
  stop(): Promise<void>;
}

type RequestSpec = {
  method: string;
  path: string;
  setupRequest(req: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown>;
  onResponse(status: number, body: string, context: Record<string, unknown>): void;
};
type Instance = EventEmitter & PromiseLike<unknown> & { stop(): void };
type Autocannon = (options: Record<string, unknown>) => Instance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Starts the load; it runs until `stop()`. */
export function startLoad(options: LoadOptions): Load {
  const { url, shoppers } = options;
  const samples: Sample[] = [];
  const pick = () => shoppers[Math.floor(Math.random() * shoppers.length)]!;
  // onResponse (per request, knows the kind) runs synchronously just before the instance's
  // 'response' event (knows the latency), so the kind is handed over through this variable.
  let lastKind: Sample['kind'] = 'unknown';
  const read: RequestSpec = {
    method: 'GET',
    path: '/cart',
    setupRequest: (req, context) => {
      context.kind = 'read';
      return { ...req, headers: { cookie: pick().cookie } };
    },
    onResponse: (_status, _body, context) => void (lastKind = context.kind as Sample['kind']),
  };
  const write: RequestSpec = {
    method: 'POST',
    path: '/cart/add',
    setupRequest: (req, context) => {
      context.kind = 'write';
      return { ...req, ...addToCartRequest(url, pick(), 'honey') };
    },
    onResponse: read.onResponse,
  };
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: 3600,
    timeout: options.hangAfterSeconds,
    requests: [read, read, read, write],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, latencyMs: number) => {
    samples.push({ at: performance.now(), status, latencyMs, kind: lastKind });
    lastKind = 'unknown';
  });
  instance.on('reqError', (error: Error) => {
    const timedOut = error.message === 'request timed out';
    samples.push({ at: performance.now(), status: 0, latencyMs: timedOut ? options.hangAfterSeconds * 1000 : 0, kind: 'unknown', error: error.message });
  });
  const done = Promise.resolve(instance).then(() => {});
  return {
    samples,
    stop: async () => {
      instance.stop();
      await done;
    },
  };
}
