/**
 * Formatting shared by the views: times (UTC on the server; the page script shows them in the
 * reader's time zone) and prices.
 * @module
 */
import { html, type SafeHtml } from '../html.ts';

/** A `<time>` element for an epoch-ms instant, e.g. "2026-11-21 14:05 UTC". */
export function time(ms: number): SafeHtml {
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** A number of seconds in the largest whole unit that fits, e.g. "30 days", "10 min", "45 s". */
export function duration(seconds: number): string {
  const units: ReadonlyArray<[number, string, string]> = [
    [86_400, 'day', 'days'],
    [3600, 'hour', 'hours'],
    [60, 'min', 'min'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${seconds === size ? one : many}`;
  }
  return `${seconds} s`;
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });

/** A price in cents as "€4.50". */
export function price(cents: number): string {
  return money.format(cents / 100);
}
