// The plugin's configuration (`azureMlCompute` in app-config), read once at start.
import type { Config } from '@backstage/config';
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { ComputeSource } from '../status/arm-reader.ts';
import type { SpecLocation } from '../specs/source.ts';
import { DEFAULT_CLUSTER_ENTITY_REF } from '../catalog/entities.ts';

export const CONFIG_ROOT = 'azureMlCompute';

export interface AzureOptions {
  armEndpoint: string;
  authorityHost?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  computeSource: ComputeSource;
  pageSize: number;
}

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

export interface PluginOptions {
  locations: SpecLocation[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  historyRetentionDays: number;
  historyLimit: number;
  azure: AzureOptions;
  catalog: CatalogOptions;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = { frequency: { minutes: 5 }, timeout: { minutes: 4 }, scope: 'global' };
const DEFAULT_CATALOG_SCHEDULE: SchedulerServiceTaskScheduleDefinition = { frequency: { minutes: 30 }, timeout: { minutes: 10 }, scope: 'global' };

function schedule(config: Config | undefined, fallback: SchedulerServiceTaskScheduleDefinition): SchedulerServiceTaskScheduleDefinition {
  // Always a global task: several backend replicas must not refresh at once.
  return config ? { ...readSchedulerServiceTaskScheduleDefinitionFromConfig(config), scope: 'global' } : fallback;
}

export function readLocations(root: Config): SpecLocation[] {
  return (root.getOptionalConfigArray(`${CONFIG_ROOT}.locations`) ?? []).map((c) => {
    const type = c.getString('type');
    if (type !== 'file' && type !== 'url') throw new Error(`${CONFIG_ROOT}.locations: type must be 'file' or 'url', not '${type}'`);
    return { type, target: c.getString('target') };
  });
}

export function readPluginOptions(root: Config, env: Readonly<Record<string, string | undefined>> = process.env): PluginOptions {
  const c = root.getOptionalConfig(CONFIG_ROOT);
  const azure = c?.getOptionalConfig('azure');
  const catalog = c?.getOptionalConfig('catalog');
  const computeSource = azure?.getOptionalString('computeSource') ?? 'resourceGraph';
  if (computeSource !== 'resourceGraph' && computeSource !== 'list') throw new Error(`${CONFIG_ROOT}.azure.computeSource must be 'resourceGraph' or 'list'`);
  const azureOptions: AzureOptions = {
    armEndpoint: (azure?.getOptionalString('armEndpoint') ?? env.AML_K8S_ARM_ENDPOINT ?? 'https://management.azure.com').replace(/\/+$/, ''),
    computeSource,
    pageSize: azure?.getOptionalNumber('pageSize') ?? 1000,
  };
  for (const key of ['authorityHost', 'tenantId', 'clientId', 'clientSecret'] as const) {
    const v = azure?.getOptionalString(key);
    if (v) azureOptions[key] = v;
  }
  const catalogOptions: CatalogOptions = {
    schedule: schedule(catalog?.getOptionalConfig('schedule'), DEFAULT_CATALOG_SCHEDULE),
    defaultOwner: catalog?.getOptionalString('defaultOwner') ?? 'unknown',
    clusterEntityRef: catalog?.getOptionalString('clusterEntityRef') ?? DEFAULT_CLUSTER_ENTITY_REF,
    emitClusters: catalog?.getOptionalBoolean('emitClusters') ?? false,
    namespace: catalog?.getOptionalString('namespace') ?? 'default',
    portalUrl: catalog?.getOptionalString('portalUrl') ?? 'https://portal.azure.com',
  };
  const system = catalog?.getOptionalString('system');
  if (system) catalogOptions.system = system;
  return {
    locations: c ? readLocations(root) : [],
    schedule: schedule(c?.getOptionalConfig('schedule'), DEFAULT_SCHEDULE),
    historyRetentionDays: c?.getOptionalNumber('history.retentionDays') ?? 90,
    historyLimit: c?.getOptionalNumber('history.limit') ?? 100,
    azure: azureOptions,
    catalog: catalogOptions,
  };
}
