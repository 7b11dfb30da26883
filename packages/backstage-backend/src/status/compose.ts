// The live status of one compute: what its spec wants next to what Azure reports.
import { explainFailure } from '@aml-k8s/shared';
import type { ComputeDocument } from '@aml-k8s/shared/core';
import type { ComputeStatus, ComputeStatusError } from '@aml-k8s/plugin-azureml-compute-common';
import { azureIdsOf } from '@aml-k8s/plugin-azureml-compute-node';
import type { ComputeSpecEntry } from '@aml-k8s/plugin-azureml-compute-node';
import { healthOf } from './health.ts';
import { extensionErrorMessage, idKey, installedVersion } from './observation.ts';
import type { Observations } from './observation.ts';

const MAX_MESSAGE = 2000;

export function statusError(message: string | undefined): ComputeStatusError | undefined {
  if (!message) return undefined;
  const known = explainFailure(message);
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return known ? { code: known.code, message: text, remedy: known.remedy } : { code: 'Unknown', message: text };
}

function tlsModeOf(tls: object | null | undefined): ComputeStatus['desired']['tls'] {
  if (!tls) return 'none';
  if ('insecure' in tls) return 'insecure';
  return 'secretName' in tls ? 'secret' : 'pem';
}

function desiredOf(doc: ComputeDocument): ComputeStatus['desired'] {
  const ext = doc.spec.extension;
  const inference = ext?.inference;
  const tls = inference?.tls;
  const desired: ComputeStatus['desired'] = {
    training: ext?.training ?? false,
    inference: inference !== undefined && inference !== null,
    tls: tlsModeOf(inference ? tls : undefined),
    instanceTypes: Object.keys(doc.spec.instanceTypes ?? {}),
    namespace: doc.spec.attach?.namespace ?? 'default',
  };
  if (inference?.routerServiceType) desired.routerServiceType = inference.routerServiceType;
  if (inference) desired.highAvailability = inference.highAvailability ?? true;
  return desired;
}

/**
 * What a status takes from its spec, made when the spec is read: a refresh keeps these small
 * records, not thousands of parsed documents, while it waits for Azure.
 */
export type DeclaredCompute = Pick<ComputeStatus, 'name' | 'computeName' | 'cluster' | 'extensionId' | 'desired' | 'owner' | 'description' | 'specLocation' | 'workspace' | 'computeId'>;

export function declaredOf(entry: ComputeSpecEntry): DeclaredCompute {
  const { doc } = entry;
  const ids = azureIdsOf(doc);
  const cluster = doc.spec.cluster;
  const declared: DeclaredCompute = {
    name: entry.name,
    computeName: ids.computeName,
    cluster: { type: cluster.type, subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, name: cluster.name, resourceId: ids.clusterId },
    extensionId: ids.extensionId,
    desired: desiredOf(doc),
  };
  if (doc.metadata.owner) declared.owner = doc.metadata.owner;
  if (doc.metadata.description) declared.description = doc.metadata.description;
  declared.specLocation = entry.location;
  const ws = doc.spec.attach?.workspace;
  if (ws && ids.workspaceId) declared.workspace = { subscriptionId: ws.subscriptionId ?? cluster.subscriptionId, resourceGroup: ws.resourceGroup, name: ws.name, resourceId: ids.workspaceId };
  if (ids.computeId) declared.computeId = ids.computeId;
  return declared;
}

/** `previous` carries `since` over while the health stays the same. */
export function composeStatus(declared: DeclaredCompute, observations: Observations, checkedAt: string, previous?: ComputeStatus): ComputeStatus {
  const extension = observations.extensions.get(idKey(declared.extensionId));
  const compute = declared.computeId ? observations.computes.get(idKey(declared.computeId)) : undefined;
  const health = healthOf({
    extensionFound: extension !== undefined,
    extensionState: extension?.provisioningState,
    attaches: declared.computeId !== undefined,
    computeFound: compute !== undefined,
    computeState: compute?.provisioningState,
  });
  const status: ComputeStatus = {
    ...declared,
    extension: {},
    compute: {},
    health,
    checkedAt,
    since: previous && previous.health === health && previous.since ? previous.since : checkedAt,
  };
  if (extension?.provisioningState) status.extension.provisioningState = extension.provisioningState;
  const version = installedVersion(extension);
  if (version) status.extension.version = version;
  const extensionError = statusError(extensionErrorMessage(extension));
  if (extensionError) status.extension.error = extensionError;
  if (compute?.provisioningState) status.compute.provisioningState = compute.provisioningState;
  const computeError = statusError(compute?.provisioningErrors[0]);
  if (computeError) status.compute.error = computeError;
  return status;
}
