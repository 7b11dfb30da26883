// `npm run bench [-- --quick] [-- --only id,id]`: runs the benchmarks and writes bench/results.md
// and bench/results.json. `--quick` (CI) runs every benchmark small and writes nothing. `--only`
// runs the named benchmarks and merges their rows into the recorded ones by row name: rows of other
// benchmarks stay as they were measured.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { meets, mergeResults } from './result.ts';
import type { BenchResult, RecordedResult } from './result.ts';
import { benchBundle, benchColdStart } from './cold-start.ts';
import { benchFleet, benchFleetOneSubscription, benchPolls, benchRequests } from './fleet.ts';
import { benchValidate } from './validate-specs.ts';
import { benchCatalog } from './catalog.ts';
import { benchApi } from './api.ts';
import { benchOverviewBrowser } from './overview-browser.ts';

const quick = process.argv.includes('--quick');

// One subscription under ARM's throttling: in CI a small fleet against shrunk buckets (same
// refill rates) so that pacing is exercised in seconds; in full, 1,000 computes against Azure's
// buckets with installs as long as Azure's (FLEET_INSTALL_MS overrides, e.g. to explore).
const oneSubInstallMs = Number(process.env.FLEET_INSTALL_MS ?? 720_000);

/** Every benchmark by its stable id (the names `--only` takes), in the order they run and are listed. */
const BENCHMARKS: Record<string, () => Promise<BenchResult[]> | BenchResult[]> = {
  fleet: () => benchFleet(quick ? [10] : [50, 200], quick ? { installMs: 3000, attachMs: 500 } : { installMs: 10_000, attachMs: 2_000 }),
  'fleet-one-subscription': () =>
    quick
      ? benchFleetOneSubscription(30, { installMs: 3000, attachMs: 500 }, 'reads=30/25,writes=10/10,deletes=10/10')
      : benchFleetOneSubscription(1000, { installMs: oneSubInstallMs, attachMs: 60_000 }),
  requests: () => benchRequests(quick ? 5 : 50),
  polls: () => (quick ? [] : benchPolls()),
  'cold-start': () => benchColdStart(quick ? 5 : 21),
  validate: () => [benchValidate(quick ? 1000 : 10_000)],
  catalog: () => benchCatalog(quick ? 500 : 5000, quick ? 5 : 50),
  api: () => benchApi(quick ? 500 : 5000, quick ? 10 : 50, quick ? 300 : 4000),
  'overview-browser': () => (quick ? [] : benchOverviewBrowser(5000)),
  bundle: () => benchBundle(),
};

function selected(argv: readonly string[]): string[] {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return Object.keys(BENCHMARKS);
  const arg = argv[i]!;
  const list = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  const ids = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(id in BENCHMARKS));
  if (ids.length === 0 || unknown.length > 0) {
    console.error(`--only: ${ids.length === 0 ? 'no benchmark named' : `unknown benchmark ${unknown.map((u) => `'${u}'`).join(', ')}`}; choose from ${Object.keys(BENCHMARKS).join(', ')} (comma-separated)`);
    process.exit(2);
  }
  return ids;
}

interface Recorded {
  machine: string;
  date: string;
  results: RecordedResult[];
}

const line = (r: BenchResult): string => {
  const ok = meets(r);
  return `${ok === undefined ? ' ' : ok ? '✓' : '✗'} ${r.name}: ${r.value.toFixed(3)} ${r.unit}${r.target !== undefined ? ` (target ${r.comparison === 'min' ? '≥' : '≤'} ${r.target})` : ''}${r.detail ? ` — ${r.detail}` : ''}`;
};

const ids = selected(process.argv);
const today = new Date().toISOString().slice(0, 10);
const results: RecordedResult[] = [];
for (const id of ids) {
  for (const r of await BENCHMARKS[id]!()) {
    results.push({ ...r, benchmark: id, date: today });
    console.log(line(r));
  }
}

const resultsJson = new URL('results.json', import.meta.url);
function readRecorded(): Recorded | undefined {
  try {
    return JSON.parse(readFileSync(resultsJson, 'utf8')) as Recorded;
  } catch {
    return undefined;
  }
}

function markdown(machine: string, rows: readonly RecordedResult[]): string {
  const table = rows.map((r) => {
    const ok = meets(r);
    return `| ${r.name} | ${r.value.toFixed(3)} ${r.unit} | ${r.target === undefined ? '–' : `${r.comparison === 'min' ? '≥' : '≤'} ${r.target} ${r.unit}`} | ${ok === undefined ? '–' : ok ? 'met' : '**missed**'} | ${r.date ?? '–'} | ${r.detail ?? ''} |`;
  });
  return [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${machine}. \`npm run bench -- --only ${Object.keys(BENCHMARKS).slice(0, 2).join(',')}\` re-measures only the benchmarks named (ids: ${Object.keys(BENCHMARKS).map((id) => `\`${id}\``).join(', ')}) and merges their rows into this table by row name; the other rows keep their date.`,
    '',
    '| benchmark | result | target | verdict | measured | detail |',
    '|---|---|---|---|---|---|',
    ...table,
    '',
  ].join('\n');
}

if (!quick) {
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const onlySome = ids.length < Object.keys(BENCHMARKS).length;
  const recorded = onlySome ? readRecorded() : undefined;
  const merged = recorded ? mergeResults(recorded.results.map((r) => ({ ...r, date: r.date ?? recorded.date.slice(0, 10) })), results, new Set(ids)) : results;
  // Listed in the order the benchmarks run (a stable sort keeps each benchmark's rows in order).
  const rank = (r: RecordedResult): number => {
    const i = Object.keys(BENCHMARKS).indexOf(r.benchmark ?? '');
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const rows = [...merged].sort((a, b) => rank(a) - rank(b));
  writeFileSync(new URL('results.md', import.meta.url), markdown(machine, rows));
  writeFileSync(resultsJson, `${JSON.stringify({ machine, date: new Date().toISOString(), results: rows }, null, 2)}\n`);
}
const missed = results.filter((r) => meets(r) === false);
console.log(missed.length ? `${missed.length} target(s) missed` : 'all targets met');
