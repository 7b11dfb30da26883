import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { FAST_POLL, RG, SUB, arm, azureMlSettings, extensionsClient } from './helpers.ts';

let emulator: Emulator;
let client: SourceControlConfigurationClient;

const AKS = ['Microsoft.ContainerService', 'managedClusters'] as const;
const ARC = ['Microsoft.Kubernetes', 'connectedClusters'] as const;
const AZUREML = 'microsoft.azureml.kubernetes';

beforeAll(async () => {
  emulator = await startEmulator({
    installTimeMs: 300,
    deleteTimeMs: 150,
    retryAfterSeconds: 0,
    pageSize: 2,
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-main', type: 'aks', nodeCount: 3 },
      { subscriptionId: SUB, resourceGroup: RG, name: 'arc-main', type: 'arc', nodeCount: 3 },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-small', type: 'aks', nodeCount: 1 },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-nolb', type: 'aks', loadBalancerSupported: false },
      { subscriptionId: SUB, resourceGroup: RG, name: 'arc-ilb', type: 'arc' },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-gpu', type: 'aks', existingNvidiaDevicePlugin: true },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-prom', type: 'aks', existingPrometheusOperator: true },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-conflict', type: 'aks' },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-list', type: 'aks' },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-delete', type: 'aks' },
    ],
  });
  trustEmulator(emulator);
  client = extensionsClient(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

function extensionPath(cluster: string, name: string, kind: readonly [string, string] = AKS): string {
  return `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${kind[0]}/${kind[1]}/${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`;
}

function storedExtension(cluster: string, name: string) {
  const found = emulator.state().extensions.find((e) => e.id.toLowerCase() === extensionPath(cluster, name).toLowerCase());
  if (!found) throw new Error(`extension ${cluster}/${name} not in state`);
  return found;
}

describe('extension lifecycle through SourceControlConfigurationClient', () => {
  test('create waits for Succeeded, GET hides protected settings, admin state keeps them', async () => {
    const poller = await client.extensions.beginCreate(RG, ...AKS, 'aks-main', 'azureml', {
      extensionType: 'Microsoft.AzureML.Kubernetes',
      releaseTrain: 'stable',
      configurationSettings: azureMlSettings(),
      configurationProtectedSettings: { 'scoringFe.sslKey': 'c2VjcmV0LWtleQ==', relayServerConnectionString: 'Endpoint=sb://x/' },
    }, FAST_POLL);
    // While installing, ARM reports Creating.
    const during = await client.extensions.get(RG, ...AKS, 'aks-main', 'azureml');
    expect(during.provisioningState).toBe('Creating');
    const created = await poller.pollUntilDone();
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.currentVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(created.scope?.cluster?.releaseNamespace).toBe('azureml');

    const read = await client.extensions.get(RG, ...AKS, 'aks-main', 'azureml');
    expect(read.provisioningState).toBe('Succeeded');
    expect(read.configurationSettings).toEqual(azureMlSettings());
    expect(read.configurationProtectedSettings).toBeUndefined();
    const raw = await arm(emulator, 'GET', `${extensionPath('aks-main', 'azureml')}?api-version=2023-05-01`);
    expect(JSON.stringify(raw.body)).not.toContain('c2VjcmV0LWtleQ==');
    expect(raw.body.properties).not.toHaveProperty('configurationProtectedSettings');
    // AKS extensions carry no identity unless asked for.
    expect(raw.body.identity).toBeUndefined();

    expect(storedExtension('aks-main', 'azureml').configurationProtectedSettings).toEqual({
      'scoringFe.sslKey': 'c2VjcmV0LWtleQ==',
      relayServerConnectionString: 'Endpoint=sb://x/',
    });
  });

  test('PATCH merges plain settings and replaces the whole protected set', async () => {
    await client.extensions.beginUpdateAndWait(RG, ...AKS, 'aks-main', 'azureml', {
      configurationSettings: { inferenceRouterServiceType: 'nodePort', 'nodeSelector.pool': 'gpu' },
      configurationProtectedSettings: { 'scoringFe.sslCert': 'bmV3LWNlcnQ=' },
    }, FAST_POLL);
    const stored = storedExtension('aks-main', 'azureml');
    expect(stored.provisioningState).toBe('Succeeded');
    expect(stored.configurationSettings).toEqual(azureMlSettings({ inferenceRouterServiceType: 'nodePort', 'nodeSelector.pool': 'gpu' }));
    expect(stored.configurationProtectedSettings).toEqual({ 'scoringFe.sslCert': 'bmV3LWNlcnQ=' });

    // A PATCH without protected settings leaves them alone.
    await client.extensions.beginUpdateAndWait(RG, ...AKS, 'aks-main', 'azureml', { configurationSettings: { installDcgmExporter: 'True' } }, FAST_POLL);
    const after = storedExtension('aks-main', 'azureml');
    expect(after.configurationSettings['installDcgmExporter']).toBe('True');
    expect(after.configurationSettings['nodeSelector.pool']).toBe('gpu');
    expect(after.configurationProtectedSettings).toEqual({ 'scoringFe.sslCert': 'bmV3LWNlcnQ=' });
  });

  test('a no-op PATCH answers 200 at once without starting an operation', async () => {
    const before = emulator.state().operations.length;
    const res = await arm(emulator, 'PATCH', `${extensionPath('aks-main', 'azureml')}?api-version=2023-05-01`, {
      properties: { configurationSettings: { installDcgmExporter: 'True' } },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('azure-asyncoperation')).toBeNull();
    expect(emulator.state().operations.length).toBe(before);
  });

  test('Arc extensions get a system-assigned identity', async () => {
    const created = await client.extensions.beginCreateAndWait(RG, ...ARC, 'arc-main', 'azureml', {
      extensionType: AZUREML,
      configurationSettings: azureMlSettings({ inferenceRouterServiceType: 'nodePort' }),
    }, FAST_POLL);
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.identity?.type).toBe('SystemAssigned');
    expect(created.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.identity?.tenantId).toBe(emulator.tenantId);
  });

  test('version with auto-upgrade is rejected; with autoUpgradeMinorVersion false it is accepted', async () => {
    const rejected = client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-main', 'pinned', {
      extensionType: AZUREML,
      version: '1.1.50',
      configurationSettings: azureMlSettings(),
    }, FAST_POLL);
    await expect(rejected).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
    await expect(rejected).rejects.toThrow(/autoUpgradeMinorVersion/);
    expect(emulator.state().extensions.some((e) => e.name === 'pinned')).toBe(false);

    const pinned = await client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-main', 'pinned', {
      extensionType: AZUREML,
      version: '1.1.50',
      autoUpgradeMinorVersion: false,
      configurationSettings: azureMlSettings(),
    }, FAST_POLL);
    expect(pinned.currentVersion).toBe('1.1.50');

    // Turning auto-upgrade back on while a version is pinned is refused too.
    await expect(
      client.extensions.beginUpdateAndWait(RG, ...AKS, 'aks-main', 'pinned', { autoUpgradeMinorVersion: true }, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  test('a write while an operation is running gets 409 Conflict', async () => {
    const first = await client.extensions.beginCreate(RG, ...AKS, 'aks-conflict', 'azureml', {
      extensionType: AZUREML,
      configurationSettings: azureMlSettings(),
    }, FAST_POLL);
    await expect(
      client.extensions.beginCreate(RG, ...AKS, 'aks-conflict', 'azureml', { extensionType: AZUREML, configurationSettings: azureMlSettings() }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
    await expect(
      client.extensions.beginUpdate(RG, ...AKS, 'aks-conflict', 'azureml', { configurationSettings: { installVolcano: 'False' } }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(client.extensions.beginDelete(RG, ...AKS, 'aks-conflict', 'azureml')).rejects.toMatchObject({ statusCode: 409 });
    const done = await first.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    // Once it finished, the same update goes through.
    const updated = await client.extensions.beginUpdateAndWait(RG, ...AKS, 'aks-conflict', 'azureml', { configurationSettings: { installVolcano: 'False' } }, FAST_POLL);
    expect(updated.configurationSettings?.['installVolcano']).toBe('False');
  });

  test('list is paged with nextLink and the SDK follows it', async () => {
    for (const name of ['ext-a', 'ext-b', 'ext-c']) {
      await client.extensions.beginCreate(RG, ...AKS, 'aks-list', name, { extensionType: 'Microsoft.Flux' });
    }
    const firstPage = await arm(emulator, 'GET', `${extensionPath('aks-list', '').replace(/\/$/, '')}?api-version=2023-05-01`);
    expect(firstPage.body.value).toHaveLength(2);
    expect(firstPage.body.nextLink).toContain('$skipToken=2');
    const names: string[] = [];
    for await (const e of client.extensions.list(RG, ...AKS, 'aks-list')) names.push(e.name ?? '');
    expect(names).toEqual(['ext-a', 'ext-b', 'ext-c']);
  });

  test('delete is asynchronous; forceDelete removes at once; deleting nothing is 204', async () => {
    await client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-delete', 'one', { extensionType: AZUREML, configurationSettings: azureMlSettings() }, FAST_POLL);
    const start = await arm(emulator, 'DELETE', `${extensionPath('aks-delete', 'one')}?api-version=2023-05-01`);
    expect(start.status).toBe(202);
    expect(start.headers.get('azure-asyncoperation')).toMatch(/\/extensions\/one\/operations\/[0-9a-f-]+\?api-version=2023-05-01$/);
    expect(start.headers.get('x-ms-async-operation-timeout')).toBe('PT1H');
    const deleting = await client.extensions.get(RG, ...AKS, 'aks-delete', 'one');
    expect(deleting.provisioningState).toBe('Deleting');
    const op = await arm(emulator, 'GET', new URL(start.headers.get('azure-asyncoperation') as string).pathname + '?api-version=2023-05-01');
    expect(op.body.status).toBe('Deleting');
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.extensions.get(RG, ...AKS, 'aks-delete', 'one')).rejects.toMatchObject({ statusCode: 404 });
    const finished = await arm(emulator, 'GET', new URL(start.headers.get('azure-asyncoperation') as string).pathname + '?api-version=2023-05-01');
    expect(finished.body.status).toBe('Succeeded');

    await client.extensions.beginCreate(RG, ...AKS, 'aks-delete', 'two', { extensionType: AZUREML, configurationSettings: azureMlSettings() });
    // Force delete works even in the middle of the install.
    await client.extensions.beginDeleteAndWait(RG, ...AKS, 'aks-delete', 'two', { forceDelete: true, ...FAST_POLL });
    expect(emulator.state().extensions.some((e) => e.name === 'two')).toBe(false);
    const absent = await arm(emulator, 'DELETE', `${extensionPath('aks-delete', 'two')}?api-version=2023-05-01`);
    expect(absent.status).toBe(204);
  });
});

describe('server-side validation', () => {
  test('non-string settings values are rejected with 400', async () => {
    const res = await arm(emulator, 'PUT', `${extensionPath('aks-main', 'typed')}?api-version=2023-05-01`, {
      properties: { extensionType: AZUREML, configurationSettings: { enableTraining: true } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidRequestContent');
    expect(res.body.error.message).toContain('enableTraining');
  });

  test('PATCH cannot change extensionType or scope', async () => {
    const type = await arm(emulator, 'PATCH', `${extensionPath('aks-main', 'azureml')}?api-version=2023-05-01`, {
      properties: { extensionType: 'Microsoft.Flux' },
    });
    expect(type.status).toBe(400);
    const scope = await arm(emulator, 'PATCH', `${extensionPath('aks-main', 'azureml')}?api-version=2023-05-01`, {
      properties: { scope: { namespace: { targetNamespace: 'other' } } },
    });
    expect(scope.status).toBe(400);
  });

  test('missing cluster is 404 ParentResourceNotFound; missing extension is 404', async () => {
    await expect(
      client.extensions.beginCreateAndWait(RG, ...AKS, 'no-such-cluster', 'azureml', { extensionType: AZUREML }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
    await expect(client.extensions.get(RG, ...AKS, 'aks-main', 'nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  test('paths are case-insensitive', async () => {
    const res = await arm(
      emulator,
      'GET',
      `/SUBSCRIPTIONS/${SUB}/resourcegroups/${RG.toUpperCase()}/providers/microsoft.containerservice/MANAGEDCLUSTERS/AKS-MAIN/providers/microsoft.kubernetesconfiguration/extensions/AzureML?api-version=2023-05-01`,
    );
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('azureml');
  });

  test('api-version: 2024-11-01 works end to end, unknown versions are 400', async () => {
    const newer = extensionsClient(emulator, undefined, { apiVersion: '2024-11-01' });
    const created = await newer.extensions.beginCreateAndWait(RG, ...AKS, 'aks-list', 'newer-api', { extensionType: 'Microsoft.Flux' }, FAST_POLL);
    expect(created.provisioningState).toBe('Succeeded');
    const unknown = extensionsClient(emulator, undefined, { apiVersion: '2020-07-01-preview' });
    await expect(unknown.extensions.get(RG, ...AKS, 'aks-main', 'azureml')).rejects.toMatchObject({ statusCode: 400, code: 'InvalidApiVersionParameter' });
    const missing = await arm(emulator, 'GET', extensionPath('aks-main', 'azureml'));
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
  });
});

describe('simulated install failures', () => {
  const cases: Array<{ cluster: string; kind?: readonly [string, string]; settings: Record<string, string>; expected: RegExp }> = [
    { cluster: 'aks-small', settings: azureMlSettings({ inferenceRouterHA: 'True' }), expected: /E40002 INSUFFICIENT_NODE/ },
    { cluster: 'aks-nolb', settings: azureMlSettings({ inferenceRouterServiceType: 'LoadBalancer' }), expected: /E40001 LOAD_BALANCER_NOT_SUPPORT/ },
    { cluster: 'arc-ilb', kind: ARC, settings: azureMlSettings({ internalLoadBalancerProvider: 'azure' }), expected: /E40003 INTERNAL_LOAD_BALANCER_NOT_SUPPORT/ },
    { cluster: 'aks-gpu', settings: azureMlSettings({ installNvidiaDevicePlugin: 'True' }), expected: /nvidia-device-plugin-daemonset.*invalid ownership metadata/ },
    { cluster: 'aks-prom', settings: azureMlSettings({ installPromOp: 'True' }), expected: /E45002 PROMETHEUS_CONFLICT/ },
  ];

  test.each(cases)('$cluster: the LRO fails with $expected', async ({ cluster, kind, settings, expected }) => {
    const k = kind ?? AKS;
    const attempt = client.extensions.beginCreateAndWait(RG, k[0], k[1], cluster, 'azureml', { extensionType: AZUREML, configurationSettings: settings }, FAST_POLL);
    await expect(attempt).rejects.toThrow(expected);
    const failed = await client.extensions.get(RG, k[0], k[1], cluster, 'azureml');
    expect(failed.provisioningState).toBe('Failed');
    expect(failed.errorInfo?.message).toMatch(expected);
    expect(failed.statuses?.[0]).toMatchObject({ level: 'Error', displayStatus: 'Failed' });
    expect(failed.currentVersion).toBeUndefined();
  });

  test('the same settings install fine on a capable cluster, and a fixing PATCH recovers a failed one', async () => {
    const fine = await client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-main', 'capable', {
      extensionType: AZUREML,
      configurationSettings: azureMlSettings({ inferenceRouterHA: 'True', installNvidiaDevicePlugin: 'True', installPromOp: 'True' }),
    }, FAST_POLL);
    expect(fine.provisioningState).toBe('Succeeded');

    const fixed = await client.extensions.beginUpdateAndWait(RG, ...AKS, 'aks-small', 'azureml', { configurationSettings: { inferenceRouterHA: 'False' } }, FAST_POLL);
    expect(fixed.provisioningState).toBe('Succeeded');
    expect(fixed.errorInfo).toBeUndefined();
    expect(fixed.statuses).toEqual([]);
  });

  test('failNextOperations makes the next operation fail, then clears', async () => {
    emulator.setFaults({ failNextOperations: 1 });
    await expect(
      client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-list', 'injected', { extensionType: 'Microsoft.Flux' }, FAST_POLL),
    ).rejects.toThrow(/injected/);
    expect(emulator.faults().failNextOperations).toBe(0);
    const retried = await client.extensions.beginCreateAndWait(RG, ...AKS, 'aks-list', 'injected', { extensionType: 'Microsoft.Flux' }, FAST_POLL);
    expect(retried.provisioningState).toBe('Succeeded');
  });
});
