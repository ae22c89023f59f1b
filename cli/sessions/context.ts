/**
 * What every `sessions` subcommand gets: the open store, the streams, the output mode and
 * one `now` for the whole command (every expiry decision of one run uses the same instant).
 * @module
 */
import type { Io, Style } from '../io.ts';
import type { OpenStore } from './open.ts';

/** The context of one `sessions` subcommand run. */
export interface SessionsContext {
  io: Io;
  open: OpenStore;
  /** `--json`: one JSON document on stdout instead of tables. */
  json: boolean;
  style: Style;
  /** The instant the command runs at, epoch ms (the real clock: stores compare it with `expires_at`). */
  now: number;
}

/** Bytes of a stored session's data (UTF-8). */
export const sizeOf = (data: string) => Buffer.byteLength(data, 'utf8');
