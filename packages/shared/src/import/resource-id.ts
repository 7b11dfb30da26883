// Reads the cluster an `az ml compute attach --resource-id` points at.
import type { ClusterType } from '../spec/types.ts';

export interface ClusterCoordinates {
  type: ClusterType;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

// ARM IDs are case-insensitive; documentation writes `managedclusters` as often as `managedClusters`.
const CLUSTER_ID = /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/(Microsoft\.ContainerService\/managedClusters|Microsoft\.Kubernetes\/connectedClusters)\/([^/]+)\/?$/i;

export function parseClusterId(id: string): ClusterCoordinates | undefined {
  const m = CLUSTER_ID.exec(id);
  if (!m) return undefined;
  return {
    type: m[3]!.toLowerCase().startsWith('microsoft.containerservice') ? 'aks' : 'arc',
    subscriptionId: m[1]!,
    resourceGroup: m[2]!,
    name: m[4]!,
  };
}

/** The `--cluster-type` value az k8s-extension takes for a spec cluster type. */
export const CLUSTER_TYPE_ARGUMENT: Readonly<Record<ClusterType, string>> = { aks: 'managedClusters', arc: 'connectedClusters' };
