// See extensions.test.ts for why the export conditions are narrowed here (helpers load the SDKs).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { OTHER_SUB, RG, SUB, aksId, arcId, arm, armToken, azureMlSettings } from './helpers.ts';

// Raw HTTPS calls only: these routes have no SDK in the workspace.
let emulator: Emulator;
let token: string;

const EXT_API = 'api-version=2023-05-01';
const ML_API = 'api-version=2024-10-01';

beforeAll(async () => {
  emulator = await startEmulator({
    installTimeMs: 0,
    attachTimeMs: 0,
    retryAfterSeconds: 0,
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks' },
      { subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'arc-1', type: 'arc' },
    ],
    workspaces: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'ws-1' },
      { subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'ws-2' },
    ],
  });
  trustEmulator(emulator);
  token = await armToken(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

async function graph(body: unknown): Promise<{ status: number; body: any }> {
  const res = await arm(emulator, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', body, token);
  return { status: res.status, body: res.body };
}

describe('Azure Resource Graph', () => {
  beforeAll(async () => {
    for (const [cluster, id] of [['aks-1', aksId('aks-1')], ['arc-1', arcId('arc-1', OTHER_SUB)]] as const) {
      const put = await arm(emulator, 'PUT', `${id}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?${EXT_API}`, {
        properties: { extensionType: 'microsoft.azureml.kubernetes', configurationSettings: azureMlSettings({ inferenceRouterServiceType: 'nodePort' }) },
      }, token);
      expect([cluster, put.status]).toEqual([cluster, 201]);
    }
    await new Promise((r) => setTimeout(r, 5));
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 130; i++) {
      const name = `c${String(i).padStart(3, '0')}`;
      writes.push(
        arm(emulator, 'PUT', `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes/${name}?${ML_API}`, {
          properties: { computeType: 'Kubernetes', resourceId: aksId('aks-1'), properties: { namespace: 'default' } },
        }, token),
      );
    }
    writes.push(
      arm(emulator, 'PUT', `/subscriptions/${OTHER_SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-2/computes/arc?${ML_API}`, {
        properties: { computeType: 'Kubernetes', resourceId: arcId('arc-1', OTHER_SUB), properties: { namespace: 'default' } },
      }, token),
    );
    await Promise.all(writes);
  });

  test('computes are not in Resource Graph (as in Azure): the compute list API pages them', async () => {
    const none = await graph({ query: "resources | where type =~ 'Microsoft.MachineLearningServices/workspaces/computes' | project id, name, properties" });
    expect(none.body).toMatchObject({ totalRecords: 0, data: [] });
    let next: string | undefined = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes?${ML_API}`;
    const seen: string[] = [];
    let calls = 0;
    while (next) {
      const res = await arm(emulator, 'GET', next.replace(emulator.url, ''), undefined, token);
      expect(res.status).toBe(200);
      seen.push(...res.body.value.map((r: { id: string }) => r.id));
      next = res.body.nextLink;
      calls++;
    }
    expect(new Set(seen).size).toBe(130);
    expect(calls).toBeGreaterThan(1);
  });

  test('filters by subscription and by properties; extensions have PascalCase properties and no protected settings', async () => {
    const other = await graph({ subscriptions: [OTHER_SUB], query: "resources | where type =~ 'microsoft.machinelearningservices/workspaces'" });
    expect(other.body.data.map((r: { name: string }) => r.name)).toEqual(['ws-2']);
    expect(other.body.data[0]).toMatchObject({ subscriptionId: OTHER_SUB, resourceGroup: RG.toLowerCase(), type: 'microsoft.machinelearningservices/workspaces' });

    const exts = await graph({
      query: "kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions' and properties.ExtensionType =~ 'Microsoft.AzureML.Kubernetes' | order by id asc",
    });
    expect(exts.body.count).toBe(2);
    expect(exts.body.data[0].properties.ProvisioningState).toBe('Succeeded');
    expect(exts.body.data[1].identity.type).toBe('SystemAssigned');
    expect(JSON.stringify(exts.body.data)).not.toMatch(/protectedSettings/i);

    const counted = await graph({ query: "Resources | where type in~ ('microsoft.containerservice/managedclusters', 'microsoft.kubernetes/connectedclusters') | count" });
    expect(counted.body.data).toEqual([{ Count: 2 }]);
  });

  test('kubernetesconfigurationresources holds the extensions only, as in Azure', async () => {
    const exts = await graph({ query: "KubernetesConfigurationResources | where type =~ 'microsoft.kubernetesconfiguration/extensions' and name in~ ('AzureML') | project id, properties | order by id asc" });
    expect(exts.status).toBe(200);
    const ids = exts.body.data.map((r: { id: string }) => r.id.toLowerCase()).sort();
    expect(ids).toEqual([aksId('aks-1'), arcId('arc-1', OTHER_SUB)].map((c) => `${c}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`.toLowerCase()).sort());
    expect(exts.body.data[0].properties.ProvisioningState).toBe('Succeeded');
    const all = await graph({ query: 'kubernetesconfigurationresources | count' });
    expect(all.body.data).toEqual([{ Count: 2 }]);
  });

  test('queries outside the supported subset are refused, not answered wrong', async () => {
    for (const query of ['resources | summarize count() by type', "resourcecontainers | where type == 'x'", "resources | where type =~ 'x"]) {
      const res = await graph({ query });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].code).toBe('InvalidQuery');
    }
  });
});

describe('Azure Relay for Arc', () => {
  const ns = `/subscriptions/${OTHER_SUB}/resourceGroups/${RG}/providers/Microsoft.Relay/namespaces/arc1relayns`;
  const api = 'api-version=2021-11-01';

  test('namespace, hybrid connection, rule and listKeys yield a usable connection string', async () => {
    expect((await arm(emulator, 'GET', `${ns}/hybridConnections/arc-1?${api}`, undefined, token)).status).toBe(404);
    const created = await arm(emulator, 'PUT', `${ns}?${api}`, { location: 'East US', sku: { name: 'Standard' }, tags: { created_by: 'Azure Arc-enabled ML' } }, token);
    expect(created.status).toBe(201);
    // A long-running creation, as in the spec's example (activation is instant here: installTimeMs 0).
    expect(created.body.properties).toMatchObject({ provisioningState: 'Created', serviceBusEndpoint: 'https://arc1relayns.servicebus.windows.net:443/' });
    expect((await arm(emulator, 'GET', `${ns}?${api}`, undefined, token)).body.properties).toMatchObject({ provisioningState: 'Succeeded', status: 'Active' });
    expect((await arm(emulator, 'PUT', `${ns}?${api}`, { location: 'eastus' }, token)).status).toBe(200);

    const hc = await arm(emulator, 'PUT', `${ns}/hybridConnections/arc-1?${api}`, { properties: { requiresClientAuthorization: true } }, token);
    expect(hc.status).toBe(200);
    expect(hc.body.properties.requiresClientAuthorization).toBe(true);

    const badRule = await arm(emulator, 'PUT', `${ns}/hybridConnections/arc-1/authorizationRules/azureml_rw?${api}`, { properties: { rights: ['Manage'] } }, token);
    expect(badRule.status).toBe(400);
    const rule = await arm(emulator, 'PUT', `${ns}/hybridConnections/arc-1/authorizationRules/azureml_rw?${api}`, { properties: { rights: ['Manage', 'Send', 'Listen'] } }, token);
    expect(rule.status).toBe(200);

    const keys = await arm(emulator, 'POST', `${ns}/hybridConnections/arc-1/authorizationRules/azureml_rw/listKeys?${api}`, undefined, token);
    expect(keys.status).toBe(200);
    expect(keys.body.primaryConnectionString).toBe(
      `Endpoint=sb://arc1relayns.servicebus.windows.net/;SharedAccessKeyName=azureml_rw;SharedAccessKey=${keys.body.primaryKey};EntityPath=arc-1`,
    );
    const again = await arm(emulator, 'POST', `${ns}/hybridConnections/arc-1/authorizationRules/azureml_rw/listKeys?${api}`, undefined, token);
    expect(again.body.primaryKey).toBe(keys.body.primaryKey);

    const taken = await arm(emulator, 'PUT', `/subscriptions/${SUB}/resourceGroups/other/providers/Microsoft.Relay/namespaces/ARC1RELAYNS?${api}`, { location: 'eastus' }, token);
    expect(taken.status).toBe(409);
  });
});

