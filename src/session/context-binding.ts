/**
 * Context binding as a signal (SR-49, option `contextBinding`): what a new session records of
 * the request (user agent, IP) and how a later request's context is compared with it. The
 * result is only ever reported (`context-changed`), never used to refuse a session: user agents
 * and IPs change legitimately and are trivially copied by whoever stole a cookie.
 * @module
 */
import type { ContextField } from './events.ts';
import type { SessionMeta } from './state.ts';

/** The client facts of a request (an adapter's RequestContext; a getter may stand for each). */
export type ClientFacts = { readonly userAgent?: string | undefined; readonly ip?: string | undefined };

/** Longest user agent or IP kept, in characters: a huge header must not blow up a cookie-mode session (SR-25). */
const MAX_FIELD_LENGTH = 512;

const clip = (value: string) => (value.length > MAX_FIELD_LENGTH ? value.slice(0, MAX_FIELD_LENGTH) : value);

/**
 * What a new session records of `context`: its user agent and IP (other fields, such as the
 * transport, are not kept), each cut to 512 characters; null when it has neither.
 */
export function contextToRecord(context: ClientFacts | null): SessionMeta | null {
  if (context === null) return null;
  const meta: SessionMeta = {};
  if (typeof context.userAgent === 'string') meta.userAgent = clip(context.userAgent);
  if (typeof context.ip === 'string') meta.ip = clip(context.ip);
  return meta.userAgent === undefined && meta.ip === undefined ? null : meta;
}

/**
 * The recorded fields that `context` does not match, or null when none differ (also when
 * nothing was recorded). A field recorded but absent from the request counts as changed, so
 * leaving out a header does not hide a change; a field never recorded is not compared.
 */
export function changedContext(recorded: SessionMeta | null, context: ClientFacts | null): ContextField[] | null {
  if (recorded === null) return null;
  let changed: ContextField[] | null = null;
  if (recorded.userAgent !== undefined && (typeof context?.userAgent !== 'string' || clip(context.userAgent) !== clip(recorded.userAgent))) {
    changed = ['userAgent'];
  }
  if (recorded.ip !== undefined && (typeof context?.ip !== 'string' || clip(context.ip) !== clip(recorded.ip))) {
    (changed ??= []).push('ip');
  }
  return changed;
}
