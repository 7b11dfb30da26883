import { describe, expect, it } from '@jest/globals';
import type { Entity } from '@backstage/catalog-model';
import { COMPUTE_ANNOTATIONS, COMPUTE_ENTITY_TYPE as COMMON_TYPE } from '@aml-k8s/plugin-azureml-compute-common';
import { COMPUTE_ENTITY_TYPE, COMPUTE_NAME_ANNOTATION, computeNameOf, isAzureMLComputeEntity } from './entity';

const entity = (kind: string, type: string, annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'gpu-east', annotations },
  spec: { type, owner: 'group:default/ml-platform' },
});

describe('compute entities', () => {
  it('uses the entity type and annotation of the common package', () => {
    expect(COMPUTE_ENTITY_TYPE).toBe(COMMON_TYPE);
    expect(COMPUTE_NAME_ANNOTATION).toBe(COMPUTE_ANNOTATIONS.name);
  });

  it('recognises compute resources and reads the spec name', () => {
    expect(isAzureMLComputeEntity(entity('Resource', COMPUTE_ENTITY_TYPE))).toBe(true);
    expect(isAzureMLComputeEntity(entity('Resource', 'kubernetes-cluster'))).toBe(false);
    expect(isAzureMLComputeEntity(entity('Component', COMPUTE_ENTITY_TYPE))).toBe(false);
    expect(computeNameOf(entity('Resource', COMPUTE_ENTITY_TYPE, { [COMPUTE_NAME_ANNOTATION]: 'gpu-east' }))).toBe('gpu-east');
    expect(computeNameOf(entity('Resource', COMPUTE_ENTITY_TYPE, { [COMPUTE_NAME_ANNOTATION]: ' ' }))).toBeUndefined();
    expect(computeNameOf(entity('Resource', COMPUTE_ENTITY_TYPE))).toBeUndefined();
  });
});
