import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import { parseQuery, QueryError, runQuery, type Row } from './resource-graph.ts';
import { startEmulator, type Emulator } from './server.ts';
import { trustEmulator } from './tls.ts';

const rows: Row[] = [
  { id: '/s/1/c/a', name: 'a', type: 'microsoft.containerservice/managedclusters', subscriptionId: 's1', properties: { provisioningState: 'Succeeded' } },
  { id: '/s/1/w/b', name: 'b', type: 'microsoft.machinelearningservices/workspaces', subscriptionId: 's1', properties: { provisioningState: 'Failed' } },
  { id: '/s/2/w/c', name: 'c', type: 'microsoft.machinelearningservices/workspaces', subscriptionId: 's2', properties: { provisioningState: 'Succeeded' } },
];

const run = (q: string): Row[] => runQuery(parseQuery(q), rows);

describe('the Resource Graph subset', () => {
  test('=~ is case-insensitive, == is not', () => {
    expect(run("resources | where type =~ 'Microsoft.MachineLearningServices/workspaces'").map((r) => r.name)).toEqual(['b', 'c']);
    expect(run("resources | where type == 'Microsoft.MachineLearningServices/workspaces'")).toEqual([]);
  });

  test('and, dotted paths, in~, !~, contains, startswith', () => {
    expect(run("resources | where type contains 'workspaces' and properties.provisioningState =~ 'succeeded'").map((r) => r.name)).toEqual(['c']);
    expect(run("resources | where subscriptionId in~ ('S2', 'x')").map((r) => r.name)).toEqual(['c']);
    expect(run("resources | where properties.provisioningState !~ 'SUCCEEDED'").map((r) => r.name)).toEqual(['b']);
    expect(run("resources | where id startswith '/S/1/'").map((r) => r.name)).toEqual(['a', 'b']);
  });

  test('project (a path names its column with underscores, as Azure does), order by (descending by default), take, count', () => {
    expect(run('resources | project name, properties.provisioningState | order by name | take 2')).toEqual([
      { name: 'c', properties_provisioningState: 'Succeeded' },
      { name: 'b', properties_provisioningState: 'Failed' },
    ]);
    expect(run("resources | project id, properties.provisioningState | where properties_provisioningState == 'Failed'")).toEqual([{ id: '/s/1/w/b', properties_provisioningState: 'Failed' }]);
    expect(run('resources | order by name asc | limit 1').map((r) => r.name)).toEqual(['a']);
    expect(run("resources | where subscriptionId == 's1' | count")).toEqual([{ Count: 2 }]);
  });

  test('two tables: resources and kubernetesconfigurationresources (any case)', () => {
    expect(parseQuery('resources | count').table).toBe('resources');
    expect(parseQuery("KubernetesConfigurationResources | where name =~ 'azureml'").table).toBe('kubernetesconfigurationresources');
  });

  test('anything else is a QueryError', () => {
    for (const q of ['resources | extend x = 1', 'resources | where type', "resources | where type =~ 'x' or name == 'y'", 'resources where', 'securityresources', "resources | where type =~ x"]) {
      expect(() => parseQuery(q)).toThrow(QueryError);
    }
  });
});

