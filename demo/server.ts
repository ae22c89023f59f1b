/**
 * The demo (`npm start`): a node:http app showing cookies being set, read and deleted with
 * every attribute visible, a signed visit counter and a sealed note. It uses only tessera's
 * public subpaths. PORT (default 3000) and TESSERA_SECRETS (comma-separated; first is current)
 * configure it; without secrets, development generates one in ./data/secret.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CookieError, createCookie, parseCookieHeader, parseSetCookie, serializeClearingSetCookie, serializeSetCookie } from '../src/cookie/index.ts';
import { createKeyring } from '../src/crypto/index.ts';
import { loadSecrets } from './secrets.ts';
import { page, escapeHtml, attributeRows } from './html.ts';

const port = Number(process.env.PORT ?? 3000);
const keyring = createKeyring(loadSecrets().map((secret) => ({ secret })));

const visits = createCookie('__Host-visits', { mode: 'signed', keyring, maxAge: 30 * 86_400, httpOnly: true });
const note = createCookie('__Host-note', { mode: 'sealed', keyring, maxAge: 86_400 });

/** The Set-Cookie line the demo last sent for each cookie name, to show its attributes. */
const lastSet = new Map<string, string>();
/** Set-Cookie lines of recent POSTs, shown once on the page after the redirect (bounded). */
const recentLines = new Map<string, string[]>();

function remember(lines: string[]): string {
  const id = Math.random().toString(36).slice(2, 10);
  recentLines.set(id, lines);
  if (recentLines.size > 100) recentLines.delete(recentLines.keys().next().value as string);
  return id;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/** Refuses cross-site form posts: Sec-Fetch-Site or Origin must say same-origin. */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  return origin !== undefined && origin === `http://${req.headers.host}`;
}

function redirect(res: ServerResponse, lines: string[]): void {
  res.writeHead(303, { location: `/?shown=${remember(lines)}`, 'set-cookie': lines, 'cache-control': 'no-store' });
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST') {
    if (!sameOrigin(req)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('cross-site form post refused\n');
      return;
    }
    const form = await readForm(req);
    if (url.pathname === '/set') {
      const name = form.get('name') ?? '';
      const maxAge = form.get('maxAge') ?? '';
      const attributes = {
        path: form.get('path') || '/',
        ...(form.get('domain') ? { domain: form.get('domain')! } : {}),
        ...(maxAge !== '' ? { maxAge: Number(maxAge) } : {}),
        sameSite: (form.get('sameSite') || 'Lax') as 'Strict' | 'Lax' | 'None',
        secure: form.has('secure'),
        httpOnly: form.has('httpOnly'),
        partitioned: form.has('partitioned'),
        ...(form.get('priority') ? { priority: form.get('priority') as 'Low' | 'Medium' | 'High' } : {}),
      };
      try {
        const line = serializeSetCookie(name, form.get('value') ?? '', attributes);
        lastSet.set(name, line);
        redirect(res, [line]);
      } catch (error) {
        if (!(error instanceof CookieError)) throw error;
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Cookie refused', `<p class="error">The serializer refused this cookie: <strong>${escapeHtml(error.field)}</strong>: ${escapeHtml(error.rule)}</p><p><a href="/">Back</a></p>`));
      }
      return;
    }
    if (url.pathname === '/delete') {
      const name = form.get('name') ?? '';
      const previous = lastSet.get(name);
      const parsed = previous === undefined ? null : parseSetCookie(previous);
      const line = serializeClearingSetCookie(name, {
        path: parsed?.path ?? '/',
        ...(parsed?.domain ? { domain: parsed.domain } : {}),
        secure: parsed?.secure ?? true,
      });
      lastSet.delete(name);
      redirect(res, [line]);
      return;
    }
    if (url.pathname === '/note') {
      redirect(res, [note.serialize(form.get('note') ?? '')]);
      return;
    }
  }
  if (req.method !== 'GET' || url.pathname !== '/') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }

  const header = req.headers.cookie ?? null;
  const count = (() => {
    const read = visits.parse(header);
    return read.ok ? Number(read.value) + 1 : 1;
  })();
  const noteRead = note.parse(header);
  const cookies = parseCookieHeader(header);
  const shown = recentLines.get(url.searchParams.get('shown') ?? '') ?? [];
  const visitLine = visits.serialize(String(count));
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': visitLine, 'cache-control': 'no-store', vary: 'Cookie' });
  res.end(
    page(
      'tessera: cookies',
      `
<p>Visit number <strong>${count}</strong>, counted in the signed cookie <code>__Host-visits</code> (readable, but any change to it is detected and it starts again at 1).</p>
${shown.length > 0 ? `<section><h2>Sent on the last response</h2>${shown.map((l) => `<pre>Set-Cookie: ${escapeHtml(l)}</pre>`).join('')}</section>` : ''}
<section>
<h2>Cookies your browser sent</h2>
<p>A browser sends only names and values; the attributes below are those of the line this demo last sent for the name.</p>
<table><thead><tr><th>name</th><th>value</th><th>attributes (as last set here)</th><th></th></tr></thead><tbody>
${Object.entries(cookies)
  .map(
    ([name, value]) => `<tr><td><code>${escapeHtml(name)}</code></td><td><code>${escapeHtml(value.length > 60 ? value.slice(0, 57) + '...' : value)}</code></td>
<td>${attributeRows(lastSet.get(name))}</td>
<td><form method="post" action="/delete"><input type="hidden" name="name" value="${escapeHtml(name)}"><button>Delete</button></form></td></tr>`,
  )
  .join('\n')}
</tbody></table>
</section>
<section>
<h2>Set a cookie</h2>
<form method="post" action="/set" class="grid">
<label>Name <input name="name" required value="demo"></label>
<label>Value <input name="value" value="hello"></label>
<label>Max-Age (seconds; empty for a browser-session cookie) <input name="maxAge" inputmode="numeric" value="3600"></label>
<label>Path <input name="path" value="/"></label>
<label>Domain (empty for host-only) <input name="domain"></label>
<label>SameSite <select name="sameSite"><option>Lax</option><option>Strict</option><option>None</option></select></label>
<label>Priority <select name="priority"><option value="">(none)</option><option>Low</option><option>Medium</option><option>High</option></select></label>
<label><input type="checkbox" name="secure" checked> Secure</label>
<label><input type="checkbox" name="httpOnly" checked> HttpOnly</label>
<label><input type="checkbox" name="partitioned"> Partitioned</label>
<button>Set cookie</button>
</form>
<p class="hint">Try a name starting with <code>__Host-</code> with a Domain, <code>SameSite=None</code> without Secure, or a Max-Age over 400 days: the serializer refuses or caps them before a browser would drop them.</p>
</section>
<section>
<h2>A sealed note</h2>
<p>${noteRead.ok ? `Your note: <strong>${escapeHtml(noteRead.value)}</strong>` : 'No note yet.'} It lives in <code>__Host-note</code>, encrypted with AES-256-GCM: the cookie's value reveals nothing.</p>
<form method="post" action="/note"><label>Note <input name="note" maxlength="200"></label> <button>Save note</button></form>
</section>`,
    ),
  );
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('internal error\n');
  });
});
server.listen(port, () => {
  const actual = (server.address() as { port: number }).port;
  console.log(`tessera demo on http://localhost:${actual} (cookies demo; keys from ${process.env.TESSERA_SECRETS ? 'TESSERA_SECRETS' : './data/secret'})`);
});