describe('role assignments and definitions', () => {
  const api = 'api-version=2022-04-01';
  const scope = aksId('aks-1');
  const principal = '3c3c3c3c-0000-4000-8000-000000000001';
  const readerGuid = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

  test('built-in definitions by GUID and by name', async () => {
    const reader = await arm(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${readerGuid}?${api}`, undefined, token);
    expect(reader.body.properties.roleName).toBe('Reader');
    const byName = await arm(emulator, 'GET', `${scope}/providers/Microsoft.Authorization/roleDefinitions?${api}&$filter=${encodeURIComponent("roleName eq 'Kubernetes Extension Contributor'")}`, undefined, token);
    expect(byName.body.value.map((d: { name: string }) => d.name)).toEqual(['85cb6faf-e071-4c9b-8136-154b5a04f717']);
    const missing = await arm(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000?${api}`, undefined, token);
    expect(missing.status).toBe(404);
  });

  test('create, read, list at and below a scope, refuse duplicates, delete', async () => {
    const name = '5d5d5d5d-0000-4000-8000-000000000001';
    const body = { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${readerGuid}`, principalId: principal, principalType: 'ServicePrincipal' } };
    const created = await arm(emulator, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${api}`, body, token);
    expect(created.status).toBe(201);
    expect(created.body.properties.scope).toBe(scope);
    expect((await arm(emulator, 'GET', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${api}`, undefined, token)).status).toBe(200);

    const duplicate = await arm(emulator, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/5d5d5d5d-0000-4000-8000-000000000002?${api}`, body, token);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('RoleAssignmentExists');
    const malformedRole = await arm(emulator, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/5d5d5d5d-0000-4000-8000-000000000003?${api}`, {
      properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/Reader', principalId: principal },
    }, token);
    expect([malformedRole.status, malformedRole.body.error.code]).toEqual([400, 'InvalidRoleDefinitionId']);

    const fromSubscription = await arm(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?${api}&$filter=${encodeURIComponent(`principalId eq '${principal}'`)}`, undefined, token);
    expect(fromSubscription.body.value).toHaveLength(1);
    const atSubscriptionOnly = await arm(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?${api}&$filter=atScope()`, undefined, token);
    expect(atSubscriptionOnly.body.value).toHaveLength(0);

    const deleted = await arm(emulator, 'DELETE', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${api}`, undefined, token);
    expect(deleted.status).toBe(200);
    expect((await arm(emulator, 'DELETE', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${api}`, undefined, token)).status).toBe(204);
  });
});
