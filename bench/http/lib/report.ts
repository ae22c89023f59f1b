/**
 * The HTTP benchmark's outputs: a plain-text table for the terminal, the Markdown fragment
 * docs/benchmarks-http.md and the SVG bar chart docs/benchmarks-http.svg (no external tools).
 * @module
 */
import { KIND_TITLES, type Kind } from '../contenders.ts';
import type { ContenderResult, HttpBenchResult, LostUpdateResult } from '../run.ts';

const KINDS: readonly Kind[] = ['bare', 'signed', 'sealed', 'server'];
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number | null) => (n === null || Number.isNaN(n) ? '' : `${n.toFixed(2)}x`);
const micro = (n: number) => (Number.isNaN(n) ? '' : `${n >= 0 ? '+' : ''}${n.toFixed(1)}`);
const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;

function rowsByKind(r: HttpBenchResult): Array<[Kind, ContenderResult[]]> {
  return KINDS.map((k) => [k, r.contenders.filter((c) => c.kind === k)] as [Kind, ContenderResult[]]).filter(([, cs]) => cs.length > 0);
}

function lostUpdateLine(l: LostUpdateResult): string {
  const kept = l.trials.map((t) => t.kept).join(', ');
  const statuses = new Map<string, number>();
  for (const t of l.trials) for (const [s, n] of Object.entries(t.statuses)) statuses.set(s, (statuses.get(s) ?? 0) + n);
  const codes = [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
  return `${kept} (responses: ${codes})`;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** The terminal table, the verdicts and the lost-update results. */
export function textReport(r: HttpBenchResult): string {
  const w = Math.max(...r.contenders.map((c) => c.name.length));
  const head =
    `${'contender'.padEnd(w)}  ${'req/s'.padStart(7)}  ${'p99'.padStart(9)}  ${'x node'.padStart(6)}  ${'x bare'.padStart(6)}  ${'+µs'.padStart(6)}  ${'x floor'.padStart(7)}` +
    `  |  ${'CPU µs'.padStart(6)}  ${'+CPU µs'.padStart(7)}  ${'x floor'.padStart(7)}  |  ${'cookies'.padStart(7)}  ${'noise'.padStart(9)}`;
  const lines = [
    '',
    `HTTP benchmark (${r.date}, tessera at ${r.revision}; ${r.options.rounds} rounds × ${r.options.durationSeconds} s, ${r.options.connections} connections; servers ${r.options.compiled ? 'compiled by esbuild' : 'through tsx'}; medians over rounds)`,
    'left: from wrk requests/s. x node: ÷ bare node:http; x bare: ÷ own bare framework; +µs: 1e6/rps − 1e6/rps(own bare); x floor: ÷ its hand-written floor.',
    "middle: from the server's own CPU time per request (robust to other processes): CPU µs per request, added over own bare, ratio to floor.",
    'right: Set-Cookie lines in the response; noise: share of core 0 / core 1 other processes took (median).',
    '',
    head,
    '-'.repeat(head.length),
  ];
  for (const [kind, cs] of rowsByKind(r)) {
    lines.push(`${KIND_TITLES[kind]}:`);
    for (const c of cs) {
      const errors = c.errors > 0 ? `  !! ${c.errors} errors` : '';
      const bare = c.role === 'bare';
      lines.push(
        `${c.name.padEnd(w)}  ${int(c.wall.rps).padStart(7)}  ${ms(c.p99Us).padStart(9)}  ${ratio(c.wall.ratioToNode).padStart(6)}  ${ratio(c.wall.ratioToBare).padStart(6)}  ${(bare ? '' : micro(c.wall.addedUs)).padStart(6)}  ${ratio(c.wall.ratioToFloor).padStart(7)}` +
          `  |  ${c.cpu.us.toFixed(1).padStart(6)}  ${(bare ? '' : micro(c.cpu.addedUs)).padStart(7)}  ${ratio(c.cpu.ratioToFloor).padStart(7)}  |  ${String(c.setCookieLines).padStart(7)}  ${`${pct(c.foreignServerCore)} / ${pct(c.foreignLoadCore)}`.padStart(9)}${errors}`,
      );
    }
  }
  lines.push('', 'Targets (wall: from requests/s; cpu: from server CPU time per request):');
  for (const t of r.targets) {
    const v = (x: { measured: string; met: boolean }) => `${x.met ? 'MET' : 'NOT MET'} ${x.measured}`;
    lines.push(`  ${t.label}\n      wall: ${v(t.wall)}   cpu: ${v(t.cpu)}`);
  }
  if (r.lostUpdate.length > 0) {
    lines.push('', 'Lost-update experiment: 100 parallel /set?k=keyN on ONE session, then read back; keys kept out of 100, per trial:');
    for (const l of r.lostUpdate) lines.push(`  ${l.name.padEnd(50)} ${lostUpdateLine(l)}`);
  }
  lines.push(
    '',
    `(${r.contenders.length} contenders in ${(r.elapsedSeconds / 60).toFixed(1)} min; ${r.noisyRetries} runs repeated because other processes took over 10% of a core; ${r.waitedSeconds.toFixed(0)} s spent waiting for a quiet machine)`,
  );
  return lines.join('\n');
}

/** What each contender is, for the docs. */
const CONFIGURATION = `- **bare node:http / Express 5 / Fastify 5**: the same routes and response bodies, no session (the request still carries a cookie, which nobody reads).
- **tessera signed / sealed / server+memory**: \`createSessionManager({ mode: 'signed', keys })\`, \`({ mode: 'sealed', keys })\`, \`({ store: createMemoryStore() })\` with default options (cookie \`__Host-session\`, 7-day absolute timeout, no idle timeout, compression on), through \`withSession\` from \`tessera/adapters/node\`; the *load/commit* rows are the same handlers written with \`loadSession\` + \`commitSession\`. The *no-cache* rows turn off the cache of verified cookies (\`cookieMode: { verifiedCacheSize: 0 }\`): wrk rotates through 1000 sessions, exactly the default cache size (1000), so with the defaults every cookie-mode read after the first round of sessions is a cache hit; real traffic hits the cache only as far as the same cookies come back within the last 1000 distinct ones.
- **floors** (bench/http/floors/): hand-written minimal node:crypto implementations of the same job, each a few dozen lines, sending the same headers as tessera (\`Vary: Cookie\`, and \`Cache-Control: private, no-store\` with a Set-Cookie): signed = base64url JSON \`{d, e}\` + HMAC-SHA-256, \`timingSafeEqual\`; sealed = AES-256-GCM with a fresh \`randomBytes(12)\` nonce; server = random 256-bit id + HMAC-SHA-256 in the cookie and a \`Map\` holding each session **as a JSON string** (as a store would), parsed on read and re-stringified on write.
- **cookie-session** 2 (Express 5): Keygrip-signed readable cookie (\`session\` + \`session.sig\`, HMAC-SHA-1).
- **express-session** 1.19 + its MemoryStore (Express 5): \`resave: false, saveUninitialized: false\`, rolling off (default); the store keeps JSON strings and \`touch\`es on reads.
- **iron-session** 8 (node:http): \`getIronSession(req, res, options)\`, \`session.save()\` on writes; iron seals derive their keys with PBKDF2 on every seal and unseal.
- **@fastify/secure-session** 8 (Fastify 5): libsodium secretbox (sodium-native), 32-byte key.
- **@fastify/session** 11 + @fastify/cookie 11 (Fastify 5) with its default MemoryStore (live objects, not strings): \`saveUninitialized: false, rolling: false\` (its default \`rolling: true\` re-saves and re-sends the cookie on every response, which tessera never does).
- Every session handler: \`/ro\` reads the counter and responds it; \`/rw\` reads it, stores counter + 1 and responds it (cookie modes issue a new Set-Cookie; wrk keeps sending the original cookies, the same for every contender). A request without a valid session gets a 401, which wrk would count as an error: the error column stays empty only if every request found its session.`;

/** The Markdown fragment docs/benchmarks-http.md. */
export function markdownReport(r: HttpBenchResult): string {
  const out: string[] = [
    '## HTTP benchmark',
    '',
    `<!-- generated by \`npx tsx bench/http/run.ts --rounds ${r.options.rounds} --duration ${r.options.durationSeconds} --docs\`; do not edit by hand -->`,
    '',
    `Measured ${r.date} on ${r.machine}; tessera at \`${r.revision}\`.`,
    '',
    `**Method.** ${r.method}`,
    '',
    '![http](benchmarks-http.svg)',
    '',
    '**Contenders.**',
    '',
    CONFIGURATION,
    '',
    `**Results.** *× node* = requests/s ÷ bare node:http; *× bare* = ÷ the contender's own bare framework; *added µs* = 1e6/rps − 1e6/rps(own bare framework), the cost the session adds to one request on one core; *× floor* = ÷ the hand-written floor of the same kind and handler. The *CPU* columns are the same figures computed from the server's own CPU time per request instead of wrk's requests/s: on a quiet machine the two nearly agree (a saturated server spends 1e6/rps µs per request; the CPU figures leave out the kernel's softirq work for loopback traffic, so they come out a little lower), and under interference from other processes the CPU figures move far less than requests/s do (a starved wrk or a preempted server lowers requests/s but not the server's CPU time per request). *Set-Cookie* = lines in the response; *noise* = share of core 0 (server) / core 1 (wrk) that other processes or the hypervisor took, median over rounds (${r.noisyRetries} runs over 10% were repeated and the quietest kept; ${r.waitedSeconds.toFixed(0)} s were spent waiting for a quiet machine before runs). Every figure is a median over rounds of per-round values.`,
    '',
    '| contender | kind | req/s | p99 | × node | × bare | added µs | × floor | CPU µs/req | added CPU µs | × floor (CPU) | Set-Cookie | errors | noise (core 0 / 1) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [kind, cs] of rowsByKind(r)) {
    for (const c of cs) {
      const name = c.role === 'tessera' ? `**${c.name}**` : c.name;
      const bare = c.role === 'bare';
      out.push(
        `| ${name} | ${KIND_TITLES[kind]} | ${int(c.wall.rps)} | ${ms(c.p99Us)} | ${ratio(c.wall.ratioToNode)} | ${ratio(c.wall.ratioToBare)} | ${bare ? '' : micro(c.wall.addedUs)} | ${ratio(c.wall.ratioToFloor)} | ` +
          `${c.cpu.us.toFixed(1)} | ${bare ? '' : micro(c.cpu.addedUs)} | ${ratio(c.cpu.ratioToFloor)} | ${c.setCookieLines} | ${c.errors} | ${pct(c.foreignServerCore)} / ${pct(c.foreignLoadCore)} |`,
      );
    }
  }
  out.push(
    '',
    "**Targets** (the issue's), judged on requests/s (*wall*) and on the server's CPU time per request (*CPU*):",
    '',
    '| target | wall | met | CPU | met |',
    '| --- | ---: | :---: | ---: | :---: |',
  );
  const yes = (met: boolean) => (met ? 'yes' : '**no**');
  for (const t of r.targets) out.push(`| ${t.label} | ${t.wall.measured} | ${yes(t.wall.met)} | ${t.cpu.measured} | ${yes(t.cpu.met)} |`);
  if (r.lostUpdate.length > 0) {
    out.push(
      '',
      '**Lost updates.** 100 parallel requests on ONE session, each on its own connection, each setting its own key (`/set?k=key17`); then the session is read back. Keys kept out of 100, one figure per trial (a new session each):',
      '',
      '| server | keys kept out of 100 | responses |',
      '| --- | ---: | --- |',
    );
    for (const l of r.lostUpdate) {
      const statuses = new Map<string, number>();
      for (const t of l.trials) for (const [s, n] of Object.entries(t.statuses)) statuses.set(s, (statuses.get(s) ?? 0) + n);
      out.push(`| ${l.name} | ${l.trials.map((t) => t.kept).join(', ')} | ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')} |`);
    }
    out.push(
      '',
      "The plain memory store answers every operation in the same macrotask, so parallel requests to tessera's memory store never interleave; the *deferred* row wraps each store operation in one `setImmediate` turn (as express-session's MemoryStore defers its callbacks), so loads and commits interleave as they do against a networked store and the compare-and-swap with replay is what keeps the keys. express-session's MemoryStore keeps JSON strings and answers a turn later, so each request saves its own copy over the others'. @fastify/session's default MemoryStore answers synchronously and hands every request the same live session object, so parallel requests mutate one shared object: nothing is lost here, but nothing in it would survive a store that serialises (Redis, SQL).",
    );
  }
  return out.join('\n') + '\n';
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const COLOURS: Record<ContenderResult['role'], string> = { bare: '#718096', floor: '#cbd5e0', tessera: '#2b6cb0', peer: '#dd6b20' };

/** Horizontal bars of requests/s (linear), grouped by kind of session. */
export function svgChart(r: HttpBenchResult): string {
  const rowH = 20;
  const labelW = 270;
  const barW = 560;
  const groups = rowsByKind(r);
  const rows = groups.reduce((n, [, cs]) => n + cs.length + 1, 0);
  const top = 56;
  const height = top + rows * rowH + 44;
  const max = Math.max(...r.contenders.map((c) => c.wall.rps)) * 1.02;
  const x = (rps: number) => (rps / max) * barW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 90}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(`tessera HTTP benchmark, ${r.date}: requests per second (longer is faster)`)}</text>`,
    `<text x="10" y="38" fill="#555">${escapeXml(`median of ${r.options.rounds} rounds × ${r.options.durationSeconds} s, wrk ${r.options.connections} connections, server and wrk on separate cores; ${r.machine}`)}</text>`,
  ];
  let y = top;
  for (const [kind, cs] of groups) {
    parts.push(`<text x="10" y="${y + 14}" font-weight="bold">${escapeXml(KIND_TITLES[kind])}</text>`);
    y += rowH;
    for (const c of cs) {
      const w = Math.max(1, x(c.wall.rps));
      const fill = c.role === 'tessera' && (c.name.includes('load/commit') || c.name.includes('no-cache')) ? '#63b3ed' : COLOURS[c.role];
      parts.push(`<text x="20" y="${y + 14}">${escapeXml(c.name)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${fill}"/>`);
      parts.push(`<text x="${(labelW + w + 5).toFixed(1)}" y="${y + 14}">${escapeXml(int(c.wall.rps))}</text>`);
      y += rowH;
    }
  }
  const legend: Array<[string, string]> = [
    [COLOURS.bare, 'bare framework'],
    [COLOURS.floor, 'hand-written floor'],
    [COLOURS.tessera, 'tessera (withSession)'],
    ['#63b3ed', 'tessera (load/commit, no-cache)'],
    [COLOURS.peer, 'peer library'],
  ];
  let lx = 10;
  for (const [colour, label] of legend) {
    parts.push(`<rect x="${lx}" y="${y + 18}" width="12" height="12" fill="${colour}"/>`, `<text x="${lx + 16}" y="${y + 28}">${escapeXml(label)}</text>`);
    lx += 30 + label.length * 6.5;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
