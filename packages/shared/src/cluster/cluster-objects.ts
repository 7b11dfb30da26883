// The Kubernetes objects aml-k8s applies through the cluster's API, in the order they depend on
// each other: the namespace, the volumes and claims, then the instance types (whose CRD the
// extension installs). Templates (the TLS secret) and patches of objects the cluster owns (the
// OpenShift SCC) stay manual: `render --as manifests` prints them.
import type { DesiredState, KubernetesObject } from '../desire/desired-state.ts';

const ORDER = ['Namespace', 'PersistentVolume', 'PersistentVolumeClaim', 'InstanceType'];

export interface ClusterObjects {
  objects: KubernetesObject[];
  /** Titles of the manifests that are not applied through the API (templates, patches). */
  manual: string[];
}

export function clusterObjects(desired: DesiredState): ClusterObjects {
  const objects: KubernetesObject[] = [];
  const manual: string[] = [];
  for (const m of desired.manifests) {
    if (m.form !== 'object' || m.template) {
      manual.push(m.title);
      continue;
    }
    const o = m.object;
    if (o.kind === 'InstanceTypeList') {
      const kind = 'InstanceType';
      for (const item of (o.items ?? []) as Omit<KubernetesObject, 'apiVersion' | 'kind'>[]) objects.push({ apiVersion: o.apiVersion, kind, ...item });
    } else {
      objects.push(o);
    }
  }
  const rank = (o: KubernetesObject): number => (ORDER.indexOf(o.kind) + 1 || ORDER.length + 1);
  return { objects: objects.sort((a, b) => rank(a) - rank(b)), manual };
}

/** `Kind namespace/name` for messages. */
export const objectLabel = (o: Pick<KubernetesObject, 'kind' | 'metadata'>): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;

/** Whether every field the desired object sets has the same value in the live one. */
export function liveMatches(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) return Array.isArray(live) && desired.length === live.length && desired.every((d, i) => liveMatches(d, live[i]));
  if (desired !== null && typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) => v === undefined || liveMatches(v, (live as Record<string, unknown>)[k]));
  }
  return desired === live || (desired !== undefined && live !== undefined && String(desired) === String(live));
}
