// Benchmark of the Backstage backend's status refresh at scale: 5,000 computes in 50 workspaces,
// every one applied in the ARM emulator (in this process), refreshed once into the status store
// (in-memory SQLite). Counts the ARM requests of the refresh (Resource Graph pages), its wall time
// and the heap it leaves in use.
import { fixturesFromSpecs, startEmulator, trustEmulator } from '@aml-k8s/arm-emulator';
import { ArmClient, ArmStatusReader, refreshStatuses } from '@aml-k8s/plugin-azureml-compute-backend';
import { inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import { fleetSpecs, inMemoryStatusStore, seedApplied, StaticSpecSource } from '@aml-k8s/backstage-dev';
import { ClientSecretCredential } from '@azure/identity';
import type { BenchResult } from './result.ts';

export interface CatalogRefreshFigures {
  computes: number;
  /** ARM requests of one refresh (token requests to Entra not included). */
  requests: number;
  wallMs: number;
  /** Heap in use after the refresh, in MiB (the emulator's state included: it runs in this process). */
  heapMb: number;
  /** Heap growth during the refresh, in MiB: the refresh's own working set, roughly. */
  heapDeltaMb: number;
}

export async function benchCatalogRefresh(count = 5000, workspaces = 50): Promise<CatalogRefreshFigures> {
  const specs = fleetSpecs(count, { workspaces });
  const docs = inventoryOf(specs).entries.map((e) => e.doc);
  const emulator = await startEmulator({ installTimeMs: 0, attachTimeMs: 0, retryAfterSeconds: 0, ...fixturesFromSpecs(docs) });
  const { store, close } = await inMemoryStatusStore();
  try {
    trustEmulator(emulator);
    const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
    await seedApplied(new ArmClient({ endpoint: emulator.url, credential }), docs, { concurrency: 64 });
    emulator.reset();
    // A fresh client, as a backend starting its first refresh has.
    const reader = new ArmStatusReader(new ArmClient({ endpoint: emulator.url, credential }));
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const summary = await refreshStatuses({ source: new StaticSpecSource(specs), reader, store });
    const wallMs = performance.now() - start;
    const requests = emulator.requests().filter((r) => r.kind === 'arm').length;
    if (summary.computes !== count || (await store.list()).filter((s) => s.health === 'Succeeded').length !== count) throw new Error(`refresh saw ${summary.computes} of ${count} computes`);
    const heapAfter = process.memoryUsage().heapUsed;
    return { computes: count, requests, wallMs, heapMb: heapAfter / 2 ** 20, heapDeltaMb: (heapAfter - heapBefore) / 2 ** 20 };
  } finally {
    await close();
    await emulator.stop();
  }
}

/** The figures as rows of the results table. */
export async function benchCatalog(count = 5000, workspaces = 50): Promise<BenchResult[]> {
  const f = await benchCatalogRefresh(count, workspaces);
  const what = `Backstage status refresh, ${count} computes in ${workspaces} workspaces`;
  return [
    { name: `${what}: ARM requests`, value: f.requests, unit: 'requests', target: 10, comparison: 'max', detail: 'Resource Graph pages of 1000 rows' },
    { name: `${what}: wall time`, value: f.wallMs / 1000, unit: 's', target: 5, comparison: 'max', detail: 'emulator in process; statuses and history written to SQLite' },
    { name: `${what}: heap in use after`, value: f.heapMb, unit: 'MiB', detail: `emulator included; +${f.heapDeltaMb.toFixed(0)} MiB during the refresh` },
  ];
}
