/**
 * The lost-update experiment over real HTTP on loopback: on one session, 100 requests at once
 * (each on its own connection) each set their own key; then `/keys` says which of them the
 * session kept. A lost key is either *refused* (its request got an error reply, so the client
 * knows) or *silently lost* (its request got 200, yet the key is gone: the update that a
 * load-change-save session library loses). Same shape as the HTTP benchmark's experiment
 * (bench/http/lib/lost-update.ts), whose client this reuses; cookie mode has its own trial,
 * because there the session lives in the cookie the browser keeps.
 * @module
 */
import { cookieHeaderFrom, get, type Reply } from '../../bench/http/lib/client.ts';

/** Requests per trial: the experiment's keys are key0..key99. */
export const PARALLEL = 100;

/** One trial's outcome. */
export interface LostUpdateTrial {
  /** Keys the session kept, of {@link PARALLEL}. */
  kept: number;
  /** Keys whose request was answered 200 but which the session does not hold. */
  silentlyLost: number;
  /** Requests answered with an error (or that failed), whose key is not kept. */
  refused: number;
  /** Status codes of the parallel requests (`error` for a failed request). */
  statuses: Record<string, number>;
}

/** Sends the parallel `/set` requests with `cookie`; resolves each reply (or null when it failed), in key order. */
async function burst(port: number, cookie: string): Promise<Array<Reply | null>> {
  return Promise.all(Array.from({ length: PARALLEL }, (_, i) => get(port, `/set?k=key${i}`, cookie, false, 30_000).catch(() => null)));
}

function tally(replies: ReadonlyArray<Reply | null>, kept: ReadonlySet<string>): LostUpdateTrial {
  const statuses: Record<string, number> = {};
  let silentlyLost = 0;
  let refused = 0;
  replies.forEach((reply, i) => {
    const code = reply === null ? 'error' : String(reply.status);
    statuses[code] = (statuses[code] ?? 0) + 1;
    if (kept.has(`key${i}`)) return;
    if (reply?.status === 200) silentlyLost++;
    else refused++;
  });
  return { kept: kept.size, silentlyLost, refused, statuses };
}

async function keysOf(port: number, cookie: string): Promise<Set<string>> {
  const reply = await get(port, '/keys', cookie, false);
  if (reply.status !== 200) throw new Error(`/keys on port ${port} answered ${reply.status}`);
  return new Set(JSON.parse(reply.body) as string[]);
}

async function login(port: number): Promise<string> {
  const reply = await get(port, '/login', null, false);
  if (reply.status !== 200 || reply.setCookies.length === 0) throw new Error(`/login on port ${port} answered ${reply.status}`);
  return cookieHeaderFrom(reply.setCookies);
}

/** Runs `trials` server-mode trials against the app on `port`, each on a new session. Rejects when `/login` or `/keys` fails. */
export async function serverModeTrials(port: number, trials: number): Promise<LostUpdateTrial[]> {
  const out: LostUpdateTrial[] = [];
  for (let t = 0; t < trials; t++) {
    const cookie = await login(port);
    const replies = await burst(port, cookie);
    out.push(tally(replies, await keysOf(port, cookie)));
  }
  return out;
}

/** A cookie-mode trial: what the jar keeps, and how many distinct cookies the parallel replies carried. */
export interface CookieModeTrial {
  /** Keys the session in the jar's cookie holds. */
  kept: number;
  /** Distinct session cookies among the parallel replies (each carries the session as that request left it). */
  distinctCookies: number;
}

/**
 * One cookie-mode trial: after `/login`, {@link PARALLEL} parallel `/set` requests each get a
 * reply whose cookie holds the login's data plus that request's key only. A browser's jar keeps
 * the cookie of the reply it processed last; `/keys` with that cookie says what survived.
 */
export async function cookieModeTrial(port: number): Promise<CookieModeTrial> {
  const cookie = await login(port);
  const arrived: Reply[] = [];
  await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      get(port, `/set?k=key${i}`, cookie, false, 30_000).then(
        (reply) => void arrived.push(reply),
        () => {},
      ),
    ),
  );
  const withCookie = arrived.filter((r) => r.setCookies.length > 0);
  const last = withCookie.at(-1);
  const kept = last === undefined ? 0 : (await keysOf(port, cookieHeaderFrom(last.setCookies))).size;
  return { kept, distinctCookies: new Set(withCookie.map((r) => cookieHeaderFrom(r.setCookies))).size };
}

/** A range over trials. */
export interface Range {
  median: number;
  min: number;
  max: number;
}

/** Keys lost (refused + silently lost), silently lost, and refused per {@link PARALLEL} requests over trials. */
export interface LossSummary {
  trials: number;
  lost: Range;
  silentlyLost: Range;
  refused: Range;
  /** Status codes of all parallel requests over all trials. */
  statuses: Record<string, number>;
}

/** Median, minimum and maximum of `values` (NaN for none). */
export function range(values: readonly number[]): Range {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

/** Summarises trials. */
export function summarise(trials: readonly LostUpdateTrial[]): LossSummary {
  const statuses: Record<string, number> = {};
  for (const t of trials) for (const [code, n] of Object.entries(t.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    trials: trials.length,
    lost: range(trials.map((t) => PARALLEL - t.kept)),
    silentlyLost: range(trials.map((t) => t.silentlyLost)),
    refused: range(trials.map((t) => t.refused)),
    statuses,
  };
}

/** `median (min–max)`, or just the number when every trial agreed. */
export function formatRange(r: Range): string {
  return r.min === r.max ? String(r.median) : `${r.median} (${r.min}–${r.max})`;
}
