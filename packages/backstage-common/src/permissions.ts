// Permissions of the azureml-compute plugin, for permission policies.
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission resource type of one compute. Its resource ref is the compute's name (the spec's
 * `metadata.name`, the entity annotation `azureml.aml-k8s.dev/compute-name`); the backend plugin
 * registers it with its rules (`IS_OWNER`), so policies may answer conditional decisions.
 */
export const AZUREML_COMPUTE_RESOURCE_TYPE = 'azureml-compute';

/**
 * Reading a compute's status and history. A resource permission: a policy may allow it, deny it or
 * allow it for some computes only (a conditional decision, e.g. the user's own). `GET /computes` and
 * `GET /summary` count and list only the computes it allows; `GET /computes/:name` answers 404 for
 * the others. The entity card asks for it with the compute's name as resource ref.
 */
export const azuremlComputeReadPermission = createPermission({
  name: 'azureml.compute.read',
  attributes: { action: 'read' },
  resourceType: AZUREML_COMPUTE_RESOURCE_TYPE,
});

/**
 * Opening the compute overview: `GET /computes` and `GET /summary` (which computes they show is up
 * to `azureml.compute.read`). A basic permission, because a page showing many computes has no
 * single resource to ask about; the overview page hides itself without it.
 */
export const azuremlComputeListPermission = createPermission({
  name: 'azureml.compute.list',
  attributes: { action: 'read' },
});

export const azuremlComputePermissions = [azuremlComputeReadPermission, azuremlComputeListPermission];
