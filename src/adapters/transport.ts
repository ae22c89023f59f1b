/**
 * Internal: how the adapters learn a request's transport for SR-46 (the RequestContext's
 * `secure` and `host`). Proxy headers are read only when the application says a proxy is
 * trusted; otherwise the connection (node:http) or the request URL (Web, Hono) tells.
 *
 * Of several proxies' values the last one is used: the nearest proxy's, the one the application
 * trusts (an earlier value may come from the client). Fastify does the same; Express and Koa,
 * which read their own settings, take the first.
 * @module
 */
import type { RequestContext } from '../session/manager.ts';

/** The last comma-separated element of a header value (commas inside quoted strings do not count), trimmed. */
function lastElement(value: string): string {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) {
      quoted = true;
    } else if (c === 44 /* , */) {
      start = i + 1;
    }
  }
  return value.slice(start).trim();
}

/** The value of parameter `name` (lower case) in one `Forwarded` element (`for=...;proto=https;host=...`), unquoted. */
function forwardedParameter(element: string, name: string): string | undefined {
  let i = 0;
  while (i < element.length) {
    const eq = element.indexOf('=', i);
    if (eq === -1) return undefined;
    const key = element.slice(i, eq).trim().toLowerCase();
    let value = '';
    let j = eq + 1;
    if (element.charCodeAt(j) === 34 /* " */) {
      for (j++; j < element.length && element.charCodeAt(j) !== 34; j++) {
        if (element.charCodeAt(j) === 92 /* \ */) j++;
        value += element.charAt(j);
      }
      const semi = element.indexOf(';', j);
      i = semi === -1 ? element.length : semi + 1;
    } else {
      const semi = element.indexOf(';', j);
      value = element.slice(j, semi === -1 ? element.length : semi).trim();
      i = semi === -1 ? element.length : semi + 1;
    }
    if (key === name) return value;
  }
  return undefined;
}

/**
 * The scheme the nearest proxy reports: `proto` of the last element of `Forwarded` (RFC 7239
 * §5.4), else the last value of `X-Forwarded-Proto`; undefined when neither says. For adapters
 * whose application trusts its proxy.
 */
export function forwardedProto(forwarded: string | null | undefined, xForwardedProto: string | null | undefined): string | undefined {
  const fromForwarded = forwarded ? forwardedParameter(lastElement(forwarded), 'proto') : undefined;
  if (fromForwarded) return fromForwarded;
  const last = xForwardedProto ? lastElement(xForwardedProto) : '';
  return last === '' ? undefined : last;
}

/**
 * The host the nearest proxy reports: `host` of the last element of `Forwarded` (RFC 7239
 * §5.3), else the last value of `X-Forwarded-Host`; undefined when neither says.
 */
export function forwardedHost(forwarded: string | null | undefined, xForwardedHost: string | null | undefined): string | undefined {
  const fromForwarded = forwarded ? forwardedParameter(lastElement(forwarded), 'host') : undefined;
  if (fromForwarded) return fromForwarded;
  const last = xForwardedHost ? lastElement(xForwardedHost) : '';
  return last === '' ? undefined : last;
}

/** Whether a scheme a proxy reported is a secure one (`https`, `wss`; any case). */
export function isSecureScheme(scheme: string): boolean {
  const s = scheme.toLowerCase();
  return s === 'https' || s === 'wss';
}

/**
 * Sets the transport a trusted proxy reports on `context` (`secure`, and on plain HTTP the
 * `host` the proxy names, if any) and returns true; returns false, leaving `context` unchanged,
 * when the proxy sent neither `Forwarded: proto=` nor `X-Forwarded-Proto`. A caller whose
 * context then has `secure: false` and no `host` adds the Host the connection carried.
 */
export function setForwardedTransport(
  context: RequestContext,
  forwarded: string | null | undefined,
  xForwardedProto: string | null | undefined,
  xForwardedHost: string | null | undefined,
): boolean {
  const proto = forwardedProto(forwarded, xForwardedProto);
  if (proto === undefined) return false;
  const secure = isSecureScheme(proto);
  context.secure = secure;
  if (!secure) {
    const host = forwardedHost(forwarded, xForwardedHost);
    if (host !== undefined) context.host = host;
  }
  return true;
}

/** The host (with port) of an absolute URL string, without parsing the rest. */
function hostOfUrl(url: string): string | undefined {
  const start = url.indexOf('//');
  if (start === -1) return undefined;
  let end = start + 2;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  return url.slice(start + 2, end);
}

/**
 * Sets `context.secure` (and `context.host` on plain HTTP) for a Web `Request`: from a trusted
 * proxy's headers when `trusted` is given and they say, else from `url`'s scheme (`https:` or
 * `http:`; any other leaves the transport unknown). Allocates nothing on HTTPS.
 */
export function setUrlTransport(context: RequestContext, url: string, trusted: Headers | null): void {
  if (trusted !== null && setForwardedTransport(context, trusted.get('forwarded'), trusted.get('x-forwarded-proto'), trusted.get('x-forwarded-host'))) {
    if (context.secure === false && context.host === undefined) {
      const host = hostOfUrl(url);
      if (host) context.host = host;
    }
    return;
  }
  if (url.startsWith('https:')) {
    context.secure = true;
  } else if (url.startsWith('http:')) {
    context.secure = false;
    const host = hostOfUrl(url);
    if (host) context.host = host;
  }
}
