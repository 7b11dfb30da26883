// User-assigned identities, the role assignments an attach with one needs, and extension removal
// (timing, failure, force delete). Raw HTTPS calls, as Azure sees them.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { ROLE_IDS, startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { RG, SUB, aksId, arcId, arm, armToken, azureMlSettings } from './helpers.ts';

let emulator: Emulator;
let token: string;

const EXT_API = 'api-version=2023-05-01';
const ML_API = 'api-version=2024-10-01';
const MI_API = 'api-version=2023-01-31';
const AUTH_API = 'api-version=2022-04-01';
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-id`;
const computePath = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/${name}?${ML_API}`;
const extensionPath = (clusterId: string) => `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?${EXT_API}`;

const settle = (ms = 15): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function install(clusterId: string, extra: Record<string, string> = {}): Promise<void> {
  const put = await arm(emulator, 'PUT', extensionPath(clusterId), { properties: { extensionType: 'microsoft.azureml.kubernetes', configurationSettings: azureMlSettings(extra) } }, token);
  expect(put.status).toBe(201);
  await settle();
}

async function grant(scope: string, role: string, principalId: string, name: string): Promise<number> {
  const r = await arm(emulator, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${AUTH_API}`, {
    properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId, principalType: 'ServicePrincipal' },
  }, token);
  return r.status;
}

async function attach(name: string, clusterId: string): Promise<{ status: number; body: any }> {
  const put = await arm(emulator, 'PUT', computePath(name), {
    identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY]: {} } },
    properties: { computeType: 'Kubernetes', resourceId: clusterId, properties: { namespace: 'default' } },
  }, token);
  if (put.status >= 400) return put;
  await settle();
  return arm(emulator, 'GET', computePath(name), undefined, token);
}

beforeAll(async () => {
  emulator = await startEmulator({
    installTimeMs: 0,
    attachTimeMs: 0,
    deleteTimeMs: 5,
    retryAfterSeconds: 0,
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks' },
      { subscriptionId: SUB, resourceGroup: RG, name: 'arc-1', type: 'arc' },
    ],
    workspaces: [{ subscriptionId: SUB, resourceGroup: RG, name: 'ws' }],
    identities: [{ subscriptionId: SUB, resourceGroup: RG, name: 'ml-id', principalId: '0f0f0f0f-1111-4222-8333-444444444444' }],
  });
  trustEmulator(emulator);
  token = await armToken(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

describe('user-assigned identities', () => {
  test('GET returns the principal role assignments name; an unknown identity is 404', async () => {
    const r = await arm(emulator, 'GET', `${IDENTITY}?${MI_API}`, undefined, token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'ml-id', type: 'Microsoft.ManagedIdentity/userAssignedIdentities', properties: { principalId: '0f0f0f0f-1111-4222-8333-444444444444' } });
    expect((await arm(emulator, 'GET', `${IDENTITY.replace('ml-id', 'nope')}?${MI_API}`, undefined, token)).status).toBe(404);
  });

  test('an attach with an identity that does not exist is refused at once', async () => {
    const r = await arm(emulator, 'PUT', computePath('ghost'), {
      identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY.replace('ml-id', 'nope')]: {} } },
      properties: { computeType: 'Kubernetes', resourceId: aksId('aks-1') },
    }, token);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/user-assigned identity .*nope' was not found/);
  });

  test('AKS: the attach fails until the identity has Reader, Kubernetes Extension Contributor and Cluster Admin on the cluster', async () => {
    await install(aksId('aks-1'));
    const principal = '0f0f0f0f-1111-4222-8333-444444444444';
    const failed = await attach('aks-uai', aksId('aks-1'));
    expect(failed.body.properties.provisioningState).toBe('Failed');
    const message = failed.body.properties.provisioningErrors[0].error.message as string;
    expect(message).toContain("'Reader' on " + aksId('aks-1'));
    expect(message).toContain("'Kubernetes Extension Contributor'");
    expect(message).toContain("'Azure Kubernetes Service Cluster Admin Role'");
    // Reader inherited from the resource group counts; the other two at the cluster.
    expect(await grant(`/subscriptions/${SUB}/resourceGroups/${RG}`, ROLE_IDS.reader, principal, '11111111-0000-4000-8000-000000000001')).toBe(201);
    expect(await grant(aksId('aks-1'), ROLE_IDS.extensionContributor, principal, '11111111-0000-4000-8000-000000000002')).toBe(201);
    expect(await grant(aksId('aks-1'), ROLE_IDS.aksClusterAdmin, principal, '11111111-0000-4000-8000-000000000003')).toBe(201);
    const ok = await attach('aks-uai-2', aksId('aks-1'));
    expect(ok.body.properties.provisioningState).toBe('Succeeded');
    expect(ok.body.identity.userAssignedIdentities[IDENTITY]).toMatchObject({ principalId: principal });
  });

  test('Arc: Azure Relay Owner on the Relay namespace of the extension is needed too', async () => {
    const relayNs = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Relay/namespaces/arc1relay`;
    await install(arcId('arc-1'), { 'relayserver.hybridConnectionResourceID': `${relayNs}/hybridConnections/arc-1`, 'relayserver.hybridConnectionName': 'arc-1' });
    const principal = '0f0f0f0f-1111-4222-8333-444444444444';
    expect(await grant(arcId('arc-1'), ROLE_IDS.extensionContributor, principal, '11111111-0000-4000-8000-000000000004')).toBe(201);
    expect(await grant(arcId('arc-1'), ROLE_IDS.aksClusterAdmin, principal, '11111111-0000-4000-8000-000000000005')).toBe(201);
    const failed = await attach('arc-uai', arcId('arc-1'));
    expect(failed.body.properties.provisioningErrors[0].error.message).toMatch(/lacks the role assignments 'Azure Relay Owner' on .*namespaces\/arc1relay\. Grant them/);
    expect(await grant(relayNs, ROLE_IDS.relayOwner, principal, '11111111-0000-4000-8000-000000000006')).toBe(201);
    expect((await attach('arc-uai-2', arcId('arc-1'))).body.properties.provisioningState).toBe('Succeeded');
  });
});

