/**
 * The demo's two static files, read once at start-up and served with a strong ETag: the
 * stylesheet and the small script (theme-independent; it only shows what `document.cookie` sees).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

function load(name: string, type: string): StaticFile {
  const body = readFileSync(new URL(`./public/${name}`, import.meta.url));
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** Creates the handler; it answers for `/style.css` and `/app.js` and returns false for any other path. */
export function createStaticFiles(): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const files = new Map<string, StaticFile>([
    ['/style.css', load('style.css', 'text/css; charset=utf-8')],
    ['/app.js', load('app.js', 'text/javascript; charset=utf-8')],
  ]);
  return (req, res, path) => {
    const file = files.get(path);
    if (file === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const headers = { 'content-type': file.type, etag: file.etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (req.headers['if-none-match'] === file.etag) res.writeHead(304, headers).end();
    else res.writeHead(200, { ...headers, 'content-length': file.body.length }).end(req.method === 'HEAD' ? undefined : file.body);
    return true;
  };
}
