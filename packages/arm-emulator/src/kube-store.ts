// The objects of the emulated Kubernetes API servers (kubernetes.ts serves them): one store per
// cluster, created with the namespaces every cluster has. A leaf module: the state holds the
// stores, and an extension install (extensions.ts) adds its release namespace through it.
import { nowIso } from './http.ts';
import { newGuid } from './random.ts';

export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string } };

/** The objects of one emulated cluster, keyed by `<plural>/<namespace>/<name>`. */
export class KubeStore {
  readonly objects = new Map<string, KubeObject>();
}

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

let resourceVersion = 1000;

/** The resourceVersion of the latest write (lists report it). */
export function latestResourceVersion(): number {
  return resourceVersion;
}

/** Sets what the API server sets on a write: uid and creation time (kept from `previous`), a new resourceVersion; drops status. */
export function stamp(obj: KubeObject, previous: KubeObject | undefined, now: number): KubeObject {
  const meta = obj.metadata;
  meta['uid'] = previous?.metadata['uid'] ?? newGuid();
  meta['creationTimestamp'] = previous?.metadata['creationTimestamp'] ?? nowIso(now).replace(/\.\d+Z$/, 'Z');
  meta['resourceVersion'] = String(++resourceVersion);
  delete obj['status'];
  return obj;
}

export const objectKey = (plural: string, namespace: string | undefined, name: string): string => `${plural}/${namespace ?? ''}/${name}`;

/** The store of a cluster (in `stores`, the state's stores by cluster key), created with the namespaces every cluster has. */
export function kubeStore(stores: Map<string, KubeStore>, clusterKey: string): KubeStore {
  let store = stores.get(clusterKey);
  if (!store) {
    store = new KubeStore();
    for (const ns of DEFAULT_NAMESPACES) store.objects.set(objectKey('namespaces', undefined, ns), stamp({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, undefined, Date.now()));
    stores.set(clusterKey, store);
  }
  return store;
}

/** What installing the AzureML extension leaves in the cluster: its release namespace. */
export function ensureNamespace(stores: Map<string, KubeStore>, clusterKey: string, name: string, now: number): void {
  const store = kubeStore(stores, clusterKey);
  const key = objectKey('namespaces', undefined, name);
  if (!store.objects.has(key)) store.objects.set(key, stamp({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } }, undefined, now));
}
