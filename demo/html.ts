/** HTML helpers of the demo: escaping, the page frame, an attribute table. */
import { parseSetCookie } from '../src/cookie/index.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The attributes of a Set-Cookie line as a small definition list, or a dash when unknown. */
export function attributeRows(line: string | undefined): string {
  if (line === undefined) return '<span class="muted">not set by this demo</span>';
  const parsed = parseSetCookie(line);
  if (parsed === null) return '<span class="muted">unparsable</span>';
  const rows = parsed.attributes.map((a) => `<code>${escapeHtml(a.name)}${a.value !== '' ? '=' + escapeHtml(a.value) : ''}</code>`);
  return rows.length > 0 ? rows.join(' ') : '<span class="muted">none</span>';
}

/** A complete HTML page with the demo's styles. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; color: #1a202c; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #cbd5e0; vertical-align: top; }
  code, pre { font-family: ui-monospace, monospace; font-size: .9rem; } pre { background: #f7fafc; padding: .5rem; overflow-x: auto; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .6rem 1rem; align-items: end; }
  label { display: block; } input:not([type=checkbox]), select { display: block; width: 100%; padding: .3rem; font: inherit; }
  button { padding: .4rem .9rem; font: inherit; background: #2b6cb0; color: white; border: 0; border-radius: 4px; cursor: pointer; }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f6ad55; outline-offset: 2px; }
  .muted, .hint { color: #4a5568; } .error { color: #9b2c2c; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}
