import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import type { AzureMachineLearningWorkspaces, ComputeResource } from '@azure/arm-machinelearning';
import { startEmulator, trustEmulator, type Emulator } from '../src/index.ts';
import { FAST_POLL, OTHER_SUB, RG, SUB, aksId, arcId, arm, azureMlSettings, credentialFor, extensionsClient, mlClient } from './helpers.ts';

let emulator: Emulator;
let ext: SourceControlConfigurationClient;
let ml: AzureMachineLearningWorkspaces;
const WS = 'ws-main';

beforeAll(async () => {
  emulator = await startEmulator({
    installTimeMs: 200,
    attachTimeMs: 150,
    deleteTimeMs: 100,
    retryAfterSeconds: 0,
    pageSize: 2,
    workspaces: [{ subscriptionId: SUB, resourceGroup: RG, name: WS, location: 'westeurope' }],
    clusters: [
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-ready', type: 'aks' },
      { subscriptionId: SUB, resourceGroup: RG, name: 'aks-bare', type: 'aks' },
      { subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'aks-elsewhere', type: 'aks' },
      { subscriptionId: OTHER_SUB, resourceGroup: RG, name: 'arc-elsewhere', type: 'arc' },
    ],
  });
  trustEmulator(emulator);
  const credential = credentialFor(emulator);
  ext = extensionsClient(emulator, credential);
  ml = mlClient(emulator, credential);
  await ext.extensions.beginCreateAndWait(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-ready', 'azureml', {
    extensionType: 'microsoft.azureml.kubernetes',
    configurationSettings: azureMlSettings(),
  }, FAST_POLL);
});

afterAll(async () => {
  await emulator?.stop();
});

function kubernetesCompute(resourceId: string, namespace = 'ml', extra: Record<string, unknown> = {}): ComputeResource {
  return {
    location: 'westeurope',
    identity: { type: 'SystemAssigned' },
    properties: {
      computeType: 'Kubernetes',
      resourceId,
      description: 'GPU pool',
      properties: {
        namespace,
        defaultInstanceType: 'cpu',
        instanceTypes: {
          cpu: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } } },
          gpu: { nodeSelector: { pool: 'gpu' }, resources: { limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' } } },
        },
        ...extra,
      },
    },
  } as ComputeResource;
}

function computePath(name: string, ws = WS): string {
  return `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${ws}/computes/${name}`;
}

describe('attach, read, detach through AzureMachineLearningWorkspaces', () => {
  test('attach creates the compute asynchronously and GET returns the Kubernetes compute', async () => {
    const poller = await ml.computeOperations.beginCreateOrUpdate(RG, WS, 'k8s', kubernetesCompute(aksId('aks-ready')), FAST_POLL);
    const during = await ml.computeOperations.get(RG, WS, 'k8s');
    expect(during.properties?.provisioningState).toBe('Creating');
    const attached = await poller.pollUntilDone();
    expect(attached.properties?.provisioningState).toBe('Succeeded');

    const put = emulator.requests().find((r) => r.method === 'PUT' && r.path === computePath('k8s'));
    expect(put?.status).toBe(201);
    expect(put?.query).toBe('api-version=2022-10-01');

    const read = await ml.computeOperations.get(RG, WS, 'k8s');
    expect(read.location).toBe('westeurope');
    expect(read.identity?.type).toBe('SystemAssigned');
    expect(read.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const props = read.properties as any;
    expect(props.computeType).toBe('Kubernetes');
    expect(props.resourceId).toBe(aksId('aks-ready'));
    expect(props.isAttachedCompute).toBe(true);
    expect(props.provisioningErrors).toBeNull();
    expect(props.createdOn).toBeInstanceOf(Date);
    expect(props.properties.namespace).toBe('ml');
    expect(props.properties.defaultInstanceType).toBe('cpu');
    expect(props.properties.instanceTypes.gpu.nodeSelector).toEqual({ pool: 'gpu' });
    expect(props.properties.instanceTypes.gpu.resources.limits['nvidia.com/gpu']).toBe('1');
  });

  test('an identical re-PUT is a 200 no-op; a changing one is refused with 409', async () => {
    const before = emulator.state().operations.length;
    const again = await ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'k8s', kubernetesCompute(aksId('aks-ready')), FAST_POLL);
    expect(again.properties?.provisioningState).toBe('Succeeded');
    expect(emulator.requests().filter((r) => r.method === 'PUT' && r.path === computePath('k8s')).map((r) => r.status)).toEqual([201, 200]);
    expect(emulator.state().operations.length).toBe(before);

    const changed = ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'k8s', kubernetesCompute(aksId('aks-ready'), 'other-namespace'), FAST_POLL);
    await expect(changed).rejects.toMatchObject({ statusCode: 409 });
    await expect(changed).rejects.toThrow(/cannot be updated in place/);
    const moreTypes = kubernetesCompute(aksId('aks-ready'), 'ml', { instanceTypes: { cpu: { resources: { limits: { cpu: '8', memory: '4Gi' } } } } });
    await expect(ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'k8s', moreTypes, FAST_POLL)).rejects.toMatchObject({ statusCode: 409 });
    // The stored compute did not change.
    const stored = emulator.state().computes.find((c) => c.name === 'k8s');
    expect(stored?.kubernetesProperties['namespace']).toBe('ml');
  });

  test('PATCH of a Kubernetes compute is refused', async () => {
    await expect(ml.computeOperations.beginUpdateAndWait(RG, WS, 'k8s', { properties: { scaleSettings: { maxNodeCount: 2 } } }, FAST_POLL)).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  test('list is paged per workspace', async () => {
    for (const name of ['k8s-b', 'k8s-c']) {
      await ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, name, kubernetesCompute(aksId('aks-ready'), name), FAST_POLL);
    }
    const raw = await arm(emulator, 'GET', `${computePath('').replace(/\/$/, '')}?api-version=2022-10-01`);
    expect(raw.body.value).toHaveLength(2);
    expect(raw.body.nextLink).toContain('$skip=2');
    const names: string[] = [];
    for await (const c of ml.computeOperations.list(RG, WS)) names.push(c.name ?? '');
    expect(names).toEqual(['k8s', 'k8s-b', 'k8s-c']);
  });

  test('detach needs underlyingResourceAction, runs asynchronously, and is 204 once gone', async () => {
    const bare = await arm(emulator, 'DELETE', `${computePath('k8s-c')}?api-version=2022-10-01`);
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('underlyingResourceAction');

    await ml.computeOperations.beginDeleteAndWait(RG, WS, 'k8s-c', 'Detach', FAST_POLL);
    await expect(ml.computeOperations.get(RG, WS, 'k8s-c')).rejects.toMatchObject({ statusCode: 404 });
    const del = emulator.requests().find((r) => r.method === 'DELETE' && r.path === computePath('k8s-c') && r.status === 202);
    expect(del?.query).toContain('underlyingResourceAction=Detach');
    const op = emulator.state().operations.find((o) => o.kind === 'compute.delete' && o.resourceId === computePath('k8s-c'));
    expect(op).toMatchObject({ status: 'Succeeded', details: { underlyingResourceAction: 'Detach' } });

    const gone = await arm(emulator, 'DELETE', `${computePath('k8s-c')}?api-version=2022-10-01&underlyingResourceAction=Detach`);
    expect(gone.status).toBe(204);
  });
});

