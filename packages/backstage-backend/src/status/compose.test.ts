import { describe, expect, test } from '@jest/globals';
import { parseSpecText } from '@aml-k8s/shared/core';
import type { ComputeDocument } from '@aml-k8s/shared/core';
import { composeStatus, declaredOf, statusError } from './compose.ts';
import type { Observations } from './observation.ts';

const SPEC = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: gpu-east, owner: group:default/ml-platform, description: GPUs }
spec:
  cluster: { type: arc, subscriptionId: sub-2, resourceGroup: ml-rg, name: arc-gpu }
  extension:
    training: true
    inference: { routerServiceType: NodePort, tls: { cname: ml.contoso.com, certEnv: C, keyEnv: K } }
  attach: { workspace: { subscriptionId: sub-1, resourceGroup: ml-rg, name: ws }, namespace: jobs, computeName: gpu }
  instanceTypes: { small: { resources: { requests: { cpu: "1", memory: 1Gi }, limits: { cpu: "1", memory: 1Gi } } } }
`;

const doc = (): ComputeDocument => parseSpecText(SPEC, 'gpu.yaml').specs[0]!.doc;
const EXT = '/subscriptions/sub-2/resourceGroups/ml-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-gpu/providers/Microsoft.KubernetesConfiguration/extensions/azureml';
const COMPUTE = '/subscriptions/sub-1/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/gpu';

function obs(ext?: { provisioningState?: string; currentVersion?: string; errorMessage?: string }, comp?: { provisioningState?: string }): Observations {
  const { errorMessage, ...e } = ext ?? {};
  return {
    extensions: new Map(ext ? [[EXT.toLowerCase(), { id: EXT, ...e, ...(errorMessage ? { errorInfo: { message: errorMessage } } : {}) }]] : []),
    computes: new Map(comp ? [[COMPUTE.toLowerCase(), { id: COMPUTE, provisioningErrors: [], tags: {}, ...comp }]] : []),
    requests: 0,
  };
}

describe('composeStatus', () => {
  test('desired state from the spec, Azure IDs, observed states', () => {
    const s = composeStatus(declaredOf({ name: 'gpu-east', doc: doc(), location: '/specs/gpu.yaml', locationType: 'file' }), obs({ provisioningState: 'Succeeded', currentVersion: '1.1.64' }, { provisioningState: 'Succeeded' }), '2026-01-01T00:00:00.000Z');
    expect(s).toEqual({
      name: 'gpu-east',
      computeName: 'gpu',
      owner: 'group:default/ml-platform',
      description: 'GPUs',
      specLocation: '/specs/gpu.yaml',
      cluster: { type: 'arc', subscriptionId: 'sub-2', resourceGroup: 'ml-rg', name: 'arc-gpu', resourceId: '/subscriptions/sub-2/resourceGroups/ml-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-gpu' },
      workspace: { subscriptionId: 'sub-1', resourceGroup: 'ml-rg', name: 'ws', resourceId: '/subscriptions/sub-1/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ws' },
      extensionId: EXT,
      computeId: COMPUTE,
      desired: { training: true, inference: true, routerServiceType: 'NodePort', tls: 'pem', highAvailability: true, instanceTypes: ['small'], namespace: 'jobs' },
      extension: { provisioningState: 'Succeeded', version: '1.1.64' },
      compute: { provisioningState: 'Succeeded' },
      health: 'Succeeded',
      checkedAt: '2026-01-01T00:00:00.000Z',
      since: '2026-01-01T00:00:00.000Z',
    });
  });

  test('documented failures carry their code and remedy; since follows the health', () => {
    const entry = declaredOf({ name: 'gpu-east', doc: doc(), location: 'x', locationType: 'file' });
    const first = composeStatus(entry, obs({ provisioningState: 'Failed', errorMessage: 'install failed: [E40002 INSUFFICIENT_NODE] only 1 node' }), '2026-01-01T00:00:00.000Z');
    expect(first.health).toBe('Failed');
    expect(first.extension.error).toMatchObject({ code: 'E40002', message: expect.stringContaining('INSUFFICIENT_NODE') });
    expect(first.extension.error?.remedy).toMatch(/highAvailability: false/);
    const later = composeStatus(entry, obs({ provisioningState: 'Failed', errorMessage: 'same' }), '2026-01-01T00:05:00.000Z', first);
    expect(later.since).toBe('2026-01-01T00:00:00.000Z');
    const fixed = composeStatus(entry, obs({ provisioningState: 'Succeeded' }), '2026-01-01T00:10:00.000Z', later);
    expect(fixed).toMatchObject({ health: 'NotAttached', since: '2026-01-01T00:10:00.000Z' });
  });

  test('the error of a Failed extension comes from errorInfo, else its first Error status; for a compute, from its provisioning errors', () => {
    const entry = declaredOf({ name: 'gpu-east', doc: doc(), location: 'x', locationType: 'file' });
    const o = obs();
    o.extensions.set(EXT.toLowerCase(), { id: EXT, provisioningState: 'Failed', statuses: [{ level: 'Information', message: 'ok' }, { level: 'Error', message: '[E40001 LOAD_BALANCER_NOT_SUPPORT] no LB' }] });
    o.computes.set(COMPUTE.toLowerCase(), { id: COMPUTE, provisioningState: 'Failed', provisioningErrors: ['attach failed'], tags: {} });
    const s = composeStatus(entry, o, '2026-01-01T00:00:00.000Z');
    expect(s.extension.error?.code).toBe('E40001');
    expect(s.compute.error).toEqual({ code: 'Unknown', message: 'attach failed' });
  });

  test('unknown errors are Unknown, without a remedy', () => {
    expect(statusError('something odd')).toEqual({ code: 'Unknown', message: 'something odd' });
    expect(statusError(undefined)).toBeUndefined();
  });
});
