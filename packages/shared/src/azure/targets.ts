// Where a spec's extension and compute live in Azure.
import type { ComputeRef, ExtensionRef } from './gateway.ts';
import { CLUSTER_PROVIDERS } from '../model/resource-ids.ts';
import type { ClusterCoordinates } from '../model/resource-ids.ts';
import type { ComputeDocument } from '../model/types.ts';

/** The extension of that name on a cluster. */
export function clusterExtensionRef(c: ClusterCoordinates, name: string): ExtensionRef {
  const { rp, resourceName } = CLUSTER_PROVIDERS[c.type];
  return { subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, clusterRp: rp, clusterResourceName: resourceName, clusterName: c.name, name };
}

export function extensionRefOf(doc: ComputeDocument): ExtensionRef {
  return clusterExtensionRef(doc.spec.cluster, doc.spec.extension?.name ?? 'azureml');
}

export function computeRefOf(doc: ComputeDocument): ComputeRef | undefined {
  const a = doc.spec.attach;
  if (!a) return undefined;
  return { subscriptionId: a.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId, resourceGroup: a.workspace.resourceGroup, workspaceName: a.workspace.name, name: a.computeName ?? doc.metadata.name };
}

export const refKey = (r: ExtensionRef | ComputeRef): string => Object.values(r).join('/').toLowerCase();
