// Permissions of the azureml-compute plugin, for permission policies.
import { createPermission } from '@backstage/plugin-permission-common';

/** Reading compute status and history (`GET /computes`, `GET /computes/:name`). */
export const azuremlComputeReadPermission = createPermission({
  name: 'azureml.compute.read',
  attributes: { action: 'read' },
});

export const azuremlComputePermissions = [azuremlComputeReadPermission];
