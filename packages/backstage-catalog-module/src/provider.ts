// Entity provider: reads the spec files and hands the catalog one entity per compute, on a
// schedule (a global task: one backend replica at a time).
import { inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
import type { SpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import type { LoggerService, SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { clusterEntities, clusterEntityRefOf, computeEntity, deferred } from './entities.ts';
import type { EntityOptions } from './entities.ts';

export const PROVIDER_NAME = 'azureml-compute';

export interface ProviderOptions extends EntityOptions {
  source: SpecSource;
  logger: Pick<LoggerService, 'info' | 'warn'>;
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  emitClusters: boolean;
}

export interface ProviderRun {
  computes: number;
  clusters: number;
  /** `full` replaces this provider's entities; `delta` only adds (some location could not be read). */
  mutation: 'full' | 'delta';
}

export class AzureMlComputeEntityProvider implements EntityProvider {
  readonly #options: ProviderOptions;
  #connection: EntityProviderConnection | undefined;

  constructor(options: ProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  get taskId(): string {
    return `${PROVIDER_NAME}:refresh`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#options.scheduler.scheduleTask({ id: this.taskId, ...this.#options.schedule, scope: 'global', fn: async () => void (await this.run()) });
  }

  async run(): Promise<ProviderRun> {
    const connection = this.#connection;
    if (!connection) throw new Error(`${PROVIDER_NAME} is not connected to the catalog yet`);
    const { logger } = this.#options;
    const read = await this.#options.source.read();
    for (const f of read.failures) logger.warn(`${PROVIDER_NAME}: cannot read spec location ${f.location}: ${f.message}`);
    const inventory = inventoryOf(read.files);
    for (const p of inventory.problems) logger.warn(`${PROVIDER_NAME}: spec ${p.location} skipped: ${p.message}`);
    const computes = inventory.entries.map((e) => computeEntity(e, this.#options));
    const computeRefs = new Set(computes.map((e) => stringifyEntityRef(e)));
    const clusters = this.#options.emitClusters ? clusterEntities(inventory.entries, this.#options, computeRefs) : [];
    const collisions = new Set(inventory.entries.map((e) => clusterEntityRefOf(e, this.#options)).filter((ref) => computeRefs.has(ref)));
    if (this.#options.emitClusters && collisions.size) logger.warn(`${PROVIDER_NAME}: cluster entities ${[...collisions].join(', ')} have the names of compute entities and are left out; change catalog.clusterEntityRef`);
    const entities = deferred([...computes, ...clusters], PROVIDER_NAME);
    // A partial read must not delete the entities of the locations that failed: add, never replace.
    const mutation: ProviderRun['mutation'] = read.failures.length === 0 ? 'full' : 'delta';
    await connection.applyMutation(mutation === 'full' ? { type: 'full', entities } : { type: 'delta', added: entities, removed: [] });
    logger.info(`${PROVIDER_NAME}: ${mutation} mutation with ${computes.length} computes and ${clusters.length} clusters`);
    return { computes: computes.length, clusters: clusters.length, mutation };
  }
}
