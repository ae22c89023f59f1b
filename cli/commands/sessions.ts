/**
 * `tessera sessions stats|list|show|revoke|revoke-user|sweep [--store URL] [--json]`: the
 * server-side sessions of a store, for operators. The store is `--store`, else
 * `$SESSION_STORE_URL`, else `sqlite:./data/sessions.db`. Every subcommand opens the store,
 * does one thing and closes it; an unreachable server fails within the operation timeout.
 * @module
 */
import { ConfigError, StoreError } from '../../src/errors.ts';
import { integer, parseCommand } from '../args.ts';
import { describeError, OutcomeError } from '../errors.ts';
import { styleFor, type Io } from '../io.ts';
import type { SessionsContext } from '../sessions/context.ts';
import { list } from '../sessions/list.ts';
import { DEFAULT_STORE_URL, DEFAULT_TIMEOUT_MS, openStore, storeUrl, type OpenStore, type StoreOpener } from '../sessions/open.ts';
import { revoke, revokeUser } from '../sessions/revoke.ts';
import { show } from '../sessions/show.ts';
import { stats } from '../sessions/stats.ts';
import { sweep } from '../sessions/sweep.ts';
import { UsageError } from '../usage-error.ts';

const STORE_HELP = `  --store URL   the store (default: $SESSION_STORE_URL, else ${DEFAULT_STORE_URL}):
                sqlite:PATH[?table=T], redis://[user:pass@]host:port[/db][?prefix=P],
                redis+cluster://host:port,host:port, postgres://user@host/db[?schema=S&table=T],
                memory: (an empty store in this process); network stores get
                ?timeoutMs=${DEFAULT_TIMEOUT_MS} unless the URL sets one
  --json        one JSON document on stdout (no tables, no colour)`;

/** Help text of `sessions`. */
export const SESSIONS_USAGE = `usage: tessera sessions <subcommand> [--store URL] [--json] [options]

  stats                         live sessions, users, data size; expired rows where the
                                store can tell (SQL stores)
  list [--limit N] [--cursor C] [--user USER_ID] [--wide]
                                one page of live sessions: key (cut to 16 characters unless
                                --wide), user, expiry, version, size; never the data
  show TOKEN-OR-KEY             one session decoded: created, last seen, user, expiry,
                                data as JSON, flash keys (a cookie token is hashed to its key)
  revoke TOKEN-OR-KEY           delete one session (exit 1 when there is none)
  revoke-user USER_ID [--except TOKEN-OR-KEY ...]
                                delete every session of a user but the --except ones
                                (needs the per-user index)
  sweep [--batch-size N] [--quiet]
                                delete expired entries (SQLite, Postgres, memory), with
                                progress on stderr: a bar on a terminal, lines otherwise

${STORE_HELP}

  exit status: 0 done; 1 no such session; 2 a bad command line or URL, a missing
  database or table, an unreachable server, a capability the store lacks`;