// Against the emulator itself: the tables hold what Azure's hold, rows and columns look like Azure's.
const SUB = '11111111-1111-1111-1111-111111111111';
const OTHER_SUB = '22222222-2222-2222-2222-222222222222';
const RG = 'ml-rg';
const AKS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const ARC = `/subscriptions/${OTHER_SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/arc-1`;
const WS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-1`;
const EXT = (cluster: string): string => `${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`;
const SETTINGS = { enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'nodePort', allowInsecureConnections: 'True', inferenceRouterHA: 'False' };

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

async function open(delayMs = 0): Promise<{ emulator: Emulator; call: Call; graph: (query: string, options?: Record<string, unknown>) => Promise<any> }> {
  const emulator = await startEmulator({
    installTimeMs: 0,
    attachTimeMs: 0,
    deleteTimeMs: 0,
    retryAfterSeconds: 0,
    resourceGraphDelayMs: delayMs,
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-1', type: 'aks', nodeCount: 3 },
      { subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'arc-1', type: 'arc', nodeCount: 3 },
    ],
    workspaces: [{ subscriptionId: SUB, resourceGroup: RG, name: 'ws-1' }],
  });
  trustEmulator(emulator);
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, emulator.credentialOptions());
  const token = (await credential.getToken('https://management.azure.com/.default'))!.token;
  const call: Call = async (method, path, body) => {
    const res = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const graph = async (query: string, options: Record<string, unknown> = {}): Promise<any> => {
    const r = await call('POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { query, options });
    expect(r.status).toBe(200);
    return r.body;
  };
  return { emulator, call, graph };
}

const putExtension = (call: Call, cluster: string): ReturnType<Call> =>
  call('PUT', `${EXT(cluster)}?api-version=2023-05-01`, { properties: { extensionType: 'Microsoft.AzureML.Kubernetes', configurationSettings: SETTINGS, configurationProtectedSettings: { canary: 'do-not-show' } } });

describe('the Resource Graph tables, as Azure indexes them', () => {
  let e: Awaited<ReturnType<typeof open>>;

  beforeAll(async () => {
    e = await open();
    for (const cluster of [AKS, ARC]) expect((await putExtension(e.call, cluster)).status).toBe(201);
    await new Promise((r) => setTimeout(r, 10));
    for (const name of ['c1', 'c2', 'c3']) {
      const r = await e.call('PUT', `${WS}/computes/${name}?api-version=2024-10-01`, { properties: { computeType: 'Kubernetes', resourceId: AKS, properties: { namespace: 'default' } } });
      expect(r.status).toBeLessThan(300);
    }
  });

  afterAll(async () => {
    await e?.emulator.stop();
  });

  test('resources: workspaces and clusters, never computes (Azure does not index them) nor extensions', async () => {
    expect((await e.graph("resources | where type =~ 'microsoft.machinelearningservices/workspaces/computes'")).data).toEqual([]);
    expect((await e.graph("resources | where type contains 'computes' | count")).data).toEqual([{ Count: 0 }]);
    expect((await e.graph("resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project id")).data).toEqual([{ id: WS }]);
    expect((await e.graph("resources | where type =~ 'microsoft.kubernetesconfiguration/extensions' | count")).data).toEqual([{ Count: 0 }]);
    // The compute list API has them.
    expect((await e.call('GET', `${WS}/computes?api-version=2024-10-01`)).body.value).toHaveLength(3);
  });

  test('kubernetesconfigurationresources: extension rows with PascalCase properties, settings keys as they are, no protected settings', async () => {
    const r = await e.graph("kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions' and properties.ExtensionType =~ 'microsoft.azureml.kubernetes' | order by id asc");
    expect(r.data.map((row: Row) => row.id)).toEqual([EXT(AKS), EXT(ARC)]);
    const props = r.data[0].properties;
    expect(props).toMatchObject({ ExtensionType: 'Microsoft.AzureML.Kubernetes', ProvisioningState: 'Succeeded', InstallState: 'Installed', Version: expect.stringMatching(/^\d+\.\d+\.\d+$/), AutoUpgradeMinorVersion: true, Scope: { Cluster: { ReleaseNamespace: 'azureml' } } });
    expect(props.ConfigurationSettings).toMatchObject({ inferenceRouterServiceType: 'nodePort', enableTraining: 'True' });
    expect(Object.keys(props).filter((k) => /^[a-z]/.test(k))).toEqual([]);
    expect(JSON.stringify(r.data)).not.toMatch(/do-not-show|ProtectedSettings/i);
    // Azure's sample queries filter by the PascalCase names; the camelCase GET names find nothing.
    expect((await e.graph("kubernetesconfigurationresources | where properties.extensionType =~ 'microsoft.azureml.kubernetes'")).data).toEqual([]);
    expect((await e.graph("kubernetesconfigurationresources | where properties.ProvisioningState == 'Succeeded' | count")).data).toEqual([{ Count: 2 }]);
  });

  test('project properties.x names the column properties_x', async () => {
    const r = await e.graph('kubernetesconfigurationresources | project id, properties.ProvisioningState, properties.Version | order by id asc');
    expect(Object.keys(r.data[0]).sort()).toEqual(['id', 'properties_ProvisioningState', 'properties_Version']);
    expect(r.data[0].properties_ProvisioningState).toBe('Succeeded');
    const ws = await e.graph("resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project name, properties.provisioningState");
    expect(ws.data).toEqual([{ name: 'ws-1', properties_provisioningState: 'Succeeded' }]);
  });

  test('paging follows $skipToken only with an id column; without one a larger result is truncated', async () => {
    const first = await e.graph('kubernetesconfigurationresources | project id, name | order by id asc', { $top: 1 });
    expect(first).toMatchObject({ totalRecords: 2, count: 1, resultTruncated: 'false', $skipToken: expect.any(String) });
    const second = await e.graph('kubernetesconfigurationresources | project id, name | order by id asc', { $top: 1, $skipToken: first.$skipToken });
    expect(second.data.map((row: Row) => row.id)).toEqual([EXT(ARC)]);
    expect(second.$skipToken).toBeUndefined();

    const noId = await e.graph('kubernetesconfigurationresources | project name, properties.ProvisioningState', { $top: 1 });
    expect(noId).toMatchObject({ totalRecords: 2, count: 1, resultTruncated: 'true' });
    expect(noId.$skipToken).toBeUndefined();
  });

  test('resultTruncated is "false" when everything fits in the page, with or without an id', async () => {
    for (const q of ['kubernetesconfigurationresources | project name', 'kubernetesconfigurationresources', 'resources | count']) {
      const r = await e.graph(q, { $top: 10 });
      expect([q, r.resultTruncated, r.$skipToken]).toEqual([q, 'false', undefined]);
    }
  });
});

describe('the Resource Graph index lags ARM (resourceGraphDelayMs)', () => {
  test('a new extension shows only after the delay; a deleted one lingers as long; GET sees both at once', async () => {
    const delay = 400;
    const e = await open(delay);
    try {
      const count = async (): Promise<number> => (await e.graph('kubernetesconfigurationresources | count')).data[0].Count;
      expect(await count()).toBe(0);
      expect((await putExtension(e.call, AKS)).status).toBe(201);
      expect((await e.call('GET', `${EXT(AKS)}?api-version=2023-05-01`)).status).toBe(200);
      expect(await count()).toBe(0);
      await new Promise((r) => setTimeout(r, delay + 50));
      expect(await count()).toBe(1);
      expect((await e.graph('kubernetesconfigurationresources | project id, properties.ProvisioningState')).data[0].properties_ProvisioningState).toBe('Succeeded');

      expect((await e.call('DELETE', `${EXT(AKS)}?api-version=2023-05-01&forceDelete=true`)).status).toBeLessThan(300);
      expect((await e.call('GET', `${EXT(AKS)}?api-version=2023-05-01`)).status).toBe(404);
      expect(await count()).toBe(1);
      await new Promise((r) => setTimeout(r, delay + 50));
      expect(await count()).toBe(0);
    } finally {
      await e.emulator.stop();
    }
  });

  test('no delay by default: changes show in the next query', async () => {
    const e = await open();
    try {
      expect((await putExtension(e.call, ARC)).status).toBe(201);
      expect((await e.graph('kubernetesconfigurationresources | count')).data).toEqual([{ Count: 1 }]);
    } finally {
      await e.emulator.stop();
    }
  });
});
