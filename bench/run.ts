// `npm run bench [-- --quick]`: runs every benchmark and writes bench/results.md and bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { meets } from './result.ts';
import type { BenchResult } from './result.ts';
import { benchBundle, benchColdStart } from './cold-start.ts';
import { benchFleet, benchFleetOneSubscription, benchPolls, benchRequests } from './fleet.ts';
import { benchValidate } from './validate-specs.ts';
import { benchCatalog } from './catalog.ts';
import { benchApi } from './api.ts';

const quick = process.argv.includes('--quick');
const results: BenchResult[] = [];
const record = (r: BenchResult): void => {
  results.push(r);
  const ok = meets(r);
  console.log(`${ok === undefined ? ' ' : ok ? '✓' : '✗'} ${r.name}: ${r.value.toFixed(3)} ${r.unit}${r.target !== undefined ? ` (target ${r.comparison === 'min' ? '≥' : '≤'} ${r.target})` : ''}${r.detail ? ` — ${r.detail}` : ''}`);
};

for (const r of await benchFleet(quick ? [10] : [50, 200], quick ? { installMs: 3000, attachMs: 500 } : { installMs: 10_000, attachMs: 2_000 })) record(r);
// One subscription under ARM's throttling: in CI a small fleet against shrunk buckets (same
// refill rates) so that pacing is exercised in seconds; in full, 1,000 computes against Azure's
// buckets with installs as long as Azure's (FLEET_INSTALL_MS overrides, e.g. to explore).
const oneSubInstallMs = Number(process.env.FLEET_INSTALL_MS ?? 720_000);
for (const r of quick
  ? await benchFleetOneSubscription(30, { installMs: 3000, attachMs: 500 }, 'reads=30/25,writes=10/10,deletes=10/10')
  : await benchFleetOneSubscription(1000, { installMs: oneSubInstallMs, attachMs: 60_000 })) record(r);
for (const r of await benchRequests(quick ? 5 : 50)) record(r);
if (!quick) for (const r of await benchPolls()) record(r);
for (const r of benchColdStart(quick ? 5 : 21)) record(r);
record(benchValidate(quick ? 1000 : 10_000));
for (const r of await benchCatalog(quick ? 500 : 5000, quick ? 5 : 50)) record(r);
for (const r of await benchApi(quick ? 500 : 5000, quick ? 10 : 50, quick ? 300 : 4000)) record(r);
for (const r of benchBundle()) record(r);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = results.map((r) => {
  const ok = meets(r);
  return `| ${r.name} | ${r.value.toFixed(3)} ${r.unit} | ${r.target === undefined ? '–' : `${r.comparison === 'min' ? '≥' : '≤'} ${r.target} ${r.unit}`} | ${ok === undefined ? '–' : ok ? 'met' : '**missed**'} | ${r.detail ?? ''} |`;
});
const md = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${machine}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| benchmark | result | target | verdict | detail |',
  '|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
if (!quick) {
  writeFileSync(new URL('results.md', import.meta.url), md);
  writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2)}\n`);
}
const missed = results.filter((r) => meets(r) === false);
console.log(missed.length ? `${missed.length} target(s) missed` : 'all targets met');