describe('attach preconditions', () => {
  test('attaching before the extension is installed fails; the same PUT succeeds once it is', async () => {
    const attempt = ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'early', kubernetesCompute(aksId('aks-bare')), FAST_POLL);
    await expect(attempt).rejects.toThrow(/extension .*is not installed/);
    const failed = await ml.computeOperations.get(RG, WS, 'early');
    expect(failed.properties?.provisioningState).toBe('Failed');
    expect(failed.properties?.provisioningErrors?.[0]?.error?.message).toMatch(/not installed/);

    // Still installing: also refused, with the state in the message.
    const install = await ext.extensions.beginCreate(RG, 'Microsoft.ContainerService', 'managedClusters', 'aks-bare', 'azureml', {
      extensionType: 'Microsoft.AzureML.Kubernetes',
      configurationSettings: azureMlSettings(),
    }, FAST_POLL);
    await expect(ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'early', kubernetesCompute(aksId('aks-bare')), FAST_POLL)).rejects.toThrow(/'Creating'/);
    await install.pollUntilDone();

    const retried = await ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'early', kubernetesCompute(aksId('aks-bare')), FAST_POLL);
    expect(retried.properties?.provisioningState).toBe('Succeeded');
    expect(retried.properties?.provisioningErrors).toBeNull();
  });

  test('a cross-subscription AKS attach is refused; the same cluster through Arc works', async () => {
    await expect(
      ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'cross', kubernetesCompute(aksId('aks-elsewhere', OTHER_SUB)), FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/another subscription/) });
    expect(emulator.state().computes.some((c) => c.name === 'cross')).toBe(false);

    const otherSubExt = extensionsClient(emulator);
    (otherSubExt as any).subscriptionId = OTHER_SUB;
    const arcExt = await otherSubExt.extensions.beginCreateAndWait(RG, 'Microsoft.Kubernetes', 'connectedClusters', 'arc-elsewhere', 'azureml', {
      extensionType: 'microsoft.azureml.kubernetes',
      configurationSettings: azureMlSettings({ inferenceRouterServiceType: 'nodePort' }),
    }, FAST_POLL);
    const viaArc = await ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'cross', kubernetesCompute(arcId('arc-elsewhere', OTHER_SUB)), FAST_POLL);
    expect(viaArc.properties?.provisioningState).toBe('Succeeded');
    // The compute reports the Arc extension's identity.
    expect((viaArc.properties as any).properties.extensionPrincipalId).toBe(arcExt.identity?.principalId);
  });

  test('unknown cluster, unknown workspace and invalid bodies are rejected', async () => {
    await expect(
      ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'ghost', kubernetesCompute(aksId('no-such-cluster')), FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      ml.computeOperations.beginCreateOrUpdateAndWait(RG, 'no-such-ws', 'ghost', kubernetesCompute(aksId('aks-ready')), FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 404 });
    const both = kubernetesCompute(aksId('aks-ready'));
    both.identity = { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { '/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z': {} } };
    await expect(ml.computeOperations.beginCreateOrUpdateAndWait(RG, WS, 'ghost', both, FAST_POLL)).rejects.toMatchObject({ statusCode: 400 });
    const badNamespace = await arm(emulator, 'PUT', `${computePath('ghost')}?api-version=2024-10-01`, {
      properties: { computeType: 'Kubernetes', resourceId: aksId('aks-ready'), properties: { namespace: 'Not_A_Namespace' } },
    });
    expect(badNamespace.status).toBe(400);
    expect(badNamespace.body.error).toMatchObject({ code: 'UserError', innerError: { code: 'BadArgument' } });
    const tooNew = await arm(emulator, 'GET', `${computePath('k8s')}?api-version=2026-06-01`);
    expect(tooNew.body.error.code).toBe('InvalidApiVersionParameter');
  });
});
