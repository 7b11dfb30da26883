// Reads what Azure has for one spec, with as few requests as the decision needs: an unchanged
// compute costs two reads (extension and compute); the cluster and the workspace are read only
// when something is created or changes.
import type { AzureGateway, ObservedCompute, ObservedExtension } from '../azure/gateway.ts';
import type { ClusterFacts } from '../model/facts.ts';
import type { ComputeDocument } from '../model/types.ts';
import { computeRefOf, extensionRefOf } from '../azure/targets.ts';

export interface Observation {
  extension?: ObservedExtension;
  compute?: ObservedCompute;
  /** Facts read from Azure (the cluster resource), when they were needed. */
  facts?: ClusterFacts;
  /** True when the cluster resource was read and does not exist. */
  clusterMissing?: boolean;
  workspaceLocation?: string;
  workspaceMissing?: boolean;
}

export async function observeExtensionAndCompute(doc: ComputeDocument, gateway: AzureGateway): Promise<Observation> {
  const computeRef = computeRefOf(doc);
  const [extension, compute] = await Promise.all([gateway.getExtension(extensionRefOf(doc)), computeRef ? gateway.getCompute(computeRef) : Promise.resolve(undefined)]);
  return { ...(extension ? { extension } : {}), ...(compute ? { compute } : {}) };
}

export async function observeCluster(doc: ComputeDocument, gateway: AzureGateway, into: Observation): Promise<void> {
  if (into.facts || into.clusterMissing) return;
  const facts = await gateway.getCluster(doc.spec.cluster);
  if (facts) into.facts = facts;
  else into.clusterMissing = true;
}

export async function observeWorkspace(doc: ComputeDocument, gateway: AzureGateway, into: Observation): Promise<void> {
  const ref = computeRefOf(doc);
  if (!ref || into.workspaceLocation || into.workspaceMissing) return;
  const location = into.compute?.location ?? (await gateway.getWorkspaceLocation(ref.subscriptionId, ref.resourceGroup, ref.workspaceName));
  if (location) into.workspaceLocation = location;
  else into.workspaceMissing = true;
}

/**
 * The facts the extension was installed with, read back from its settings. The az CLI applies
 * cluster-derived settings (location, small-cluster router, OpenShift) only on create, so an
 * update keeps them: planning against these facts reproduces exactly that.
 */
export function installedFacts(doc: ComputeDocument, extension: ObservedExtension): ClusterFacts {
  const s = extension.configurationSettings ?? {};
  const facts: ClusterFacts = { id: '', type: doc.spec.cluster.type, location: s.location ?? '' };
  if (String(s.inferenceRouterHA).toLowerCase() === 'false' && s.clusterPurpose === 'DevTest') facts.nodeCount = 1;
  if (String(s.openshift).toLowerCase() === 'true') facts.distribution = 'openshift';
  return facts;
}
