// The status reader against the emulator: compute lists per workspace, one Resource Graph query
// for the extensions, a GET for what the graph does not have yet; never a GET per compute.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fleetSpecs } from '@aml-k8s/backstage-dev/fleet';
import { azureIdsOf, inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import type { StatusTargets } from '../src/status/observation.ts';
import { armRequests, seededEmulator, statusReader } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

const COUNT = 120;
const GRAPH = '/providers/Microsoft.ResourceGraph/resources';
let seeded: SeededEmulator;
let targets: StatusTargets;

function targetsOf(count: number, workspaces: number): { docs: ReturnType<typeof inventoryOf>['entries'][number]['doc'][]; targets: StatusTargets } {
  const docs = inventoryOf(fleetSpecs(count, { workspaces, subscriptions: 2 })).entries.map((e) => e.doc);
  const ids = docs.map(azureIdsOf);
  return { docs, targets: { extensionIds: ids.map((i) => i.extensionId), computeIds: ids.map((i) => i.computeId!) } };
}

beforeAll(async () => {
  const fleet = targetsOf(COUNT, 3);
  targets = fleet.targets;
  // fleet-7x's cluster has no AzureML extension; fleet-8x's extension is installed but not attached.
  seeded = await seededEmulator(fleet.docs, { skipAttach: new Set(['fleet-8x']) });
  await seeded.client.send('DELETE', `${targets.computeIds[7]}?api-version=2024-10-01&underlyingResourceAction=Detach`);
  await new Promise((r) => setTimeout(r, 20));
  await seeded.client.send('DELETE', `${targets.extensionIds[7]}?api-version=2023-05-01&forceDelete=true`);
  seeded.emulator.reset();
});

afterAll(async () => {
  await seeded?.emulator.stop();
});

describe('ArmStatusReader', () => {
  test('one compute list per workspace, one Resource Graph query (in pages) for the extensions, a GET only for what the graph lacks', async () => {
    const reader = statusReader(seeded.emulator, { pageSize: 50 });
    const obs = await reader.observe(targets);
    expect(obs.extensions.size).toBe(COUNT - 1);
    expect(obs.computes.size).toBe(COUNT - 2);
    const calls = armRequests(seeded.emulator);
    const graph = calls.filter((c) => c.method === 'POST' && c.path === GRAPH);
    const lists = calls.filter((c) => c.method === 'GET' && c.path.endsWith('/computes'));
    const gets = calls.filter((c) => c.method === 'GET' && /\/extensions\/[^/]+$/i.test(c.path));
    expect(graph).toHaveLength(3); // 119 extensions in pages of 50
    expect(new Set(lists.map((c) => c.path)).size).toBe(3);
    expect(lists).toHaveLength(3); // 40 computes per workspace: one page each
    expect(gets.map((c) => c.path.toLowerCase())).toEqual([targets.extensionIds[7]!.toLowerCase()]); // not in the graph: read, and absent
    expect(calls).toHaveLength(7);
    expect(obs.requests).toBe(7);
    expect(calls.some((c) => /\/computes\/[^/]+$/i.test(c.path))).toBe(false);
    expect(obs.extensions.get(targets.extensionIds[0]!.toLowerCase())).toEqual({ id: expect.any(String), provisioningState: 'Succeeded', currentVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(obs.computes.get(targets.computeIds[0]!.toLowerCase())).toMatchObject({ provisioningState: 'Succeeded', resourceId: expect.stringContaining('aks-fleet-0') });
    expect(obs.extensions.has(targets.extensionIds[7]!.toLowerCase())).toBe(false);
    expect(obs.computes.has(targets.computeIds[8]!.toLowerCase())).toBe(false);
  });

  test('extensionSource get: no Resource Graph; discoverWorkspaces: one query for the workspaces; configured workspaces are listed too', async () => {
    seeded.emulator.reset();
    const missing = '/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/none/providers/Microsoft.MachineLearningServices/workspaces/gone';
    const obs = await statusReader(seeded.emulator, { extensionSource: 'get' }).observe(targets);
    expect(obs.extensions.size).toBe(COUNT - 1);
    expect(armRequests(seeded.emulator).filter((c) => c.path === GRAPH)).toHaveLength(0);

    seeded.emulator.reset();
    const discovered = await statusReader(seeded.emulator, { discoverWorkspaces: true, workspaces: [missing] }).observe(targets);
    expect(discovered.computes.size).toBe(COUNT - 2);
    const calls = armRequests(seeded.emulator);
    expect(calls.filter((c) => c.path === GRAPH)).toHaveLength(2);
    expect(calls.filter((c) => c.method === 'GET' && c.path.endsWith('/computes')).map((c) => c.path)).toContain(`${missing}/computes`);
  });

  test('Resource Graph errors surface as errors, not as empty results', async () => {
    seeded.emulator.setFaults({ serverErrorProbability: 1 });
    try {
      await expect(statusReader(seeded.emulator).observe(targets)).rejects.toThrow(/Resource ?Graph|HTTP 5\d\d|server|Internal|unavailable/i);
    } finally {
      seeded.emulator.setFaults({ serverErrorProbability: 0 });
    }
  });
});

describe('ArmStatusReader while the Resource Graph index lags ARM', () => {
  test('extensions the graph does not have yet are read with a GET each: states and versions are right at once', async () => {
    const fleet = targetsOf(10, 2);
    const lagging = await seededEmulator(fleet.docs, { emulator: { resourceGraphDelayMs: 60_000 } });
    try {
      lagging.emulator.reset();
      const obs = await statusReader(lagging.emulator).observe(fleet.targets);
      expect(obs.extensions.size).toBe(10);
      expect(obs.computes.size).toBe(10);
      for (const e of obs.extensions.values()) expect(e).toMatchObject({ provisioningState: 'Succeeded', currentVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      const calls = armRequests(lagging.emulator);
      expect(calls.filter((c) => c.path === GRAPH)).toHaveLength(1);
      expect(calls.filter((c) => /\/extensions\/[^/]+$/i.test(c.path))).toHaveLength(10);
    } finally {
      await lagging.emulator.stop();
    }
  });
});
