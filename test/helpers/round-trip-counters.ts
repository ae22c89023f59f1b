/**
 * Counters around real clients, for counting what one request costs a store: Redis commands
 * (ioredis `sendCommand`, which every ioredis command goes through; node-redis `sendCommand`, the
 * only method the store calls), pg `Pool.query` calls, better-sqlite3 statement executions, and
 * session-store method calls (the memory store, which has no wire). Nothing is mocked: every
 * counted call goes on to the real client.
 */
import type { SessionStore } from '../../src/session/store.ts';
import type { SqliteDatabase, SqliteStatement } from '../../src/stores/sqlite.ts';

/** A running count and what was counted (for messages). */
export interface Counter {
  readonly count: number;
  /** Short labels of the counted calls, in order (e.g. `EVALSHA`, the first words of a statement). */
  readonly calls: readonly string[];
  reset(): void;
}

function counter(): Counter & { add(label: string): void } {
  const calls: string[] = [];
  return {
    get count() {
      return calls.length;
    },
    calls,
    reset: () => void calls.splice(0),
    add: (label: string) => void calls.push(label),
  };
}

/** Replaces `obj[method]` (an own property shadowing the prototype's) with a counting forwarder. */
function patch(obj: object, method: string, label: (args: unknown[]) => string, c: ReturnType<typeof counter>): void {
  const target = obj as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  target[method] = function (this: unknown, ...args: unknown[]) {
    c.add(label(args));
    return original.apply(this, args);
  };
}

const redisLabel = (x: unknown): string => {
  if (Array.isArray(x)) return String(x[0]);
  const name = (x as { name?: unknown } | null)?.name; // an ioredis Command
  return String(name ?? x);
};

/**
 * Counts every command an ioredis `Redis`/`Cluster` or node-redis client/cluster sends through it.
 * (node-redis cluster: `sendCommand(firstKey, isReadonly, args)`; client: `sendCommand(args)`.)
 */
export function countRedisCommands(client: object): Counter {
  const c = counter();
  patch(client, 'sendCommand', (args) => redisLabel(args.find((a) => Array.isArray(a) || (typeof a === 'object' && a !== null)) ?? args[0]), c);
  return c;
}

/** Counts every `query` of a pg Pool (each is one round trip on a pooled connection). */
export function countPgQueries(pool: object): Counter {
  const c = counter();
  patch(pool, 'query', (args) => {
    const q = args[0] as { text?: string } | string;
    return (typeof q === 'string' ? q : (q.text ?? '')).split(/\s+/).slice(0, 2).join(' ');
  }, c);
  return c;
}

/** A better-sqlite3 Database seen through a proxy that counts statement executions (`run`/`get`/`all`/`iterate`, `exec`). */
export function countSqliteStatements(db: SqliteDatabase): { db: SqliteDatabase; counter: Counter } {
  const c = counter();
  const statement = (stmt: SqliteStatement, sql: string): SqliteStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (prop === 'run' || prop === 'get' || prop === 'all' || prop === 'iterate') {
          return (...args: unknown[]) => {
            c.add(sql.split(/\s+/).slice(0, 2).join(' '));
            return fn.apply(target, args);
          };
        }
        return fn.bind(target);
      },
    });
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop === 'prepare') return (sql: string) => statement(target.prepare(sql), sql);
      if (prop === 'exec') {
        return (sql: string) => {
          c.add('exec');
          return target.exec(sql);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, counter: c };
}

/** A store whose every method call is counted (for the in-process memory store). */
export function countStoreCalls<S extends SessionStore>(store: S): { store: S; counter: Counter } {
  const c = counter();
  /** The synchronous forms (`sync`) are counted like the methods: `sync.get` is a store call like `get`. */
  const countedSync = store.sync === undefined ? undefined : countStoreCallsOn(store.sync, c);
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'sync') return countedSync;
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        c.add(String(prop));
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, counter: c };
}

/** `ops` with each function call recorded in `c` under its name. */
function countStoreCallsOn<O extends object>(ops: O, c: ReturnType<typeof counter>): O {
  return new Proxy(ops, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        c.add(`sync.${String(prop)}`);
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