interface Subcommand {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  positionals: readonly string[];
  /** Whether the SQL access may delete (sweep). */
  write: boolean;
  run(ctx: SessionsContext, values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  stats: {
    usage: 'usage: tessera sessions stats [--store URL] [--json]',
    options: {},
    positionals: [],
    write: false,
    run: (ctx) => stats(ctx),
  },
  list: {
    usage: `usage: tessera sessions list [--store URL] [--limit N] [--cursor C] [--user USER_ID] [--wide] [--json]

  --limit N      sessions per page, 1 to 10000 (default 100); the next page's --cursor is
                 printed on stderr (in the JSON as "cursor"; null after the last page)
  --user ID      every live session of one user (per-user index), instead of a page
  --wide         full keys in the table`,
    options: { limit: { type: 'string' }, cursor: { type: 'string' }, user: { type: 'string' }, wide: { type: 'boolean' } },
    positionals: [],
    write: false,
    run: (ctx, v) =>
      list(ctx, {
        limit: v.limit === undefined ? 100 : integer(v.limit as string, '--limit', 1, 10_000),
        cursor: (v.cursor as string | undefined) ?? null,
        user: v.user as string | undefined,
        wide: v.wide === true,
      }),
  },
  show: {
    usage: `usage: tessera sessions show TOKEN-OR-KEY [--store URL] [--json]

  TOKEN-OR-KEY   the session cookie's value (43 characters; hashed with SHA-256 to the store
                 key, as server mode does), a name=value cookie pair, or a store key as
                 list prints it (--wide)`,
    options: {},
    positionals: ['TOKEN-OR-KEY'],
    write: false,
    run: (ctx, _v, [input]) => show(ctx, input!),
  },
  revoke: {
    usage: 'usage: tessera sessions revoke TOKEN-OR-KEY [--store URL] [--json]',
    options: {},
    positionals: ['TOKEN-OR-KEY'],
    write: false,
    run: (ctx, _v, [input]) => revoke(ctx, input!),
  },
  'revoke-user': {
    usage: `usage: tessera sessions revoke-user USER_ID [--except TOKEN-OR-KEY ...] [--store URL] [--json]

  --except S     keep this session (repeatable); refused unless it is a live session of the user`,
    options: { except: { type: 'string', multiple: true } },
    positionals: ['USER_ID'],
    write: false,
    run: (ctx, v, [userId]) => revokeUser(ctx, userId!, (v.except as string[] | undefined) ?? []),
  },
  sweep: {
    usage: `usage: tessera sessions sweep [--store URL] [--batch-size N] [--quiet] [--json]

  Deletes the entries expired now. SQLite and Postgres: counts them, then deletes them in
  batches through the table (the store's own statement), showing real progress on stderr:
  a bar on a terminal, else a line every second or every tenth. memory: one call, total
  only. Redis: nothing to do (native expiry).

  --batch-size N  rows per statement, 1 to 100000 (default 1000)
  --quiet         no progress, only the result`,
    options: { 'batch-size': { type: 'string' }, quiet: { type: 'boolean' } },
    positionals: [],
    write: true,
    run: (ctx, v) => sweep(ctx, { batchSize: v['batch-size'] === undefined ? 1000 : integer(v['batch-size'] as string, '--batch-size', 1, 100_000), quiet: v.quiet === true }),
  },
};

/** Options of {@link sessions} beyond the command line. */
export interface SessionsOptions {
  /** Opens the store (tests pass their own); default createStoreFromUrl. */
  openStore?: StoreOpener | undefined;
}

/** Runs `sessions`; resolves the exit status. Throws UsageError, OutcomeError, ConfigError, StoreError. */
export async function sessions(args: string[], io: Io, options: SessionsOptions = {}): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(SESSIONS_USAGE);
    return name === undefined ? 2 : 0;
  }
  const sub = SUBCOMMANDS[name];
  if (sub === undefined) throw new UsageError(`unknown subcommand ${JSON.stringify(name)}; one of: ${Object.keys(SUBCOMMANDS).join(', ')}`);
  const { values, positionals } = parseCommand(rest, { ...sub.options, store: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(`${sub.usage}\n\n${STORE_HELP}`);
    return 0;
  }
  if (positionals.length !== sub.positionals.length) {
    const wanted = sub.positionals.length === 0 ? 'no arguments' : `exactly ${sub.positionals.join(' ')}`;
    throw new UsageError(`sessions ${name} takes ${wanted}, got ${positionals.length === 0 ? 'none' : positionals.length}`);
  }
  const url = storeUrl(values.store as string | undefined, io.env);
  let open: OpenStore | null = null;
  try {
    open = await openStore(url, { write: sub.write, open: options.openStore });
    const ctx: SessionsContext = { io, open, json: values.json === true, style: styleFor(io), now: Date.now() };
    return await sub.run(ctx, values as Record<string, string | boolean | string[] | undefined>, positionals);
  } catch (error) {
    throw unavailable(error, open?.safeUrl ?? hidePassword(url));
  } finally {
    await open?.close();
  }
}

const hidePassword = (url: string) => url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');

/**
 * A failure of the store or its server, said with the store's URL (the driver's own message
 * rarely names it); mistakes in the command line and outcomes pass through unchanged.
 */
function unavailable(error: unknown, safeUrl: string): unknown {
  if (error instanceof UsageError || error instanceof OutcomeError || error instanceof ConfigError) return error;
  const hint = error instanceof StoreError ? ' (is the server up, and the URL right?)' : '';
  return new Error(`the store at ${safeUrl} failed${hint}: ${describeError(error)}`, { cause: error });
}
