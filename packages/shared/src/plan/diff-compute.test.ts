import { describe, expect, test } from '@jest/globals';
import { diffCompute } from './diff-compute.ts';
import type { ComputeIntent } from './diff-compute.ts';
import { summarizePlan } from './plan-compute.ts';

const want: ComputeIntent = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/gpu',
  resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
  namespace: 'ml-jobs',
  identityType: 'SystemAssigned',
  description: 'GPU pool',
  defaultInstanceType: 'defaultinstancetype',
  instanceTypes: { defaultinstancetype: { resources: { requests: { cpu: '1' } } }, gpu: { nodeSelector: { pool: 'gpu' } } },
};

const hashOf = (w: ComputeIntent): string => summarizePlan([{ name: 'gpu', file: 'gpu.yaml', notes: [], changes: [diffCompute(w, undefined)] }]).hash;

describe('compute changes carry every field the attach sends', () => {
  test('a create lists namespace, identity, description, default and each instance type', () => {
    const change = diffCompute(want, undefined);
    expect(Object.fromEntries((change.settings ?? []).map((s) => [s.key, s.after]))).toEqual({
      resourceId: want.resourceId,
      namespace: 'ml-jobs',
      'identity.type': 'SystemAssigned',
      description: 'GPU pool',
      defaultInstanceType: 'defaultinstancetype',
      'instanceTypes.defaultinstancetype': '{"resources":{"requests":{"cpu":"1"}}}',
      'instanceTypes.gpu': '{"nodeSelector":{"pool":"gpu"}}',
    });
  });

  test.each<[string, Partial<ComputeIntent>]>([
    ['namespace', { namespace: 'other' }],
    ['identity', { identityType: 'UserAssigned', userAssignedIdentity: '/subscriptions/s/id' }],
    ['instance type', { instanceTypes: { ...want.instanceTypes, gpu: { nodeSelector: { pool: 'a100' } } } }],
    ['default instance type', { defaultInstanceType: undefined }],
    ['description', { description: 'another' }],
  ])('the plan hash of a create changes with the %s', (_, edit) => {
    expect(hashOf({ ...want, ...edit } as ComputeIntent)).not.toBe(hashOf(want));
  });

  test('a replace shows what is there now beside what is sent', () => {
    const change = diffCompute(want, { provisioningState: 'Succeeded', resourceId: want.resourceId, namespace: 'default', identityType: 'SystemAssigned', instanceTypes: want.instanceTypes, defaultInstanceType: 'defaultinstancetype' });
    expect(change.action).toBe('replace');
    const byKey = Object.fromEntries((change.settings ?? []).map((s) => [s.key, s]));
    expect(byKey['namespace']).toEqual({ key: 'namespace', before: 'default', after: 'ml-jobs' });
    expect(byKey['identity.type']).toEqual({ key: 'identity.type', before: 'SystemAssigned', after: 'SystemAssigned' });
  });

  test('an unchanged compute has no fields', () => {
    const change = diffCompute(want, { provisioningState: 'Succeeded', resourceId: want.resourceId, namespace: 'ml-jobs', identityType: 'SystemAssigned', instanceTypes: want.instanceTypes, defaultInstanceType: 'defaultinstancetype' });
    expect(change).toMatchObject({ action: 'noop' });
    expect(change.settings).toBeUndefined();
  });
});
