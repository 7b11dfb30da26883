// Benchmark of the Backstage backend's list route at scale: `count` computes in the status store
// (in-memory SQLite, written directly: the refresh has its own benchmark in catalog.ts) behind a
// real backend (startTestBackend: the plugin with its router, auth and permission services), and
// `clients` concurrent clients with keep-alive asking for pages of 50: plain pages at random
// offsets, filtered and searched pages, and revalidations (If-None-Match, 304).
import { azuremlComputePlugin, StatusStore } from '@aml-k8s/plugin-azureml-compute-backend';
import type { ComputeHealth, ComputeListResponse, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadFigures, LoadKind, LoadTask } from './api-load.ts';
import type { BenchResult } from './result.ts';

const HEALTHS: ComputeHealth[] = ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'InProgress', 'Failed', 'NotAttached', 'NotInstalled', 'Unknown'];
const subscriptionId = (s: number): string => `00000000-0000-0000-0000-${String(100 + s).padStart(12, '0')}`;

/** A status shaped like the refresh writes for `fleetSpecs` (one cluster per compute, 50 workspaces). */
export function fleetStatus(i: number, workspaces = 50): ComputeStatus {
  const w = i % workspaces;
  const sub = subscriptionId(w % 5);
  const name = `fleet-${i}x`;
  const clusterId = `/subscriptions/${sub}/resourceGroups/fleet-rg-${w}/providers/Microsoft.ContainerService/managedClusters/aks-fleet-${i}`;
  const workspaceId = `/subscriptions/${sub}/resourceGroups/ml-rg-${w}/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace-${w}`;
  const health = HEALTHS[i % HEALTHS.length]!;
  const error = health === 'Failed' ? { code: 'E40002', message: 'Extension health check failed: INSUFFICIENT_NODE: inferenceRouterHA requires at least 3 nodes', remedy: 'A highly available router needs at least 3 nodes: set `inference.highAvailability: false` or add nodes.' } : undefined;
  return {
    name,
    computeName: name,
    owner: `group:default/team-${i % 20}`,
    specLocation: `https://github.com/contoso/ml-platform/blob/main/computes/compute-${i}.yaml`,
    cluster: { type: 'aks', subscriptionId: sub, resourceGroup: `fleet-rg-${w}`, name: `aks-fleet-${i}`, resourceId: clusterId },
    workspace: { subscriptionId: sub, resourceGroup: `ml-rg-${w}`, name: `ml-workspace-${w}`, resourceId: workspaceId },
    extensionId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    computeId: `${workspaceId}/computes/${name}`,
    desired: { training: true, inference: true, routerServiceType: 'LoadBalancer', tls: 'insecure', highAvailability: false, instanceTypes: ['defaultinstancetype'], namespace: 'default' },
    extension: { provisioningState: health === 'Failed' ? 'Failed' : 'Succeeded', version: '1.1.64', ...(error ? { error } : {}) },
    compute: health === 'Succeeded' ? { provisioningState: 'Succeeded' } : {},
    health,
    checkedAt: '2026-11-23T10:15:00.000Z',
  };
}

const LOAD = fileURLToPath(new URL('./api-load.ts', import.meta.url));

/** Load figures with the CPU time this process (the backend) spent per request meanwhile. */
export type ServerLoadFigures = LoadFigures & { serverCpuMsPerRequest: number };

async function loadWithCpu(...args: Parameters<typeof load>): Promise<ServerLoadFigures> {
  const before = process.cpuUsage();
  const figures = await load(...args);
  const used = process.cpuUsage(before);
  return { ...figures, serverCpuMsPerRequest: (used.user + used.system) / 1000 / figures.requests };
}

/** `total` requests from `clients` concurrent loops, in a process of its own (not on the server's event loop or heap). */
function load(base: string, clients: number, total: number, kind: LoadKind, count: number, etags: string[] = []): Promise<LoadFigures> {
  const task: LoadTask = { base, clients, total, kind, etags, count, auth: mockCredentials.user.header() };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`exited ${code}`);
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadFigures);
      } catch (err) {
        reject(new Error(`the load generator failed (${String(err)}): ${out}`));
      }
    });
    child.stdin.end(JSON.stringify(task));
  });
}

