// Catalog entities for computes: one Resource per spec, depending on its cluster's resource entity.
import { COMPUTE_ANNOTATIONS, COMPUTE_ENTITY_TYPE } from '@aml-k8s/plugin-azureml-compute-common';
import { azureIdsOf } from '@aml-k8s/plugin-azureml-compute-node';
import type { ComputeSpecEntry } from '@aml-k8s/plugin-azureml-compute-node';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, ANNOTATION_VIEW_URL, KubernetesValidatorFunctions, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import type { DeferredEntity } from '@backstage/plugin-catalog-node';

export const CLUSTER_ENTITY_TYPE = 'kubernetes-cluster';

export interface EntityOptions {
  /** Owner of computes whose spec names none. */
  defaultOwner: string;
  /** Entity reference of a cluster's resource entity: `{name}`, `{resourceGroup}`, `{subscriptionId}`, `{type}` are replaced. */
  clusterEntityRef: string;
  namespace: string;
  system?: string;
  /** Azure portal, for links; default https://portal.azure.com. */
  portalUrl?: string;
}

/** Entity names: 1 to 63 of [A-Za-z0-9-_.], starting and ending alphanumeric. */
export function entityName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9\-_.]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned || 'unnamed';
}

export function locationRef(entry: Pick<ComputeSpecEntry, 'location' | 'locationType'>): string {
  return `${entry.locationType}:${entry.location}`;
}

/** Default reference of a cluster's entity: computes are often named after their cluster, so the suffix keeps the two apart. */
export const DEFAULT_CLUSTER_ENTITY_REF = 'resource:default/{name}-cluster';

export function clusterEntityRefOf(entry: ComputeSpecEntry, options: Pick<EntityOptions, 'clusterEntityRef' | 'namespace'>): string {
  const c = entry.doc.spec.cluster;
  const ref = parseEntityRef(options.clusterEntityRef.replace(/\{(name|resourceGroup|subscriptionId|type)\}/g, (_, key: 'name' | 'resourceGroup' | 'subscriptionId' | 'type') => c[key]), { defaultKind: 'resource', defaultNamespace: options.namespace });
  return stringifyEntityRef({ ...ref, name: entityName(ref.name) });
}

function labelsOf(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  const valid = Object.entries(labels ?? {}).filter(([k, v]) => KubernetesValidatorFunctions.isValidLabelKey(k) && KubernetesValidatorFunctions.isValidLabelValue(String(v)));
  return valid.length ? Object.fromEntries(valid.map(([k, v]) => [k, String(v)])) : undefined;
}

function locationAnnotations(entry: Pick<ComputeSpecEntry, 'location' | 'locationType'>): Record<string, string> {
  const ref = locationRef(entry);
  return {
    [ANNOTATION_LOCATION]: ref,
    [ANNOTATION_ORIGIN_LOCATION]: ref,
    ...(entry.locationType === 'url' ? { [ANNOTATION_VIEW_URL]: entry.location } : {}),
  };
}

export function computeEntity(entry: ComputeSpecEntry, options: EntityOptions): Entity {
  const { doc } = entry;
  const ids = azureIdsOf(doc);
  const portal = (options.portalUrl ?? 'https://portal.azure.com').replace(/\/+$/, '');
  const annotations: Record<string, string> = {
    ...locationAnnotations(entry),
    [COMPUTE_ANNOTATIONS.name]: entry.name,
    [COMPUTE_ANNOTATIONS.specLocation]: entry.location,
    [COMPUTE_ANNOTATIONS.extensionId]: ids.extensionId,
    [COMPUTE_ANNOTATIONS.clusterId]: ids.clusterId,
  };
  if (ids.computeId) annotations[COMPUTE_ANNOTATIONS.computeId] = ids.computeId;
  if (ids.workspaceId) annotations[COMPUTE_ANNOTATIONS.workspaceId] = ids.workspaceId;
  const ext = doc.spec.extension;
  const tags = ['azureml', doc.spec.cluster.type, ...(ext?.training ? ['training'] : []), ...(ext?.inference ? ['inference'] : [])];
  const links = [
    ...(ids.computeId ? [{ url: `${portal}/#resource${ids.computeId}`, title: `Compute ${ids.computeName} in Azure`, icon: 'cloud' }] : []),
    { url: `${portal}/#resource${ids.extensionId}`, title: 'AzureML extension in Azure', icon: 'cloud' },
  ];
  const labels = labelsOf(doc.metadata.labels);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entityName(entry.name),
      namespace: options.namespace,
      ...(ids.computeName !== entry.name ? { title: ids.computeName } : {}),
      ...(doc.metadata.description ? { description: doc.metadata.description } : {}),
      ...(labels ? { labels } : {}),
      annotations,
      tags,
      links,
    },
    spec: {
      type: COMPUTE_ENTITY_TYPE,
      owner: doc.metadata.owner ?? options.defaultOwner,
      dependsOn: [clusterEntityRefOf(entry, options)],
      ...(options.system ? { system: options.system } : {}),
    },
  };
}

/**
 * One Resource per cluster the specs name (when the catalog has no other source of clusters).
 * A cluster whose reference is taken (by a compute entity in `taken`) is left out.
 */
export function clusterEntities(entries: readonly ComputeSpecEntry[], options: EntityOptions, taken: ReadonlySet<string> = new Set()): Entity[] {
  const out = new Map<string, Entity>();
  for (const entry of entries) {
    const ref = parseEntityRef(clusterEntityRefOf(entry, options));
    if (ref.kind.toLowerCase() !== 'resource') continue;
    const key = stringifyEntityRef(ref);
    if (out.has(key) || taken.has(key)) continue;
    const c = entry.doc.spec.cluster;
    const ids = azureIdsOf(entry.doc);
    out.set(key, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: ref.name,
        namespace: ref.namespace,
        title: c.name,
        description: `${c.type === 'aks' ? 'AKS' : 'Azure Arc-enabled Kubernetes'} cluster ${c.name} in resource group ${c.resourceGroup}`,
        annotations: { ...locationAnnotations(entry), [COMPUTE_ANNOTATIONS.clusterId]: ids.clusterId },
        tags: ['kubernetes', c.type],
      },
      spec: { type: CLUSTER_ENTITY_TYPE, owner: entry.doc.metadata.owner ?? options.defaultOwner, ...(options.system ? { system: options.system } : {}) },
    });
  }
  return [...out.values()];
}

export function deferred(entities: readonly Entity[], providerName: string): DeferredEntity[] {
  return entities.map((entity) => ({ entity, locationKey: `${providerName}:${entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? ''}` }));
}
