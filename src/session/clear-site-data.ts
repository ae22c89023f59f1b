/**
 * `Clear-Site-Data` on logout (SR-20): the option's types and its header value, validated once
 * at start-up. W3C Clear Site Data §3.1: the header is a comma-separated list of quoted strings,
 * e.g. `"cookies", "cache"`; browsers ignore unknown types and act only on secure (HTTPS) responses.
 * @module
 */
import { ConfigError } from '../errors.ts';

/**
 * What a browser clears (W3C Clear Site Data §3.1):
 * - `cookies`: every cookie of the response's **registrable domain** (`example.com` and all its
 *   subdomains: other apps' cookies too, not only the session's), and HTTP authentication credentials;
 * - `cache`: the HTTP cache (and, in some browsers, the back/forward cache) for the origin;
 * - `storage`: DOM storage of the origin (localStorage, IndexedDB, service workers...);
 * - `executionContexts`: reloads the origin's open documents;
 * - `clientHints`: the origin's stored Client Hints;
 * - `*`: every type, present and future.
 */
export type ClearSiteDataType = 'cookies' | 'cache' | 'storage' | 'executionContexts' | 'clientHints' | '*';

const TYPES: ReadonlySet<string> = new Set<ClearSiteDataType>(['cookies', 'cache', 'storage', 'executionContexts', 'clientHints', '*']);

/**
 * The `Clear-Site-Data` header value for `option` (`'"cookies", "cache"'`), or null for `false`
 * or undefined. Throws ConfigError (naming `option`) for anything but `false` or a non-empty list
 * of distinct known types.
 */
export function clearSiteDataHeader(option: false | readonly ClearSiteDataType[] | undefined, name: string): string | null {
  if (option === undefined || option === false) return null;
  if (!Array.isArray(option) || option.length === 0) {
    throw new ConfigError(name, `must be false or a non-empty list such as ['cookies', 'cache'], got ${String(option)}`);
  }
  const seen = new Set<string>();
  for (const type of option as readonly unknown[]) {
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new ConfigError(name, `${String(type)} is not a Clear-Site-Data type; use 'cookies', 'cache', 'storage', 'executionContexts', 'clientHints' or '*'`);
    }
    if (seen.has(type)) throw new ConfigError(name, `lists '${type}' twice`);
    seen.add(type);
  }
  return option.map((type) => `"${type}"`).join(', ');
}
