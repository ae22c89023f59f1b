/**
 * Turns comparison results into the Markdown table of docs/benchmarks.md and an SVG bar
 * chart (log scale, so a 1,000x slower peer and a 1.1x one both stay readable).
 */
import type { ComparisonResult } from './rounds.ts';

/** Formats nanoseconds as the most readable unit (ns, µs, ms). */
export function formatNs(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

/** Markdown: one table per comparison, then the targets with their measured ratio and verdict. */
export function markdownReport(results: readonly ComparisonResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`### ${r.title}`, '', `Median of ${r.rounds} alternating rounds; ratio = time / time(${r.baseline}) in the same round (lower is faster).`, '');
    out.push('| contender | median / op | p99 / op | ratio to baseline |', '| --- | ---: | ---: | ---: |');
    for (const c of r.contenders) {
      out.push(`| ${c.name} | ${formatNs(c.medianNs)} | ${formatNs(c.p99Ns)} | ${c.ratioToBaseline.toFixed(2)}x |`);
    }
    out.push('');
    if (r.targets.length > 0) {
      out.push('| target | measured | met |', '| --- | ---: | :---: |');
      for (const t of r.targets) {
        const speedup = t.maxRatio < 1 ? ` (${(1 / t.ratio).toFixed(1)}x faster)` : '';
        out.push(`| ${t.label} (time ${t.subject} / ${t.reference} ≤ ${t.maxRatio}) | ${t.ratio.toFixed(3)}${speedup} | ${t.met ? 'yes' : '**no**'} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

/** Plain-text table for the terminal. */
export function textReport(results: readonly ComparisonResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`\n${r.title}  (baseline: ${r.baseline}, ${r.rounds} rounds)`);
    const w = Math.max(...r.contenders.map((c) => c.name.length));
    for (const c of r.contenders) {
      lines.push(`  ${c.name.padEnd(w)}  ${formatNs(c.medianNs).padStart(10)}  p99 ${formatNs(c.p99Ns).padStart(10)}  ${c.ratioToBaseline.toFixed(2).padStart(8)}x`);
    }
    for (const t of r.targets) {
      lines.push(`  target: ${t.label}: ratio ${t.ratio.toFixed(3)} (≤ ${t.maxRatio}) ${t.met ? 'MET' : 'NOT MET'}`);
    }
  }
  return lines.join('\n');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** SVG chart: one horizontal bar per contender, grouped by comparison, time per op on a log axis. */
export function svgChart(results: readonly ComparisonResult[], caption: string): string {
  const rowH = 22;
  const labelW = 300;
  const barW = 520;
  const rows = results.reduce((n, r) => n + r.contenders.length + 1, 0);
  const height = 50 + rows * rowH + 30;
  const all = results.flatMap((r) => r.contenders.map((c) => c.medianNs));
  const lo = Math.log10(Math.min(...all) / 2);
  const hi = Math.log10(Math.max(...all) * 2);
  const x = (ns: number) => ((Math.log10(ns) - lo) / (hi - lo)) * barW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 120}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(caption)}</text>`,
    `<text x="10" y="38" fill="#555">time per operation, log scale; shorter is faster</text>`,
  ];
  let y = 50;
  for (const r of results) {
    parts.push(`<text x="10" y="${y + 15}" font-weight="bold">${escapeXml(r.title)}</text>`);
    y += rowH;
    for (const c of r.contenders) {
      const w = Math.max(2, x(c.medianNs));
      const colour = c.name.startsWith('tessera') ? '#2b6cb0' : c.name.includes('floor') ? '#999' : '#dd6b20';
      parts.push(`<text x="20" y="${y + 15}">${escapeXml(c.name)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${colour}"/>`);
      parts.push(`<text x="${labelW + w + 6}" y="${y + 15}">${escapeXml(formatNs(c.medianNs))}</text>`);
      y += rowH;
    }
  }
  parts.push(`<text x="10" y="${y + 20}" fill="#555">blue: tessera · grey: hand-written node:crypto floor · orange: peers</text>`, '</svg>');
  return parts.join('\n') + '\n';
}
