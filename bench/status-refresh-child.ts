// The backend side of the status-refresh benchmark (bench/catalog.ts), in a process of its own:
// one refresh of `count` computes in `workspaces` workspaces against the ARM endpoint in
// BENCH_ARM_URL, into an in-memory SQLite store. Prints its figures as one JSON line.
// Only what a backend's refresh loads (not the demo's backend, catalog or emulator).
import { statusReaderFor } from '@aml-k8s/backstage-dev/arm';
import { fleetSpecs, StaticSpecSource } from '@aml-k8s/backstage-dev/fleet';
import { refreshStatuses, StatusStore } from '@aml-k8s/plugin-azureml-compute-backend';
import knexFactory from 'knex';
import type { Observations, StatusTargets } from '@aml-k8s/plugin-azureml-compute-backend';

export interface ChildFigures {
  wallMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  succeeded: number;
  requests: number;
  graphQueries: number;
}

const MB = 2 ** 20;

async function main(): Promise<void> {
  const [count = 5000, workspaces = 50] = process.argv.slice(2).map(Number);
  const env = process.env;
  const principal = { url: env.BENCH_ARM_URL!, tenantId: env.BENCH_TENANT_ID!, clientId: env.BENCH_CLIENT_ID!, clientSecret: env.BENCH_CLIENT_SECRET! };
  const specs = fleetSpecs(count, { workspaces });
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const store = await StatusStore.create(knex);
  // As the plugin is configured for it: workspaces from the specs and from Resource Graph.
  const reader = statusReaderFor(principal, { discoverWorkspaces: true });
  let graphQueries = -1;
  const observe = async (t: StatusTargets): Promise<Observations> => {
    const o = await reader.observe(t);
    graphQueries = o.calls?.graphQueries ?? -1;
    return o;
  };
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const summary = await refreshStatuses({ source: new StaticSpecSource(specs), reader: { observe }, store });
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const succeeded = (await store.list()).filter((s) => s.health === 'Succeeded').length;
  await knex.destroy();
  const figures: ChildFigures = { wallMs, rssBeforeMb: rssBefore / MB, rssPeakMb: peak / MB, succeeded, requests: summary.requests, graphQueries };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

await main();
