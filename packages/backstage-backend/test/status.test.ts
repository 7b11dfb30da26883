// Statuses come from the ARM emulator through the plugin's scheduled refresh; transitions are
// written to the history.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ComputeDetailResponse, ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { STATUS_REFRESH_TASK_ID, azuremlComputePlugin } from '../src/plugin.ts';
import { armRequests, exampleEntries, mockScheduler, pluginConfig, seededEmulator, sqliteDatabase } from './helpers.ts';
import type { SeededEmulator } from './helpers.ts';

const BASE = '/api/azureml-compute';
const AUTH = mockCredentials.user.header();

let seeded: SeededEmulator;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let names: string[];
const scheduler = mockScheduler();
const database = sqliteDatabase();

async function list(): Promise<ComputeListResponse> {
  const res = await request(backend.server).get(`${BASE}/computes`).set('Authorization', AUTH);
  expect(res.status).toBe(200);
  return res.body as ComputeListResponse;
}

async function detail(name: string): Promise<ComputeDetailResponse> {
  const res = await request(backend.server).get(`${BASE}/computes/${name}`).set('Authorization', AUTH);
  expect(res.status).toBe(200);
  return res.body as ComputeDetailResponse;
}

beforeAll(async () => {
  const entries = await exampleEntries();
  names = entries.map((e) => e.name).sort();
  // aks-prod wants a highly available router on a one-node cluster: its install fails (E40002).
  // edge-plant's extension is installed but its compute is never attached.
  seeded = await seededEmulator(
    entries.map((e) => e.doc),
    { nodeCount: { 'aks-ml-prod': 1 }, skipAttach: new Set(['edge-plant']) },
  );
  seeded.emulator.reset();
  backend = await startTestBackend({ features: [azuremlComputePlugin, mockServices.rootConfig.factory({ data: pluginConfig(seeded.emulator) }), scheduler.factory(), database.factory] });
});

afterAll(async () => {
  await backend?.stop();
  await database.knex.destroy();
  await seeded?.emulator.stop();
});

describe('status refresh against the emulator', () => {
  test('every example compute has a status, read with one Resource Graph query (extensions) and one compute list per workspace', async () => {
    const body = await list();
    expect(body.items.map((i) => i.name).sort()).toEqual(names);
    const workspaces = new Set(body.items.filter((i) => i.workspace).map((i) => `GET ${i.workspace!.resourceId}/computes`.toLowerCase()));
    const calls = armRequests(seeded.emulator).map((c) => `${c.method} ${c.path}`);
    expect(calls.filter((c) => c.startsWith('POST '))).toEqual(['POST /providers/Microsoft.ResourceGraph/resources']);
    expect(calls.filter((c) => c.startsWith('GET ')).map((c) => c.toLowerCase()).sort()).toEqual([...workspaces].sort());
    // Every installed extension shows the version Azure reports (Resource Graph's properties.Version).
    const installed = body.items.filter((i) => i.extension.provisioningState === 'Succeeded');
    expect(installed.map((i) => [i.name, i.extension.version])).toEqual(installed.map((i) => [i.name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]));
  });

  test('healthy, failed with the documented remedy, and not attached', async () => {
    const byName = new Map((await list()).items.map((i) => [i.name, i]));
    expect(byName.get('aks-poc')).toMatchObject({ health: 'Succeeded', extension: { provisioningState: 'Succeeded' }, compute: { provisioningState: 'Succeeded' }, owner: 'group:default/ml-platform' });
    const prod = byName.get('aks-prod')!;
    expect(prod.health).toBe('Failed');
    expect(prod.extension).toMatchObject({ provisioningState: 'Failed', error: { code: 'E40002', remedy: expect.stringContaining('highAvailability') } });
    expect(byName.get('edge-plant')).toMatchObject({ health: 'NotAttached', extension: { provisioningState: 'Succeeded' }, compute: {} });
  });

  test('a change in Azure becomes a transition in the history, newest first', async () => {
    const before = await detail('aks-poc');
    expect(before.history).toHaveLength(1);
    // Detach the compute in Azure, then refresh.
    const detach = await seeded.client.send('DELETE', `${before.status.computeId}?api-version=2024-10-01&underlyingResourceAction=Detach`);
    expect(detach.status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 20));
    await scheduler.triggerTask(STATUS_REFRESH_TASK_ID);
    const after = await detail('aks-poc');
    expect(after.status).toMatchObject({ health: 'NotAttached', since: after.status.checkedAt });
    expect(after.history.map((h) => h.health)).toEqual(['NotAttached', 'Succeeded']);
    expect(Date.parse(after.history[0]!.at)).toBeGreaterThanOrEqual(Date.parse(after.history[1]!.at));
    // Unchanged computes get no new transition.
    expect((await detail('aks-scoring')).history).toHaveLength(1);
  });
});