describe('extension removal', () => {
  beforeEach(() => {
    emulator.setFaults({ failNextExtensionDeletes: 0, failNextOperations: 0 });
  });

  test('a delete runs for deleteTimeMs (Deleting), then the extension is gone', async () => {
    const cluster = aksId('aks-1');
    // Long enough (5 ms × 100) that a loaded machine still reads the Deleting state in between.
    emulator.setFaults({ slowFactor: 100 });
    try {
      const del = await arm(emulator, 'DELETE', extensionPath(cluster), undefined, token);
      expect(del.status).toBe(202);
      expect((await arm(emulator, 'GET', extensionPath(cluster), undefined, token)).body.properties.provisioningState).toBe('Deleting');
      await settle(800);
      expect((await arm(emulator, 'GET', extensionPath(cluster), undefined, token)).status).toBe(404);
    } finally {
      emulator.setFaults({ slowFactor: 1 });
    }
  });

  test('failNextExtensionDeletes leaves the extension Failed; forceDelete removes it at once', async () => {
    const cluster = arcId('arc-1');
    emulator.setFaults({ failNextExtensionDeletes: 1 });
    expect((await arm(emulator, 'DELETE', extensionPath(cluster), undefined, token)).status).toBe(202);
    await settle(20);
    const failed = await arm(emulator, 'GET', extensionPath(cluster), undefined, token);
    expect(failed.body.properties).toMatchObject({ provisioningState: 'Failed', errorInfo: { message: expect.stringContaining('Helm uninstall failed') } });
    expect(emulator.faults().failNextExtensionDeletes).toBe(0);
    const force = await arm(emulator, 'DELETE', extensionPath(cluster).replace('?', '?forceDelete=true&'), undefined, token);
    expect(force.status).toBe(200);
    expect((await arm(emulator, 'GET', extensionPath(cluster), undefined, token)).status).toBe(404);
  });
});
