// Live facts about a cluster, read from Azure (the managedClusters or connectedClusters resource).
// Rules that depend on them run only when they are known.

export interface ClusterFacts {
  /** ARM resource ID of the cluster. */
  id: string;
  type: 'aks' | 'arc';
  /** Lower-case region name, e.g. `eastus`. */
  location: string;
  /** AKS: sum of agentPoolProfiles[].count; Arc: properties.totalNodeCount. */
  nodeCount?: number;
  /** Arc `properties.distribution` (e.g. `openshift`, `aks_edge_k3s`, `kind`); AKS is `aks`. */
  distribution?: string;
  /** `major.minor.patch` of the cluster's Kubernetes. */
  kubernetesVersion?: string;
  /** AKS: how the cluster authenticates to Azure. */
  identityType?: 'SystemAssigned' | 'UserAssigned' | 'ServicePrincipal';
  /** AKS `disableLocalAccounts`. */
  localAccountsDisabled?: boolean;
  /** AKS `apiServerAccessProfile.authorizedIPRanges`. */
  authorizedIpRanges?: string[];
  /** Whether the cluster can provision a Service of type LoadBalancer (kind/minikube cannot). */
  loadBalancerSupported?: boolean;
  /** Newest generally available AKS Kubernetes minor version, for the N-2 support window. */
  latestKubernetesMinor?: string;
}
