import type { Entity } from '@backstage/catalog-model';

// Catalog conventions of the backend's entity provider (kept equal to `COMPUTE_ENTITY_TYPE` and
// `COMPUTE_ANNOTATIONS` of the shared contract; a test checks they agree). Copied, not imported, so
// that the browser bundle never pulls in the core.

export const COMPUTE_ENTITY_TYPE = 'azureml-kubernetes-compute';
export const COMPUTE_NAME_ANNOTATION = 'azureml.aml-k8s.dev/compute-name';

/** Whether the entity is an attached Azure ML Kubernetes compute (shows the card). */
export function isAzureMLComputeEntity(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'resource' && entity.spec?.type === COMPUTE_ENTITY_TYPE;
}

/** The spec's `metadata.name`, the key of the backend's status routes; undefined when the entity lacks it. */
export function computeNameOf(entity: Entity): string | undefined {
  const name = entity.metadata.annotations?.[COMPUTE_NAME_ANNOTATION];
  return name && name.trim() !== '' ? name : undefined;
}
