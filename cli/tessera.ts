#!/usr/bin/env node
/**
 * The `tessera` executable: runs {@link run} on the process's arguments and exits with its status.
 * @module
 */
import { run } from './run.ts';

const argv = process.argv.slice(2);

// A reader that stops early (`tessera keygen | head -1`) closes the pipe: end quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const status = await run(argv);
process.exitCode = status;
// Every store is closed by now, so the process normally ends at once; should a driver still
// hold a socket or a timer (a server that never answered), this ends it. Unref'd: it never
// delays a clean exit. Output is already written (stdout and stderr are synchronous on Linux).
setTimeout(() => process.exit(status), 200).unref();
