// Workspaces_ListBySubscription (paged, as the SDK sends it) and a client's `deny` list (403 for
// one action at one scope, as a deny assignment or a narrower custom role gives).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { OTHER_SUB, RG, SUB, arm, mlClient } from './helpers.ts';

let emulator: Emulator;
const LIMITED = { clientId: '3c5e7a9b-2d4f-4a6b-8c0d-1e2f3a4b5c6d', clientSecret: 'limited-secret' };
const wsId = (name: string, sub = SUB): string => `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

beforeAll(async () => {
  emulator = await startEmulator({
    pageSize: 2,
    workspaces: ['ws-c', 'ws-a', 'ws-b'].map((name) => ({ subscriptionId: SUB, resourceGroup: RG, name })).concat([{ subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'ws-other' }]),
    clients: [{ ...LIMITED, deny: [{ scope: wsId('ws-b'), action: 'Microsoft.MachineLearningServices/workspaces/computes/read' }] }],
  });
  trustEmulator(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

test('lists the workspaces of a subscription, sorted and paged with $skip; the SDK follows every page', async () => {
  const names: string[] = [];
  for await (const w of mlClient(emulator).workspaces.listBySubscription()) names.push(w.name ?? '');
  expect(names).toEqual(['ws-a', 'ws-b', 'ws-c']);
  const first = await arm(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01`);
  expect(first.status).toBe(200);
  expect(first.body.value.map((w: { id: string }) => w.id)).toEqual([wsId('ws-a'), wsId('ws-b')]);
  expect(first.body.nextLink).toContain('$skip=2');
  const none = await arm(emulator, 'GET', `/subscriptions/00000000-0000-0000-0000-00000000000f/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01`);
  expect(none.body).toEqual({ value: [] });
});

test('a denied action answers 403 AuthorizationFailed at its scope only', async () => {
  const limited = mlClient(emulator, new ClientSecretCredential(emulator.tenantId, LIMITED.clientId, LIMITED.clientSecret, emulator.credentialOptions()));
  await expect(limited.computeOperations.list(RG, 'ws-b').next()).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  await expect(limited.computeOperations.list(RG, 'ws-a').next()).resolves.toMatchObject({ done: true });
  await expect(limited.workspaces.get(RG, 'ws-b')).resolves.toMatchObject({ name: 'ws-b' });
});
