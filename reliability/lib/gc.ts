/**
 * A full garbage collection on demand, for memory measurements: `globalThis.gc` when the
 * process runs with --expose-gc, otherwise V8's flag set at run time and the function fetched
 * from a fresh context (the documented V8 way; it changes nothing else).
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc = (globalThis as { gc?: () => void }).gc;

/** Runs a full, synchronous garbage collection. */
export function forceGc(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
