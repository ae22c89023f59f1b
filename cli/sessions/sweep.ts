/**
 * `tessera sessions sweep`: deletes expired entries on stores without native expiry.
 *
 * - SQLite, Postgres: the CLI counts the rows expired at the start (`expires_at <= now`), then
 *   deletes them in batches with the store's own statement through its own connection, so the
 *   progress shown is the real number of rows deleted so far, out of that count. Each batch is
 *   one short statement: the app keeps working meanwhile.
 * - Other stores with `deleteExpired` (memory): one call; the store reports only its total, so
 *   there is no progress to show, only the result.
 * - Redis: nothing to do, Redis expires entries itself.
 * @module
 */
import { count } from '../human.ts';
import { createProgress } from '../progress.ts';
import type { SessionsContext } from './context.ts';

/** Options of `sweep`. */
export interface SweepOptions {
  batchSize: number;
  quiet: boolean;
}

/** Runs `sweep`. */
export async function sweep(ctx: SessionsContext, options: SweepOptions): Promise<number> {
  const { open, now, io } = ctx;
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  let deleted: number;
  let batches = 0;
  let expiredAtStart: number | null = null;
  if (open.sql !== null) {
    const sql = open.sql;
    expiredAtStart = await sql.countExpired(now);
    const progress = createProgress(io, { label: 'sweep', unit: 'expired rows deleted', total: expiredAtStart, quiet: options.quiet });
    deleted = 0;
    for (;;) {
      const removed = await sql.deleteExpiredBatch(now, options.batchSize);
      batches++;
      deleted += removed;
      progress.update(deleted);
      if (removed < options.batchSize) break;
    }
    progress.finish(deleted);
  } else if (open.store.deleteExpired !== undefined) {
    if (!options.quiet && !ctx.json) io.err(`sweep: the ${open.kind} store deletes in one call and reports only its total`);
    deleted = await open.store.deleteExpired(now);
    batches = 1;
  } else {
    const why = open.kind.startsWith('redis') ? 'Redis expires entries natively' : `the ${open.kind} store has no deleteExpired`;
    if (ctx.json) io.out(JSON.stringify({ store: open.safeUrl, kind: open.kind, deleted: 0, seconds: 0, swept: false, reason: why }));
    else io.out(`nothing to sweep: ${why} (${open.safeUrl})`);
    return 0;
  }
  const took = seconds();
  if (ctx.json) {
    io.out(JSON.stringify({ store: open.safeUrl, kind: open.kind, now, swept: true, deleted, expiredAtStart, batches, batchSize: open.sql === null ? null : options.batchSize, seconds: took }));
  } else {
    io.out(`deleted ${count(deleted)} expired session${deleted === 1 ? '' : 's'} in ${took.toFixed(2)} s (${open.safeUrl})`);
  }
  return 0;
}
