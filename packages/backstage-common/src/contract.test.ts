// The names other systems store or match on: entities written by the catalog module keep these
// annotations, and permission policies match on the permission's name. Changing one breaks them.
import { describe, expect, test } from '@jest/globals';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  AZUREML_COMPUTE_RESOURCE_TYPE,
  azuremlComputeListPermission,
  azuremlComputePermissions,
  azuremlComputeReadPermission,
  COMPUTE_ANNOTATIONS,
  COMPUTE_ENTITY_TYPE,
} from './index.ts';

describe('the common contract', () => {
  test('entity type and annotations', () => {
    expect(COMPUTE_ENTITY_TYPE).toBe('azureml-kubernetes-compute');
    expect(COMPUTE_ANNOTATIONS).toEqual({
      name: 'azureml.aml-k8s.dev/compute-name',
      specLocation: 'azureml.aml-k8s.dev/spec-location',
      extensionId: 'azureml.aml-k8s.dev/extension-id',
      computeId: 'azureml.aml-k8s.dev/compute-id',
      clusterId: 'azureml.aml-k8s.dev/cluster-id',
      workspaceId: 'azureml.aml-k8s.dev/workspace-id',
    });
  });

  test('the read permission: a resource permission on resource type azureml-compute; the list permission: basic', () => {
    expect(AZUREML_COMPUTE_RESOURCE_TYPE).toBe('azureml-compute');
    expect(azuremlComputeReadPermission).toEqual({ type: 'resource', name: 'azureml.compute.read', attributes: { action: 'read' }, resourceType: 'azureml-compute' });
    expect(isResourcePermission(azuremlComputeReadPermission, 'azureml-compute')).toBe(true);
    expect(azuremlComputeListPermission).toEqual({ type: 'basic', name: 'azureml.compute.list', attributes: { action: 'read' } });
    expect(isResourcePermission(azuremlComputeListPermission)).toBe(false);
    expect(azuremlComputePermissions).toEqual([azuremlComputeReadPermission, azuremlComputeListPermission]);
  });
});
