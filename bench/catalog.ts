// Benchmark of the Backstage backend's status refresh at scale: 5,000 computes in 50 workspaces
// (one cluster and extension each), applied in the ARM emulator, which answers every ARM request
// 50 ms late (its `latencyMs` fault). The refresh runs as the plugin runs it (the core's gateway
// lists computes per workspace, Resource Graph finds workspaces and extensions) in a child process
// of its own, so that its RSS is the backend's alone; the emulator stays in this process.
// Targets: at most 2 Resource Graph queries (their pages aside) and one compute list per
// workspace (its pages aside), wall time ≤ 5 s, backend RSS ≤ 250 MB.
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import { inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import { armSender, fleetSpecs, seedApplied } from '@aml-k8s/backstage-dev';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';
import type { ChildFigures } from './status-refresh-child.ts';

export interface CatalogRefreshFigures {
  computes: number;
  workspaces: number;
  latencyMs: number;
  /** Resource Graph queries (first pages) and all their pages. */
  graphQueries: number;
  graphPages: number;
  /** Compute list calls (first pages) and all their pages. */
  listCalls: number;
  listPages: number;
  /** Other ARM requests (extension GETs the graph made necessary, anything else). */
  otherRequests: number;
  wallMs: number;
  /** Peak RSS of the backend process (the refresh's child process), MiB. */
  rssPeakMb: number;
  /** RSS of that process before the refresh (modules loaded), MiB. */
  rssBeforeMb: number;
  /**
   * Peak RSS of the same refresh in a backend whose young generation is capped at
   * `SMALL_YOUNG_GENERATION` (V8 sizes it from the machine's memory: on large machines it alone
   * takes tens of MB under a refresh's allocation rate), MiB.
   */
  rssPeakSmallYoungMb: number;
}

/** The V8 flag of the second measurement: semi-spaces of 8 MB (the young generation is two). */
export const SMALL_YOUNG_GENERATION = '--max-semi-space-size=8';

const CHILD = fileURLToPath(new URL('./status-refresh-child.ts', import.meta.url));
const GRAPH = '/providers/Microsoft.ResourceGraph/resources';

function runChild(args: string[], env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, CHILD, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`status refresh child exited ${code}: ${out}`));
      try {
        resolve(JSON.parse(line) as ChildFigures);
      } catch {
        reject(new Error(`status refresh child printed no figures: ${out}`));
      }
    });
  });
}

export async function benchCatalogRefresh(count = 5000, workspaces = 50, latencyMs = 50): Promise<CatalogRefreshFigures> {
  const specs = fleetSpecs(count, { workspaces });
  const docs = inventoryOf(specs).entries.map((e) => e.doc);
  // Throttling off: seeding writes 10,000 resources, far beyond ARM's write budget; the refresh's
  // reads (about 25 per subscription here) stay well within Azure's 250 anyway.
  const emulator = await startEmulator({ installTimeMs: 0, attachTimeMs: 0, retryAfterSeconds: 0, throttling: false, ...fixturesFromSpecs(docs) });
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bench-'));
  try {
    trustEmulator(emulator);
    await seedApplied(armSender(emulator), docs, { concurrency: 64 });
    const ca = join(dir, 'emulator-ca.pem');
    writeFileSync(ca, emulator.ca);
    emulator.reset();
    emulator.setFaults({ latencyMs });
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: ca, BENCH_ARM_URL: emulator.url, BENCH_TENANT_ID: emulator.tenantId, BENCH_CLIENT_ID: emulator.clientId, BENCH_CLIENT_SECRET: emulator.clientSecret };
    const figures = await runChild([String(count), String(workspaces)], env);
    const calls = emulator.requests().filter((r) => r.kind === 'arm');
    const smallYoung = await runChild([String(count), String(workspaces)], env, [SMALL_YOUNG_GENERATION]);
    emulator.setFaults({ latencyMs: 0 });
    const graph = calls.filter((c) => c.method === 'POST' && c.path === GRAPH);
    const lists = calls.filter((c) => c.method === 'GET' && /\/workspaces\/[^/]+\/computes$/i.test(c.path));
    const isNext = (q: string): boolean => /(^|&)\$skip(Token)?=/i.test(q);
    if (figures.succeeded !== count) throw new Error(`the refresh saw ${figures.succeeded} healthy computes of ${count}`);
    return {
      computes: count,
      workspaces,
      latencyMs,
      // A Resource Graph continuation carries $skipToken in its body, not its URL: count queries by the reader's own tally.
      graphQueries: figures.graphQueries,
      graphPages: graph.length,
      listCalls: lists.filter((c) => !isNext(c.query)).length,
      listPages: lists.length,
      otherRequests: calls.length - graph.length - lists.length,
      wallMs: figures.wallMs,
      rssPeakMb: figures.rssPeakMb,
      rssBeforeMb: figures.rssBeforeMb,
      rssPeakSmallYoungMb: smallYoung.rssPeakMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emulator.stop();
  }
}

/** The figures as rows of the results table. */
export async function benchCatalog(count = 5000, workspaces = 50): Promise<BenchResult[]> {
  const f = await benchCatalogRefresh(count, workspaces);
  const what = `Backstage status refresh, ${count} computes in ${workspaces} workspaces, ${f.latencyMs} ms ARM latency`;
  return [
    { name: `${what}: Resource Graph queries`, value: f.graphQueries, unit: 'queries', target: 2, comparison: 'max', detail: `${f.graphPages} pages of ≤ 1000 rows (workspaces, extensions)` },
    { name: `${what}: compute list calls`, value: f.listCalls, unit: 'calls', target: workspaces, comparison: 'max', detail: `${f.listPages} pages; ${f.otherRequests} other ARM requests` },
    { name: `${what}: wall time`, value: f.wallMs / 1000, unit: 's', target: 5, comparison: 'max', detail: 'statuses and history written to SQLite; 8 lists in flight' },
    { name: `${what}: backend RSS (peak)`, value: f.rssPeakMb, unit: 'MiB', target: 250, comparison: 'max', detail: `its own process, emulator excluded; ${f.rssBeforeMb.toFixed(0)} MiB before the refresh; ${f.rssPeakSmallYoungMb.toFixed(0)} MiB with node ${SMALL_YOUNG_GENERATION} (V8's default young generation, sized from the machine's memory, is most of the rest)` },
  ];
}
