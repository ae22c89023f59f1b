#!/usr/bin/env node
/**
 * The `tessera` executable: runs {@link main} on the process's arguments and exits with its status.
 * @module
 */
import { main } from './main.ts';

process.exitCode = main(process.argv.slice(2));
