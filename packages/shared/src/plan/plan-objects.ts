// The Kubernetes objects of a spec (namespace, volumes, claims, instance types) against what the
// cluster has, when a kubeconfig gives aml-k8s the cluster's API: one `kubernetes` change each.
import { clusterObjects, liveMatches, objectLabel } from '../cluster/cluster-objects.ts';
import type { KubernetesApiFor } from '../cluster/kubernetes-api.ts';
import type { DesiredState, KubernetesObject } from '../desire/desired-state.ts';
import type { ComputeDocument } from '../model/types.ts';
import type { Observation } from '../observe/observe.ts';
import { fieldChanges, flattenFields } from './fields.ts';
import type { Change } from './types.ts';

export interface ObjectPlan {
  changes: Change[];
  notes: string[];
  blocked?: string;
}

export const objectId = (clusterId: string, o: KubernetesObject): string => `${clusterId}/kubernetes/${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** The fields server-side apply sends; against the live object, only those that differ. */
function objectFields(o: KubernetesObject, live: KubernetesObject | undefined): Change['settings'] {
  const { status: _status, ...sent } = o as KubernetesObject & { status?: unknown };
  const fields = fieldChanges(flattenFields(sent as Record<string, unknown>));
  if (!live) return fields;
  const have = flattenFields(live as unknown as Record<string, unknown>);
  return fields.filter((f) => have.get(f.key) !== f.after).map((f) => (have.has(f.key) ? { ...f, before: have.get(f.key)! } : f));
}

function change(clusterId: string, o: KubernetesObject, action: Change['action'], reasons: string[], live?: KubernetesObject): Change {
  return {
    target: 'kubernetes',
    action,
    id: objectId(clusterId, o),
    disruptive: false,
    reasons,
    ...(action === 'create' || action === 'update' ? { settings: objectFields(o, live) } : {}),
    object: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name ?? '', ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}), clusterId },
  };
}

/** Why the API server will refuse updating a claim to the desired one, if it will. */
function immutableClaimChange(desired: KubernetesObject, live: KubernetesObject): string | undefined {
  if (desired.kind !== 'PersistentVolumeClaim') return undefined;
  const { resources: _d, ...wantRest } = (desired.spec ?? {}) as Record<string, unknown>;
  const { resources: _l, ...haveRest } = (live.spec ?? {}) as Record<string, unknown>;
  if (liveMatches(wantRest, haveRest)) return undefined;
  return `the API server refuses changing a claim other than growing it: delete it first (kubectl delete pvc ${desired.metadata?.name} -n ${desired.metadata?.namespace}; with reclaimPolicy Retain its volume and data stay), then apply again`;
}

export async function planClusterObjects(doc: ComputeDocument, file: string, desired: DesiredState, observation: Observation, kubernetes: KubernetesApiFor | undefined): Promise<ObjectPlan> {
  const { objects, manual } = clusterObjects(desired);
  const storage = Object.keys(doc.spec.storage ?? {}).length > 0;
  if (!kubernetes) {
    return storage ? { changes: [], notes: [`The storage claims are Kubernetes objects, which apply writes only through the cluster's API: apply with --kubeconfig, or run \`aml-k8s render ${file} --as manifests | kubectl apply -f -\` once the extension is installed.`] } : { changes: [], notes: [] };
  }
  if (objects.length === 0) return { changes: [], notes: [] };
  const clusterId = desired.extension.clusterId;
  const notes = manual.length ? [`Not applied through the cluster API (apply them by hand, see render --as manifests): ${manual.join('; ')}.`] : [];
  let api;
  try {
    api = await kubernetes(doc.spec.cluster);
  } catch (err) {
    return { changes: [], notes, blocked: err instanceof Error ? err.message : String(err) };
  }
  const extensionReady = observation.extension?.provisioningState?.toLowerCase() === 'succeeded';
  const changes: Change[] = [];
  for (const o of objects) {
    if (o.kind === 'InstanceType' && !extensionReady) {
      changes.push(change(clusterId, o, 'create', [`${objectLabel(o)}: applied once the extension is installed (it brings the InstanceType resource)`]));
      continue;
    }
    let live: KubernetesObject | undefined;
    try {
      live = await api.read(o);
    } catch (err) {
      return { changes, notes, blocked: `cannot read the cluster through ${api.describe}: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (!live) changes.push(change(clusterId, o, 'create', [`${objectLabel(o)} does not exist in the cluster`]));
    else if (liveMatches(o, live)) changes.push(change(clusterId, o, 'noop', []));
    else {
      const refused = immutableClaimChange(o, live);
      changes.push(change(clusterId, o, 'update', [`${objectLabel(o)} differs from the spec`, ...(refused ? [refused] : [])], live));
    }
  }
  return { changes, notes };
}
