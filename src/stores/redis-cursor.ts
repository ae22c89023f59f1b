/**
 * The Redis store's `list` cursor: opaque to callers (base64url JSON), checked when it comes back.
 * @module
 */
/** Where `list` stopped: the node, its SCAN cursor, and keys SCAN returned beyond the page. */
export type ListCursor = [node: string | null, scan: string, pending: string[]];
/** The opaque (base64url) form of a cursor. */
export const encodeCursor = (c: ListCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
/** The cursor `encodeCursor` made; throws TypeError for anything else. */
export function decodeCursor(cursor: string): ListCursor {
  let c: unknown = null;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    // not JSON: rejected below
  }
  const [node, scan, pending] = Array.isArray(c) ? (c as unknown[]) : [];
  const isKeys = (x: unknown): x is string[] => Array.isArray(x) && x.every((k) => typeof k === 'string');
  if ((node === null || typeof node === 'string') && typeof scan === 'string' && isKeys(pending)) return [node, scan, pending];
  throw new TypeError('redis store: list cursor is not one this store returned');
}
