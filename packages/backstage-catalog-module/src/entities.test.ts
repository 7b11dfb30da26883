import { describe, expect, test } from '@jest/globals';
import { inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import { clusterEntities, clusterEntityRefOf, computeEntity, entityName } from './entities.ts';

const SPEC = `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: aks-platform, labels: { team: ml, "bad key!": x } }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: aks-platform }
  extension: { training: true }
`;

const entry = () => inventoryOf([{ location: 'https://github.com/c/r/tree/main/computes/p.yaml', locationType: 'url', text: SPEC }]).entries[0]!;
const options = { defaultOwner: 'group:default/platform', clusterEntityRef: 'resource:default/{name}-cluster', namespace: 'default' };

describe('catalog entities', () => {
  test('a compute without an owner or attach: default owner, no compute annotations, repository links', () => {
    const e = computeEntity(entry(), options);
    expect(e.spec).toEqual({ type: 'azureml-kubernetes-compute', owner: 'group:default/platform', dependsOn: ['resource:default/aks-platform-cluster'] });
    expect(e.metadata.labels).toEqual({ team: 'ml' });
    expect(e.metadata.annotations).toMatchObject({ 'backstage.io/managed-by-location': 'url:https://github.com/c/r/tree/main/computes/p.yaml', 'backstage.io/view-url': 'https://github.com/c/r/tree/main/computes/p.yaml' });
    expect(Object.keys(e.metadata.annotations!)).not.toContain('azureml.aml-k8s.dev/compute-id');
    expect(e.metadata.tags).toEqual(['azureml', 'aks', 'training']);
  });

  test('cluster references: placeholders, sanitized names, and no cluster entity that a compute already is', () => {
    expect(clusterEntityRefOf(entry(), { ...options, clusterEntityRef: 'component:infra/{resourceGroup}.{name}' })).toBe('component:infra/rg.aks-platform');
    const same = { ...options, clusterEntityRef: 'resource:default/{name}' };
    expect(clusterEntities([entry()], same, new Set(['resource:default/aks-platform']))).toEqual([]);
    expect(clusterEntities([entry()], options).map((c) => [c.metadata.name, c.spec?.type])).toEqual([['aks-platform-cluster', 'kubernetes-cluster']]);
    expect(entityName('--Weird name/with:chars--')).toBe('Weird-name-with-chars');
    expect(entityName('x'.repeat(80))).toHaveLength(63);
  });
});
