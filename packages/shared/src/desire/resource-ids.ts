// ARM resource IDs of the cluster, the extension and the compute, built the way `az` builds them.
import type { ClusterRef, ClusterType } from '../spec/types.ts';
import type { ClusterResourceName, ClusterRp } from './desired-state.ts';

export const CLUSTER_PROVIDERS: Readonly<Record<ClusterType, { rp: ClusterRp; resourceName: ClusterResourceName }>> = {
  aks: { rp: 'Microsoft.ContainerService', resourceName: 'managedClusters' },
  arc: { rp: 'Microsoft.Kubernetes', resourceName: 'connectedClusters' },
};

type ClusterCoordinates = Pick<ClusterRef, 'type' | 'subscriptionId' | 'resourceGroup' | 'name'>;

export function clusterResourceId(cluster: ClusterCoordinates): string {
  const { rp, resourceName } = CLUSTER_PROVIDERS[cluster.type];
  return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/${rp}/${resourceName}/${cluster.name}`;
}

export function extensionResourceId(cluster: ClusterCoordinates, extensionName: string): string {
  return `${clusterResourceId(cluster)}/providers/Microsoft.KubernetesConfiguration/extensions/${extensionName}`;
}

export function computeResourceId(subscriptionId: string, resourceGroup: string, workspaceName: string, computeName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspaceName}/computes/${computeName}`;
}
