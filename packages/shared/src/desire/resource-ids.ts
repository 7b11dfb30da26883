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

/** The cluster an ARM ID names (AKS or Arc); undefined for anything else. */
export function parseClusterId(id: string): ClusterCoordinates | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i.exec(id.trim());
  if (!m) return undefined;
  const kind = `${m[3]}/${m[4]}`.toLowerCase();
  const type = (Object.keys(CLUSTER_PROVIDERS) as ClusterType[]).find((t) => `${CLUSTER_PROVIDERS[t].rp}/${CLUSTER_PROVIDERS[t].resourceName}`.toLowerCase() === kind);
  return type ? { type, subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[5]! } : undefined;
}

/** Subscription, resource group, workspace and name of a compute ARM ID. */
export function parseComputeId(id: string): { subscriptionId: string; resourceGroup: string; workspaceName: string; name: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/computes\/([^/]+)\/?$/i.exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, workspaceName: m[3]!, name: m[4]! } : undefined;
}
