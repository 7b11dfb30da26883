// One compute declared in a spec file, with where the file lives and the Azure resources it names.
import { clusterResourceId, computeResourceId, extensionResourceId } from '@aml-k8s/shared/core';
import type { ComputeDocument } from '@aml-k8s/shared/core';

export interface ComputeSpecEntry {
  /** `metadata.name`: the key of the status routes and the catalog entity name. */
  name: string;
  doc: ComputeDocument;
  /** Where the spec file lives: a URL, or an absolute path for local folders. */
  location: string;
  locationType: 'url' | 'file';
}

export interface AzureIds {
  clusterId: string;
  extensionId: string;
  workspaceId?: string;
  computeId?: string;
  computeName: string;
}

export function workspaceResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
}

export function azureIdsOf(doc: ComputeDocument): AzureIds {
  const cluster = doc.spec.cluster;
  const attach = doc.spec.attach;
  const computeName = attach?.computeName ?? doc.metadata.name;
  const ids: AzureIds = { clusterId: clusterResourceId(cluster), extensionId: extensionResourceId(cluster, doc.spec.extension?.name ?? 'azureml'), computeName };
  if (attach?.workspace) {
    const sub = attach.workspace.subscriptionId ?? cluster.subscriptionId;
    ids.workspaceId = workspaceResourceId(sub, attach.workspace.resourceGroup, attach.workspace.name);
    ids.computeId = computeResourceId(sub, attach.workspace.resourceGroup, attach.workspace.name, computeName);
  }
  return ids;
}
