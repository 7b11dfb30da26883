// Compute statuses as the backend serves them, one per overall state, for the component tests.
import type { ComputeHealth, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';

const SUB = '00000000-0000-0000-0000-000000000001';

function clusterOf(name: string, resourceGroup: string, type: 'aks' | 'arc' = 'aks'): ComputeStatus['cluster'] {
  const provider = type === 'aks' ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.Kubernetes/connectedClusters';
  return { type, subscriptionId: SUB, resourceGroup, name, resourceId: `/subscriptions/${SUB}/resourceGroups/${resourceGroup}/providers/${provider}/${name}` };
}

function workspaceOf(name: string, resourceGroup: string): NonNullable<ComputeStatus['workspace']> {
  return { subscriptionId: SUB, resourceGroup, name, resourceId: `/subscriptions/${SUB}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${name}` };
}

export function makeStatus(overrides: Partial<ComputeStatus> & { name: string }): ComputeStatus {
  const cluster = overrides.cluster ?? clusterOf(`aks-${overrides.name}`, 'ml-rg');
  return {
    computeName: overrides.name,
    owner: 'group:default/ml-platform',
    cluster,
    workspace: workspaceOf('ml-workspace', 'ml-rg'),
    extensionId: `${cluster.resourceId}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    computeId: `${workspaceOf('ml-workspace', 'ml-rg').resourceId}/computes/${overrides.name}`,
    desired: { training: true, inference: true, routerServiceType: 'LoadBalancer', tls: 'secret', highAvailability: true, instanceTypes: ['defaultinstancetype'], namespace: 'azureml' },
    extension: { provisioningState: 'Succeeded', version: '1.1.64' },
    compute: { provisioningState: 'Succeeded' },
    health: 'Succeeded',
    checkedAt: '2026-11-23T10:15:00.000Z',
    ...overrides,
  };
}

export const succeeded = makeStatus({
  name: 'aks-prod',
  description: 'Production AKS compute',
  desired: { training: true, inference: true, routerServiceType: 'LoadBalancer', tls: 'pem', highAvailability: true, instanceTypes: ['defaultinstancetype', 'gpu-1'], namespace: 'azureml-prod' },
});

export const inProgress = makeStatus({
  name: 'aks-poc',
  cluster: clusterOf('aks-ml-poc', 'ml-poc-rg'),
  extension: { provisioningState: 'Creating' },
  compute: {},
  health: 'InProgress',
});

export const failed = makeStatus({
  name: 'aks-ha-small',
  owner: 'group:default/data-science',
  extension: {
    provisioningState: 'Failed',
    version: '1.1.64',
    error: {
      code: 'E40002',
      message: 'Extension health check failed: INSUFFICIENT_NODE: inferenceRouterHA requires at least 3 nodes',
      remedy: 'A highly available router needs at least 3 nodes: set `inference.highAvailability: false` or add nodes.',
    },
  },
  compute: {},
  health: 'Failed',
  since: '2026-11-23T09:00:00.000Z',
});

export const notInstalled = makeStatus({
  name: 'arc-train',
  cluster: clusterOf('arc-gpu-east', 'ml-arc-rg', 'arc'),
  workspace: workspaceOf('ml-research', 'research-rg'),
  desired: { training: true, inference: false, tls: 'none', instanceTypes: [], namespace: 'ml-jobs' },
  extension: {},
  compute: {},
  health: 'NotInstalled',
});

export const notAttached = makeStatus({
  name: 'aks-clusterip',
  owner: undefined,
  desired: { training: false, inference: true, routerServiceType: 'ClusterIP', tls: 'insecure', highAvailability: false, instanceTypes: [], namespace: 'azureml' },
  compute: {},
  health: 'NotAttached',
});

export const unknown = makeStatus({
  name: 'aks-unknown',
  extension: { error: { code: 'Unknown', message: 'AuthorizationFailed: the client has no read access to the cluster' } },
  compute: {},
  health: 'Unknown',
});

export const ALL_STATUSES: Record<ComputeHealth, ComputeStatus> = {
  Succeeded: succeeded,
  InProgress: inProgress,
  Failed: failed,
  NotInstalled: notInstalled,
  NotAttached: notAttached,
  Unknown: unknown,
};
