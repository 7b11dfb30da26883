// The catalog module's configuration: the spec locations it shares with the backend plugin, and
// `azureMlCompute.catalog`. Read once at start.
import { CONFIG_ROOT, readGlobalSchedule, readSpecLocations } from '@aml-k8s/plugin-azureml-compute-node';
import type { SpecLocation } from '@aml-k8s/plugin-azureml-compute-node';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { DEFAULT_CLUSTER_ENTITY_REF } from './entities.ts';

export interface CatalogOptions {
  schedule: SchedulerServiceTaskScheduleDefinition;
  defaultOwner: string;
  /** Entity reference of a cluster's resource entity, with `{name}`, `{resourceGroup}`, `{subscriptionId}`, `{type}` placeholders. */
  clusterEntityRef: string;
  /** Also emit a Resource entity for every cluster. */
  emitClusters: boolean;
  namespace: string;
  system?: string;
  portalUrl: string;
}

export interface CatalogModuleOptions {
  locations: SpecLocation[];
  catalog: CatalogOptions;
}

const DEFAULT_CATALOG_SCHEDULE: SchedulerServiceTaskScheduleDefinition = { frequency: { minutes: 30 }, timeout: { minutes: 10 }, scope: 'global' };

export function readCatalogOptions(root: Config): CatalogModuleOptions {
  const catalog = root.getOptionalConfig(`${CONFIG_ROOT}.catalog`);
  const catalogOptions: CatalogOptions = {
    schedule: readGlobalSchedule(catalog?.getOptionalConfig('schedule'), DEFAULT_CATALOG_SCHEDULE),
    defaultOwner: catalog?.getOptionalString('defaultOwner') ?? 'unknown',
    clusterEntityRef: catalog?.getOptionalString('clusterEntityRef') ?? DEFAULT_CLUSTER_ENTITY_REF,
    emitClusters: catalog?.getOptionalBoolean('emitClusters') ?? false,
    namespace: catalog?.getOptionalString('namespace') ?? 'default',
    portalUrl: catalog?.getOptionalString('portalUrl') ?? 'https://portal.azure.com',
  };
  const system = catalog?.getOptionalString('system');
  if (system) catalogOptions.system = system;
  return { locations: readSpecLocations(root), catalog: catalogOptions };
}
