// The compute list read as plain JSON, against the emulator: every page followed, the fields a
// status needs, a workspace that is gone lists nothing, and ARM errors surface as errors.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { principalCredential } from '@aml-k8s/backstage-dev/arm';
import { fleetSpecs } from '@aml-k8s/backstage-dev/fleet';
import { AzureError, armConfigFromEnv } from '@aml-k8s/shared';
import { azureIdsOf, inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import { ComputeListClient } from '../src/status/compute-list.ts';
import { seededEmulator } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

const COUNT = 120; // one workspace: more than one of the emulator's pages
let seeded: SeededEmulator;
let lists: ComputeListClient;
let sub = '';

beforeAll(async () => {
  const docs = inventoryOf(fleetSpecs(COUNT, { workspaces: 1, subscriptions: 1 })).entries.map((e) => e.doc);
  sub = azureIdsOf(docs[0]!).computeId!.split('/')[2]!;
  seeded = await seededEmulator(docs);
  const arm = armConfigFromEnv({}, { endpoint: seeded.emulator.url, retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 }, pacing: false });
  lists = new ComputeListClient(principalCredential(seeded.emulator), arm);
});

afterAll(async () => {
  await seeded?.emulator.stop();
});

describe('ComputeListClient', () => {
  test('lists every compute of the workspace across pages, with state and attached cluster', async () => {
    seeded.emulator.reset();
    const computes = await lists.list(sub, 'ml-rg-0', 'ml-workspace-0');
    expect(computes).toHaveLength(COUNT);
    expect(seeded.emulator.requests().filter((r) => r.kind === 'arm' && /\/computes$/i.test(r.path)).length).toBeGreaterThan(1);
    const first = computes.find((c) => c.id.endsWith('/computes/fleet-0x'));
    expect(first).toMatchObject({ provisioningState: 'Succeeded', provisioningErrors: [], resourceId: expect.stringContaining('/managedClusters/aks-fleet-0') });
  });

  test('a workspace that is gone lists nothing; a server error is an AzureError', async () => {
    await expect(lists.list(sub, 'ml-rg-0', 'no-such-workspace')).resolves.toEqual([]);
    seeded.emulator.setFaults({ serverErrorProbability: 1 });
    try {
      await expect(lists.list(sub, 'ml-rg-0', 'ml-workspace-0')).rejects.toBeInstanceOf(AzureError);
    } finally {
      seeded.emulator.setFaults({ serverErrorProbability: 0 });
    }
  });
});
