// Where a spec's extension and compute live in Azure.
import type { ComputeRef, ExtensionRef } from '../azure/gateway.ts';
import { CLUSTER_PROVIDERS } from '../desire/resource-ids.ts';
import type { ComputeDocument } from '../spec/types.ts';

export function extensionRefOf(doc: ComputeDocument): ExtensionRef {
  const c = doc.spec.cluster;
  const { rp, resourceName } = CLUSTER_PROVIDERS[c.type];
  return { subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, clusterRp: rp, clusterResourceName: resourceName, clusterName: c.name, name: doc.spec.extension?.name ?? 'azureml' };
}

export function computeRefOf(doc: ComputeDocument): ComputeRef | undefined {
  const a = doc.spec.attach;
  if (!a) return undefined;
  return { subscriptionId: a.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId, resourceGroup: a.workspace.resourceGroup, workspaceName: a.workspace.name, name: a.computeName ?? doc.metadata.name };
}

export const refKey = (r: ExtensionRef | ComputeRef): string => Object.values(r).join('/').toLowerCase();
