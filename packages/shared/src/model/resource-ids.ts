// ARM resource IDs of the cluster, the extension and the compute: built the way `az` builds them,
// and read back (the one parser of cluster IDs for the whole core).
import type { ClusterRef, ClusterType } from './types.ts';

export type ClusterRp = 'Microsoft.ContainerService' | 'Microsoft.Kubernetes';
export type ClusterResourceName = 'managedClusters' | 'connectedClusters';

/** What names a cluster in Azure: its kind and where it is. */
export type ClusterCoordinates = Pick<ClusterRef, 'type' | 'subscriptionId' | 'resourceGroup' | 'name'>;

export const CLUSTER_PROVIDERS: Readonly<Record<ClusterType, { rp: ClusterRp; resourceName: ClusterResourceName }>> = {
  aks: { rp: 'Microsoft.ContainerService', resourceName: 'managedClusters' },
  arc: { rp: 'Microsoft.Kubernetes', resourceName: 'connectedClusters' },
};

/** The `--cluster-type` value az k8s-extension takes for a spec cluster type. */
export const CLUSTER_TYPE_ARGUMENT: Readonly<Record<ClusterType, string>> = { aks: 'managedClusters', arc: 'connectedClusters' };

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

// ARM IDs are case-insensitive; documentation writes `managedclusters` as often as `managedClusters`,
// and some of its examples leave out the leading "/".
const CLUSTER_ID = /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i;

/** The cluster an ARM ID names (AKS or Arc); undefined for anything else. */
export function parseClusterId(id: string): ClusterCoordinates | undefined {
  const m = CLUSTER_ID.exec(id);
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
