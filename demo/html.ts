/**
 * Safe HTML building for the demo's views: the `html` tagged template escapes every value it
 * interpolates, so a view cannot forget to; `raw` marks markup that is already safe (another
 * `html` result, or the CSRF field tessera renders).
 * @module
 */

/** Markup that is safe to insert as is. */
export interface SafeHtml {
  readonly html: string;
}

/** What a view may interpolate: text (escaped), numbers, safe markup, lists of them; nullish and false render nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Marks `markup` as safe. Only for markup produced by code, never for user input. */
export function raw(markup: string): SafeHtml {
  return { html: markup };
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return (value as SafeHtml).html;
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return { html: out };
}