export interface ApiFigures {
  computes: number;
  clients: number;
  page: ServerLoadFigures;
  filtered: ServerLoadFigures;
  revalidate: ServerLoadFigures;
  /** Bytes of the whole list as one body (what the route answered before paging). */
  fullListBytes: number;
  /** Bytes of the first page's JSON (before any content encoding). */
  pageJsonBytes: number;
}

export async function benchApiFigures(count = 5000, clients = 50, requests = 4000): Promise<ApiFigures> {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const backend = await startTestBackend({ features: [azuremlComputePlugin, mockServices.rootConfig.factory({ data: {} }), mockServices.database.factory({ knex })] });
  try {
    const store = await StatusStore.create(knex);
    const statuses = Array.from({ length: count }, (_, i) => fleetStatus(i));
    await store.write(statuses, []);
    await store.recordRefresh({ startedAt: '2026-11-23T10:14:00.000Z', finishedAt: '2026-11-23T10:16:00.000Z', computes: count, requests: 2 });
    const base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}/api/azureml-compute`;
    const auth = { authorization: mockCredentials.user.header() };
    // Warm up (first snapshot load, JIT) and check the answers.
    const firstText = await (await fetch(`${base}/computes`, { headers: auth })).text();
    const first = JSON.parse(firstText) as ComputeListResponse;
    if (first.total !== count || first.items.length !== Math.min(50, count)) throw new Error(`list answered ${first.items.length} of ${first.total}`);
    const pages = Math.max(1, Math.floor(count / 50));
    await load(base, clients, Math.min(requests, 500), 'page', count);
    const page = await loadWithCpu(base, clients, requests, 'page', count);
    const filtered = await loadWithCpu(base, clients, requests, 'filtered', count);
    const etags: string[] = [];
    for (let p = 0; p < Math.min(pages, 20); p++) etags.push((await fetch(`${base}/computes?limit=50&offset=${p * 50}`, { headers: auth })).headers.get('etag') ?? '');
    const revalidate = await loadWithCpu(base, clients, requests, 'revalidate', count, etags);
    if (revalidate.statuses[304] !== requests) throw new Error(`revalidation answered ${JSON.stringify(revalidate.statuses)}`);
    const fullListBytes = Buffer.byteLength(JSON.stringify({ items: statuses, refreshedAt: '2026-11-23T10:16:00.000Z' }));
    return { computes: count, clients, page, filtered, revalidate, fullListBytes, pageJsonBytes: Buffer.byteLength(firstText) };
  } finally {
    await backend.stop();
    await knex.destroy();
  }
}

/** The figures as rows of the results table. */
export async function benchApi(count = 5000, clients = 50, requests = 4000): Promise<BenchResult[]> {
  const f = await benchApiFigures(count, clients, requests);
  const what = `Backstage GET /computes, ${count} computes, ${clients} concurrent clients`;
  const detail = (l: ServerLoadFigures) => `${l.requests} requests, p50 ${l.p50.toFixed(1)} ms, max ${l.max.toFixed(1)} ms, backend CPU ${l.serverCpuMsPerRequest.toFixed(2)} ms per request, ${(l.bytes / 1024).toFixed(0)} KiB per answer${l.gzipped ? ' (gzip)' : ''}`;
  return [
    { name: `${what}: page of 50, p99`, value: f.page.p99, unit: 'ms', target: 50, comparison: 'max', detail: `${detail(f.page)}, ${(f.pageJsonBytes / 1024).toFixed(0)} KiB as JSON (the whole list as one body: ${(f.fullListBytes / 2 ** 20).toFixed(1)} MiB); load generator in its own process` },
    { name: `${what}: filtered and searched page, p99`, value: f.filtered.p99, unit: 'ms', target: 50, comparison: 'max', detail: detail(f.filtered) },
    { name: `${what}: revalidation (304), p99`, value: f.revalidate.p99, unit: 'ms', target: 50, comparison: 'max', detail: detail(f.revalidate) },
  ];
}
