// The plugin's configuration (`azureMlCompute` in app-config), read once at start. The catalog
// module reads `azureMlCompute.catalog` itself; the spec locations are read by the same code.
import { CONFIG_ROOT, readGlobalSchedule, readSpecLocations } from '@aml-k8s/plugin-azureml-compute-node';
import type { SpecLocation } from '@aml-k8s/plugin-azureml-compute-node';
import type { Config } from '@backstage/config';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { ComputeSource } from '../status/arm-reader.ts';

export interface AzureOptions {
  armEndpoint: string;
  authorityHost?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  computeSource: ComputeSource;
  pageSize: number;
}

export interface PluginOptions {
  locations: SpecLocation[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  historyRetentionDays: number;
  historyLimit: number;
  azure: AzureOptions;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = { frequency: { minutes: 5 }, timeout: { minutes: 4 }, scope: 'global' };

export function readPluginOptions(root: Config, env: Readonly<Record<string, string | undefined>> = process.env): PluginOptions {
  const c = root.getOptionalConfig(CONFIG_ROOT);
  const azure = c?.getOptionalConfig('azure');
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
  return {
    locations: readSpecLocations(root),
    schedule: readGlobalSchedule(c?.getOptionalConfig('schedule'), DEFAULT_SCHEDULE),
    historyRetentionDays: c?.getOptionalNumber('history.retentionDays') ?? 90,
    historyLimit: c?.getOptionalNumber('history.limit') ?? 100,
    azure: azureOptions,
  };
}
