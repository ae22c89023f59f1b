/**
 * The lost-update experiment: on ONE session, 100 parallel requests each set their own key
 * (`/set?k=key17`), each on its own connection; then `/count` says how many of the 100 keys
 * the session kept. A session library that loads, changes and saves the whole session loses
 * the keys of every request that saved after another one loaded.
 * @module
 */
import { cookieHeaderFrom, get } from './client.ts';

/** One trial: keys kept out of `parallel`, and the status codes of the parallel requests. */
export interface LostUpdateTrial {
  kept: number;
  statuses: Record<string, number>;
}

/** Runs `trials` trials on the server at `port`, a new session each. Every request times out after 30 s. */
export async function lostUpdateTrials(port: number, trials: number, parallel = 100): Promise<LostUpdateTrial[]> {
  const out: LostUpdateTrial[] = [];
  for (let t = 0; t < trials; t++) {
    const login = await get(port, '/login', null, false);
    if (login.status !== 200 || login.setCookies.length === 0) throw new Error(`/login on port ${port} answered ${login.status}`);
    const cookie = cookieHeaderFrom(login.setCookies);
    const statuses: Record<string, number> = {};
    const replies = await Promise.allSettled(
      Array.from({ length: parallel }, (_, i) => get(port, `/set?k=key${i}`, cookie, false, 30_000)),
    );
    for (const r of replies) {
      const key = r.status === 'fulfilled' ? String(r.value.status) : 'error';
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const count = await get(port, '/count', cookie, false);
    if (count.status !== 200) throw new Error(`/count on port ${port} answered ${count.status}`);
    out.push({ kept: Number(count.body), statuses });
  }
  return out;
}
