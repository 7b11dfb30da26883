// The Kubernetes compute that attaches the cluster to the workspace (reference §6). Azure cannot
// update it in place, so every field here is decided once, at attach time.
import type { KubernetesProperties, ManagedServiceIdentity } from '@azure/arm-machinelearning';
import type { ComputeDocument, IdentitySpec } from '../model/types.ts';
import type { DesiredCompute } from './desired-state.ts';
import { DEFAULT_INSTANCE_TYPE, computeInstanceTypes } from './instance-types.ts';
import { computeResourceId } from '../model/resource-ids.ts';

export const DEFAULT_COMPUTE_NAMESPACE = 'default';

function identityBody(identity: IdentitySpec | undefined, notes: string[]): ManagedServiceIdentity | undefined {
  if (!identity) return undefined;
  if (identity.type !== 'UserAssigned') return { type: identity.type };
  const ids = identity.ids ?? [];
  if (ids.length > 1) notes.push(`Azure uses only the first user-assigned identity (${ids[0]}); the others are sent but ignored.`);
  return { type: 'UserAssigned', userAssignedIdentities: Object.fromEntries(ids.map((id) => [id, {}])) };
}

export function desiredCompute(doc: ComputeDocument, clusterId: string, workspaceLocation: string | undefined): DesiredCompute | undefined {
  const attach = doc.spec.attach;
  if (!attach) return undefined;
  const notes: string[] = [];
  const subscriptionId = attach.workspace.subscriptionId ?? doc.spec.cluster.subscriptionId;
  const { resourceGroup, name: workspaceName } = attach.workspace;
  const name = attach.computeName ?? doc.metadata.name;
  const identity = identityBody(attach.identity, notes);
  const description = attach.description ?? doc.metadata.description;
  const instanceTypes = doc.spec.instanceTypes ?? {};
  const properties: KubernetesProperties = {
    namespace: attach.namespace ?? DEFAULT_COMPUTE_NAMESPACE,
    ...(Object.hasOwn(instanceTypes, DEFAULT_INSTANCE_TYPE) ? { defaultInstanceType: DEFAULT_INSTANCE_TYPE } : {}),
    ...(Object.keys(instanceTypes).length > 0 ? { instanceTypes: computeInstanceTypes(instanceTypes) } : {}),
  };
  if (workspaceLocation === undefined) notes.push(`The workspace's region is not known here, so location and computeLocation are left out; they are the region of workspace ${workspaceName} at apply time.`);
  return {
    id: computeResourceId(subscriptionId, resourceGroup, workspaceName, name),
    subscriptionId,
    resourceGroup,
    workspaceName,
    name,
    body: {
      ...(workspaceLocation !== undefined ? { location: workspaceLocation } : {}),
      ...(identity ? { identity } : {}),
      properties: {
        computeType: 'Kubernetes',
        ...(workspaceLocation !== undefined ? { computeLocation: workspaceLocation } : {}),
        resourceId: clusterId,
        ...(description ? { description } : {}),
        properties,
      },
    },
    notes,
  };
}
