// The catalog module alone (its default export, as feature discovery loads it): its entity provider
// emits the example computes as Resource entities.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { COMPUTE_ANNOTATIONS, COMPUTE_ENTITY_TYPE } from '@aml-k8s/plugin-azureml-compute-common';
import { inventoryOf, LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import type { ComputeSpecEntry } from '@aml-k8s/plugin-azureml-compute-node';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { EntityPolicies, FieldFormatEntityPolicy, NoForeignRootFieldsEntityPolicy, SchemaValidEntityPolicy, resourceEntityV1alpha1Validator } from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import type { JsonArray } from '@backstage/types';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { EntityProvider, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { fileURLToPath } from 'node:url';
import catalogModuleAzuremlCompute from '../src/index.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url)).replace(/\/$/, '');

async function exampleEntries(): Promise<ComputeSpecEntry[]> {
  const inventory = inventoryOf((await new LocationSpecSource({ locations: [{ type: 'file', target: EXAMPLES_DIR }] }).read()).files);
  if (inventory.problems.length) throw new Error(`example problems: ${JSON.stringify(inventory.problems)}`);
  return inventory.entries;
}

/** The test utilities' scheduler: runs tasks when told (its type is not exported as such). */
const scheduler = mockServices.scheduler() as SchedulerService & { factory(options?: { skipTaskRunOnStartup?: boolean }): ReturnType<typeof mockServices.scheduler.factory> };
const providers: EntityProvider[] = [];
const mutations: EntityProviderMutation[] = [];
let backend: Awaited<ReturnType<typeof startTestBackend>>;

async function startWith(locations: JsonArray): Promise<void> {
  backend = await startTestBackend({
    extensionPoints: [[catalogProcessingExtensionPoint, { addEntityProvider: (...ps: (EntityProvider | EntityProvider[])[]) => void providers.push(...ps.flat()) }]],
    features: [
      catalogModuleAzuremlCompute,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: { azureMlCompute: { locations, catalog: { emitClusters: true, defaultOwner: 'group:default/platform' } } } }),
    ],
  });
  await providers[0]!.connect({ applyMutation: async (m) => void mutations.push(m), refresh: async () => {} });
}

const policy = EntityPolicies.allOf([new SchemaValidEntityPolicy(), new FieldFormatEntityPolicy(), new NoForeignRootFieldsEntityPolicy()]);

beforeAll(async () => {
  await startWith([{ type: 'file', target: EXAMPLES_DIR }]);
});

afterAll(async () => {
  await backend?.stop();
});

describe('the azureml-compute entity provider', () => {
  test('registers one provider with a stable name and a global scheduled task', async () => {
    expect(providers.map((p) => p.getProviderName())).toEqual(['azureml-compute']);
    const tasks = await scheduler.getScheduledTasks();
    expect(tasks).toEqual([expect.objectContaining({ id: 'azureml-compute:refresh', scope: 'global' })]);
  });

  test('emits every example compute as a Resource entity, with a full mutation', async () => {
    await scheduler.triggerTask('azureml-compute:refresh');
    const m = mutations.at(-1)!;
    expect(m.type).toBe('full');
    const entities = m.type === 'full' ? m.entities : [];
    const computes = entities.filter((d) => d.entity.spec?.type === COMPUTE_ENTITY_TYPE);
    const expected = await exampleEntries();
    expect(computes.map((d) => d.entity.metadata.name).sort()).toEqual(expected.map((e) => e.name).sort());
    for (const d of entities) {
      await expect(policy.enforce(d.entity)).resolves.toBeDefined();
      expect(await resourceEntityV1alpha1Validator.check(d.entity)).toBe(true);
      expect(d.locationKey).toMatch(/^azureml-compute:file:/);
    }
  });

  test('an entity carries owner, cluster dependency, spec location and Azure IDs', async () => {
    const m = mutations.at(-1)!;
    const entities = m.type === 'full' ? m.entities.map((d) => d.entity) : [];
    const poc = entities.find((e) => e.metadata.name === 'aks-poc') as Entity;
    const file = `${EXAMPLES_DIR}/aks-proof-of-concept.yaml`;
    expect(poc).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        namespace: 'default',
        description: expect.stringContaining('Proof-of-concept'),
        labels: { environment: 'dev' },
        tags: ['azureml', 'aks', 'training', 'inference'],
        annotations: {
          'backstage.io/managed-by-location': `file:${file}`,
          'backstage.io/managed-by-origin-location': `file:${file}`,
          [COMPUTE_ANNOTATIONS.name]: 'aks-poc',
          [COMPUTE_ANNOTATIONS.specLocation]: file,
          [COMPUTE_ANNOTATIONS.clusterId]: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-poc-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-poc',
          [COMPUTE_ANNOTATIONS.extensionId]: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-poc-rg/providers/Microsoft.ContainerService/managedClusters/aks-ml-poc/providers/Microsoft.KubernetesConfiguration/extensions/azureml',
          [COMPUTE_ANNOTATIONS.workspaceId]: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace',
          [COMPUTE_ANNOTATIONS.computeId]: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-workspace/computes/aks-poc',
        },
      },
      spec: { type: COMPUTE_ENTITY_TYPE, owner: 'group:default/ml-platform', dependsOn: ['resource:default/aks-ml-poc-cluster'] },
    });
    const cluster = entities.find((e) => e.metadata.name === 'aks-ml-poc-cluster');
    expect(cluster).toMatchObject({ kind: 'Resource', spec: { type: 'kubernetes-cluster', owner: 'group:default/ml-platform' } });
  });

  test('a location that cannot be read only adds entities: nothing is deleted', async () => {
    await backend.stop();
    providers.length = 0;
    await startWith([{ type: 'file', target: EXAMPLES_DIR }, { type: 'file', target: `${EXAMPLES_DIR}/does-not-exist` }]);
    await scheduler.triggerTask('azureml-compute:refresh');
    const m = mutations.at(-1)!;
    expect(m.type).toBe('delta');
    expect(m.type === 'delta' && m.removed).toEqual([]);
    expect(m.type === 'delta' && m.added.length).toBeGreaterThan(0);
  });
});
