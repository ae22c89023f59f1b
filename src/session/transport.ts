/**
 * The transport rule (SR-46): a session cookie marked `Secure` is never issued on a request the
 * adapter saw arrive over plain HTTP, unless the host is a loopback one (browsers treat
 * `http://localhost` and `http://127.0.0.1` as secure contexts and keep `Secure` cookies there).
 *
 * Adapters describe the transport in the RequestContext (`secure`, `host`) without trusting
 * proxy headers unless told to; a context without `secure` is "unknown" and never refused. The
 * manager asks {@link createTransportGuard}'s guard twice per commit, both times only when the
 * request is known plain HTTP: before any I/O (a commit that changes the session), and on the
 * lines produced (a read-only commit that re-issues the cookie). Everything here is skipped on
 * HTTPS and unknown transports, so the per-request cost is one property read.
 * @module
 */
import { InsecureTransportError } from '../errors.ts';
import type { SessionControl } from './session.ts';

/** How a request arrived, as the adapter sees it (part of RequestContext). */
export interface RequestTransport {
  /**
   * True: HTTPS; false: plain HTTP; absent: the adapter cannot tell (then nothing is refused).
   * Proxy headers (`X-Forwarded-Proto`, `Forwarded`) count only when the adapter trusts the proxy.
   */
  secure?: boolean | undefined;
  /**
   * The host the client addressed (`Host` header or the URL's host, port allowed, IPv6 in
   * brackets), for the loopback exception. Read only when `secure` is false; adapters may omit it
   * otherwise. Absent with `secure: false`: not loopback.
   */
  host?: string | undefined;
}

/** `a.b.c.d` with every part 0–255 and the first 127. */
function isLoopbackV4(name: string): boolean {
  const parts = name.split('.');
  if (parts.length !== 4 || parts[0] !== '127') return false;
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** `::1` in any spelling (`0:0:0:0:0:0:0:1`, `::0:1`, leading zeros). */
function isLoopbackV6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : [];
  if (halves.length === 2 && head.length + tail.length > 7) return false; // '::' stands for at least one group
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return false;
  return groups.every((g, i) => parseInt(g, 16) === (i === 7 ? 1 : 0));
}

/** `localhost` and `127.0.0.1`, with an optional port: checked first. */
const COMMON_LOOPBACK = /^(?:localhost|127\.0\.0\.1)(?::\d*)?$/;

/**
 * Whether `host` (a Host header value or a URL's host: name or address, optional `:port`) is a
 * loopback host a browser treats as a secure context: `localhost`, `*.localhost`, `127.0.0.0/8`,
 * `[::1]`. Case-insensitive; a trailing dot is allowed. Anything malformed is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  if (COMMON_LOOPBACK.test(host)) return true; // no allocation for the usual development hosts
  let name = host.toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    if (end === -1 || !/^(:\d*)?$/.test(name.slice(end + 1))) return false;
    return isLoopbackV6(name.slice(1, end));
  }
  const colon = name.indexOf(':');
  if (colon !== -1) {
    if (!/^\d*$/.test(name.slice(colon + 1))) return false;
    name = name.slice(0, colon);
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackV4(name);
}

/**
 * Whether `transport` is known plain HTTP to a host that is not loopback: the requests on which
 * a `Secure` session cookie must not be issued (SR-46). Null or an unknown transport: false.
 */
export function isPlainHttp(transport: RequestTransport | null): boolean {
  return transport !== null && transport.secure === false && !(transport.host !== undefined && isLoopbackHost(transport.host));
}

/** The two checks of a commit; see {@link createTransportGuard}. */
export interface TransportGuard {
  /**
   * Before any I/O (the session loaded): throws InsecureTransportError when the request is
   * known plain HTTP and the commit changes the session (a write, regenerate, persist, a flash
   * read): such a commit issues or could issue the cookie, and nothing has been written yet.
   * A destroy, which only clears the cookie, passes.
   */
  beforeWrite(control: SessionControl): void;
  /**
   * On the commit's Set-Cookie lines: throws InsecureTransportError when the request is known
   * plain HTTP and a line sets (does not clear) the session cookie, e.g. a read-only request
   * whose activity or key rotation re-issues it. Server mode may already have recorded that
   * activity (the entry's expiry); the session's data was not written.
   */
  beforeSend(control: SessionControl, lines: readonly string[]): void;
}

/** A clearing line has an empty value (`name=; Max-Age=0; ...`); a setting line never does (tokens are never empty). */
const setsCookie = (line: string) => line.charCodeAt(line.indexOf('=') + 1) !== 59; /* ; */

/**
 * The guard for a manager's session cookie, or null when nothing is ever refused: a cookie
 * configured `secure: false` (explicit, SR-21's development escape), or `allowInsecureTransport`.
 */
export function createTransportGuard(cookie: { name: string; secure: boolean }, allowInsecureTransport: boolean): TransportGuard | null {
  if (!cookie.secure || allowInsecureTransport) return null;
  const refuse = (control: SessionControl) => new InsecureTransportError(cookie.name, control.context?.host);
  return {
    beforeWrite(control) {
      if (control.destroyed || (control.ops.length === 0 && control.regenerate === null)) return;
      if (isPlainHttp(control.context)) throw refuse(control);
    },
    beforeSend(control, lines) {
      if (lines.length === 0 || !isPlainHttp(control.context)) return;
      if (lines.some(setsCookie)) throw refuse(control);
    },
  };
}
