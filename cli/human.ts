/**
 * Output for people: aligned tables, times, durations, sizes. Scripts use `--json` instead,
 * which prints raw numbers (epoch milliseconds, bytes).
 * @module
 */
import { visibleWidth, type Style } from './io.ts';

/** One column of {@link table}. */
export interface Column {
  title: string;
  /** Right-align (numbers). */
  right?: boolean;
}

/**
 * The lines of an aligned table: a header (bold), then one line per row, columns separated
 * by two spaces; trailing spaces trimmed. Cells may carry ANSI styles (widths ignore them).
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], style: Style): string[] {
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.title), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - visibleWidth(text));
    return columns[i]!.right ? gap + text : text + gap;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  return [style.bold(line(columns.map((c) => c.title))), ...rows.map(line)];
}

/** Lines of `label  value` pairs with the labels aligned. */
export function fields(pairs: readonly (readonly [string, string])[], style: Style): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${style.bold(label.padEnd(width))}  ${value}`);
}

/** An instant as `2026-05-01 10:00:00Z` (UTC, to the second). */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(ms);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** A duration in milliseconds as its two largest units: `6d 3h`, `4m 10s`, `12s`. */
export function duration(ms: number): string {
  let s = Math.floor(Math.abs(ms) / 1000);
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (s >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** `in 6d 3h` or `3h 2m ago`, relative to `now`. */
export function relative(ms: number, now: number): string {
  return ms >= now ? `in ${duration(ms - now)}` : `${duration(now - ms)} ago`;
}

/** An instant with its distance from now: `2026-05-01 10:00:00Z (in 6d 3h)`. */
export function when(ms: number, now: number): string {
  return `${isoTime(ms)} (${relative(ms, now)})`;
}

/** A byte count: `212 B`, `4.1 kB`, `2.3 MB` (SI units). */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

/** An integer with thousands separators: `100,000`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
