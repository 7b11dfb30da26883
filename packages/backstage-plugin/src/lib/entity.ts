import { COMPUTE_ANNOTATIONS, COMPUTE_ENTITY_TYPE } from '@aml-k8s/plugin-azureml-compute-common';
import type { Entity } from '@backstage/catalog-model';

// Catalog conventions of the catalog module's entity provider, from the plugin's common package
// (which the browser bundle may import: it has no Node or core code).

export { COMPUTE_ENTITY_TYPE };
/** The spec's `metadata.name`: the key of the backend's status routes. */
export const COMPUTE_NAME_ANNOTATION = COMPUTE_ANNOTATIONS.name;

/** Whether the entity is an attached Azure ML Kubernetes compute (shows the card). */
export function isAzureMLComputeEntity(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'resource' && entity.spec?.type === COMPUTE_ENTITY_TYPE;
}

/** The spec's `metadata.name`, the key of the backend's status routes; undefined when the entity lacks it. */
export function computeNameOf(entity: Entity): string | undefined {
  const name = entity.metadata.annotations?.[COMPUTE_NAME_ANNOTATION];
  return name && name.trim() !== '' ? name : undefined;
}
