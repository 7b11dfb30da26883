// The status reader against the emulator: a few paged queries for a whole fleet, in both modes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fleetSpecs } from '@aml-k8s/backstage-dev/fleet';
import { azureIdsOf, inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import { ArmStatusReader } from '../src/status/arm-reader.ts';
import type { StatusTargets } from '../src/status/observation.ts';
import { armClientFor, armRequests, seededEmulator } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

const COUNT = 120;
let seeded: SeededEmulator;
let targets: StatusTargets;

beforeAll(async () => {
  const docs = inventoryOf(fleetSpecs(COUNT, { workspaces: 3, subscriptions: 2 })).entries.map((e) => e.doc);
  // fleet-7x's cluster has no AzureML extension; fleet-8x's extension is installed but not attached.
  seeded = await seededEmulator(docs, { skipAttach: new Set(['fleet-8x']) });
  const ids = docs.map(azureIdsOf);
  targets = { extensionIds: ids.map((i) => i.extensionId), computeIds: ids.map((i) => i.computeId!) };
  await seeded.client.send('DELETE', `${ids[7]!.computeId}?api-version=2024-10-01&underlyingResourceAction=Detach`);
  await new Promise((r) => setTimeout(r, 20));
  await seeded.client.send('DELETE', `${ids[7]!.extensionId}?api-version=2023-05-01&forceDelete=true`);
  seeded.emulator.reset();
});

afterAll(async () => {
  await seeded?.emulator.stop();
});

describe('ArmStatusReader', () => {
  test('Resource Graph: every extension and compute in ceil(n / page) queries each', async () => {
    const reader = new ArmStatusReader(armClientFor(seeded.emulator), { pageSize: 50 });
    const obs = await reader.observe(targets);
    expect(obs.extensions.size).toBe(COUNT - 1);
    expect(obs.computes.size).toBe(COUNT - 2);
    expect(obs.requests).toBe(6);
    const calls = armRequests(seeded.emulator);
    expect(calls).toHaveLength(6);
    expect(calls.every((c) => c.method === 'POST' && c.path === '/providers/Microsoft.ResourceGraph/resources')).toBe(true);
    expect(obs.extensions.get(targets.extensionIds[0]!.toLowerCase())).toEqual({ provisioningState: 'Succeeded', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(obs.computes.get(targets.computeIds[0]!.toLowerCase())).toMatchObject({ provisioningState: 'Succeeded', resourceId: expect.stringContaining('aks-fleet-0') });
    expect(obs.extensions.has(targets.extensionIds[7]!.toLowerCase())).toBe(false);
    expect(obs.computes.has(targets.computeIds[8]!.toLowerCase())).toBe(false);
  });

  test('list mode: one Resource Graph query for extensions, one compute list per workspace', async () => {
    seeded.emulator.reset();
    const reader = new ArmStatusReader(armClientFor(seeded.emulator), { computeSource: 'list' });
    const obs = await reader.observe(targets);
    expect(obs.computes.size).toBe(COUNT - 2);
    const calls = armRequests(seeded.emulator);
    const lists = calls.filter((c) => c.method === 'GET' && c.path.endsWith('/computes'));
    expect(new Set(lists.map((c) => c.path)).size).toBe(3);
    // 40 computes per workspace in pages of 50: one page each.
    expect(lists).toHaveLength(3);
    expect(calls).toHaveLength(4);
  });

  test('Resource Graph errors surface as errors, not as empty results', async () => {
    seeded.emulator.setFaults({ serverErrorProbability: 1 });
    try {
      const reader = new ArmStatusReader(armClientFor(seeded.emulator));
      await expect(reader.observe(targets)).rejects.toThrow(/Resource ?Graph|HTTP 5\d\d|server|Internal|unavailable/i);
    } finally {
      seeded.emulator.setFaults({ serverErrorProbability: 0 });
    }
  });
});
