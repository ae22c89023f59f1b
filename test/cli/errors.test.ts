/**
 * How the `tessera` executable fails: an unknown store scheme, an unreachable Redis or
 * Postgres, a missing database, a malformed argument. Each is one line on stderr and exit 2,
 * within a few seconds, with no stack trace (and no driver noise) unless --debug.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isOneLineError, lines, mapLimit, tessera } from './support.ts';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera errors', () => {
  test('store failures: one line, exit 2, in a few seconds, nothing created', async () => {
    const [redisPort, pgPort] = [await closedPort(), await closedPort()];
    const missing = join(dir, 'nope', 'sessions.db');
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['sessions', 'stats', '--store', 'ftp://example.com/x'], /unknown scheme ftp: .*use one of memory:, sqlite:/],
      [['sessions', 'list', '--store', `redis://127.0.0.1:${redisPort}`], new RegExp(`the store at redis://127\\.0\\.0\\.1:${redisPort} failed \\(is the server up`)],
      [['sessions', 'stats', '--store', `postgres://postgres:hunter2@127.0.0.1:${pgPort}/test`], new RegExp(`postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${pgPort}/test failed: .*ECONNREFUSED`)],
      [['sessions', 'show', 'A'.repeat(43), '--store', `sqlite:${missing}`], /no SQLite database at .*nope\/sessions\.db/],
      [['sessions', 'sweep'], /no SQLite database at .*sessions\.db/, { SESSION_STORE_URL: `sqlite:${missing}` }],
      [['sessions', 'stats', '--store', 'not a url'], /store URL: not a url is not a valid URL/],
    ];
    const results = await mapLimit(cases, 3, ([args, , env]) => tessera(args, env));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(isOneLineError(r.stderr), `one line, no stack, no driver noise: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.ok(r.ms < 10_000, `failed within seconds (${Math.round(r.ms)} ms)`);
    });
    assert.equal(existsSync(missing), false, 'no database created at a mistyped path');
    const byDefault = await tessera(['sessions', 'stats'], {}, { cwd: dir });
    assert.equal(byDefault.status, 2);
    assert.equal(byDefault.stderr, 'tessera sessions stats: no SQLite database at ./data/sessions.db; give --store or set SESSION_STORE_URL (the sessions commands never create one)\n');
    assert.equal(existsSync(join(dir, 'data')), false);
    assert.doesNotMatch(results[2]!.stderr, /hunter2/, 'passwords never printed');
  });

  test('a server that accepts connections and never answers: exit 2 within the timeout', async () => {
    // A black hole: TCP accepted, nothing ever said back (a frozen server, a dead proxy).
    const sockets = new Set<Socket>();
    const hole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const { port } = hole.address() as { port: number };
    try {
      const results = await Promise.all([
        tessera(['sessions', 'stats', '--store', `redis://127.0.0.1:${port}?timeoutMs=1000`]),
        tessera(['sessions', 'list', '--store', `postgres://postgres@127.0.0.1:${port}/test?timeoutMs=1000`]),
      ]);
      for (const r of results) {
        assert.equal(r.status, 2, r.stderr);
        assert.ok(isOneLineError(r.stderr), r.stderr);
        assert.match(r.stderr, /failed/);
        assert.ok(r.ms < 8000, `failed within seconds (${Math.round(r.ms)} ms)`);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    }
  });

  test('--debug adds the stack of an unexpected failure', async () => {
    const r = await tessera(['sessions', 'stats', '--store', `postgres://postgres@127.0.0.1:${await closedPort()}/test`, '--debug']);
    assert.equal(r.status, 2);
    assert.match(lines(r.stderr)[0]!, /^tessera sessions stats: the store at .* failed/);
    assert.match(r.stderr, /\n\s+at /);
  });

  test('malformed arguments: one line, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['sessions', 'list', '--store', 'memory:', '--limit', '0'], /--limit must be a whole number from 1 to 10000/],
      [['sessions', 'sweep', '--store', 'memory:', '--batch-size', 'x'], /--batch-size must be a whole number/],
      [['sessions', 'frob'], /unknown subcommand "frob"; one of: stats, list, show, revoke, revoke-user, sweep/],
      [['sessions', 'show', '--store', 'memory:'], /sessions show takes exactly TOKEN-OR-KEY, got none/],
      [['sessions', 'show', 'a b', '--store', 'memory:'], /TOKEN-OR-KEY must be a session cookie token or a store key/],
      [['sessions', 'stats', '--store', 'memory:', '--bogus'], /Unknown option '--bogus'/],
      [['sessions', 'list', '--store', 'memory:', '--user', 'u', '--cursor', 'c'], /give one of them/],
      [['nope'], /^tessera: unknown command "nope"/],
    ];
    const results = await mapLimit(cases, 4, ([args]) => tessera(args));
    results.forEach((r, i) => {
      assert.equal(r.status, 2, cases[i]![0].join(' '));
      assert.match(r.stderr, cases[i]![1]);
      assert.equal(lines(r.stderr).length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  });

  test('help: the top level and every command, exit 0; bare `sessions` prints its usage, exit 2', async () => {
    const runs = [['--help'], ['keygen', '--help'], ['inspect-set-cookie', '--help'], ['sessions', '--help'], ['sessions', 'sweep', '--help'], ['sessions']];
    const results = await mapLimit(runs, 3, (args) => tessera(args));
    results.slice(0, 5).forEach((r, i) => {
      assert.equal(r.status, 0, runs[i]!.join(' '));
      assert.match(r.stdout, /^usage: tessera /);
    });
    assert.match(results[0]!.stdout, /keygen.*\n.*decode.*\n.*encode.*\n.*inspect-set-cookie.*\n.*sessions/);
    assert.equal(results[5]!.status, 2);
    assert.match(results[5]!.stdout, /stats .*\n[\s\S]*revoke-user/);
  });

  test('the memory: store: an empty store, swept in one call', async () => {
    const r = await tessera(['sessions', 'sweep', '--store', 'memory:']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^deleted 0 expired sessions in \d+\.\d\d s \(memory:\)$/m);
    assert.match(r.stderr, /reports only its total/);
  });
});
