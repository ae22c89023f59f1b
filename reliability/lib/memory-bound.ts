/**
 * The memory store under a flood of distinct visitors: each visitor is a new session, created
 * through the session manager as a request would create it (load without a cookie, set, commit),
 * against a memory store bounded by `maxEntries`. Checks that the store never holds more than
 * its bound and that memory stays flat once the store is full. In-process, without HTTP: the
 * HTTP path adds nothing the store keeps, and a million requests would take too long.
 * @module
 */
import { createSessionManager } from '../../src/session/index.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { forceGc } from './gc.ts';

/** One memory sample, taken after a full GC. */
export interface MemorySample {
  visitors: number;
  size: number;
  heapUsed: number;
  rss: number;
}

/** What {@link memoryBound} measured. */
export interface MemoryBoundResult {
  visitors: number;
  maxEntries: number;
  /** The most entries the store held after any commit. */
  maxSize: number;
  evictions: number;
  /** Taken after warm-up (the store full twice over and a tenth of the visitors), then at every sample point. */
  samples: MemorySample[];
  seconds: number;
}

/** Options of {@link memoryBound}. */
export interface MemoryBoundOptions {
  visitors: number;
  maxEntries: number;
  /** Samples taken after warm-up, evenly spaced (default 10). */
  samples?: number;
  /** Called with each sample as it is taken. */
  onSample?: (sample: MemorySample) => void;
}

const sample = (visitors: number, size: number): MemorySample => {
  forceGc();
  const m = process.memoryUsage();
  return { visitors, size, heapUsed: m.heapUsed, rss: m.rss };
};

/** Runs `visitors` new sessions into a memory store bounded by `maxEntries`. */
export async function memoryBound(options: MemoryBoundOptions): Promise<MemoryBoundResult> {
  const { visitors, maxEntries } = options;
  let evictions = 0;
  const store = createMemoryStore({ maxEntries, onEvict: () => void evictions++ });
  const manager = createSessionManager({ store });
  // Warm-up: until the store is full twice over and a tenth of the visitors have passed (the heap and the allocator settle).
  const warmUp = Math.min(visitors, Math.max(2 * maxEntries, Math.floor(visitors / 10)));
  const every = Math.max(1, Math.floor((visitors - warmUp) / (options.samples ?? 10)));
  const samples: MemorySample[] = [];
  const take = (n: number) => {
    const s = sample(n, store.size);
    samples.push(s);
    options.onSample?.(s);
  };
  let maxSize = 0;
  const started = performance.now();
  for (let i = 1; i <= visitors; i++) {
    const session = manager.load(null);
    session.set('counter', i);
    session.set('visitor', `visitor-${i}`);
    await manager.commit(session);
    if (store.size > maxSize) maxSize = store.size;
    if (i === warmUp || (i > warmUp && (i - warmUp) % every === 0)) take(i);
  }
  if (samples.at(-1)?.visitors !== visitors) take(visitors);
  return { visitors, maxEntries, maxSize, evictions, samples, seconds: (performance.now() - started) / 1000 };
}
