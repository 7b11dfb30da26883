// The plugin's configuration (`azureMlCompute` in app-config), read once at start. The catalog
// module reads `azureMlCompute.catalog` itself; the spec locations are read by the same code.
import { armConfigFromEnv, parseCredentialKind } from '@aml-k8s/shared';
import type { ArmConfig, CredentialKind } from '@aml-k8s/shared';
import { CONFIG_ROOT, readGlobalSchedule, readSpecLocations } from '@aml-k8s/plugin-azureml-compute-node';
import type { SpecLocation } from '@aml-k8s/plugin-azureml-compute-node';
import type { Config } from '@backstage/config';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { ExtensionSource } from '../status/arm-reader.ts';

export interface AzureOptions {
  /** The core's ARM configuration: endpoint (config `armEndpoint`, else AML_K8S_ARM_ENDPOINT), retries (AML_K8S_* variables). */
  arm: ArmConfig;
  authorityHost?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The credential kind (config `credential`); unset: AML_K8S_CREDENTIAL, else the core's order. */
  credential?: CredentialKind;
  /** Client ID of a user-assigned managed identity (config `managedIdentityClientId`). */
  managedIdentityClientId?: string;
  extensionSource: ExtensionSource;
  /** Workspaces (ARM IDs) listed besides those the specs reference. */
  workspaces: string[];
  discoverWorkspaces: boolean;
  pageSize: number;
  concurrency: number;
}

export interface PluginOptions {
  locations: SpecLocation[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  historyRetentionDays: number;
  historyLimit: number;
  azure: AzureOptions;
  /** Configuration that is accepted but no longer has an effect, worded for the log. */
  warnings: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = { frequency: { minutes: 5 }, timeout: { minutes: 4 }, scope: 'global' };
const WORKSPACE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i;

export function readPluginOptions(root: Config, env: Readonly<Record<string, string | undefined>> = process.env): PluginOptions {
  const c = root.getOptionalConfig(CONFIG_ROOT);
  const azure = c?.getOptionalConfig('azure');
  const warnings: string[] = [];
  if (azure?.has('computeSource')) {
    warnings.push(`${CONFIG_ROOT}.azure.computeSource is no longer used: Azure Resource Graph does not index computes, so they are always read with the compute list API (one list per workspace); see extensionSource`);
  }
  const extensionSource = azure?.getOptionalString('extensionSource') ?? 'resourceGraph';
  if (extensionSource !== 'resourceGraph' && extensionSource !== 'get') throw new Error(`${CONFIG_ROOT}.azure.extensionSource must be 'resourceGraph' or 'get'`);
  const workspaces = azure?.getOptionalStringArray('workspaces') ?? [];
  for (const w of workspaces) if (!WORKSPACE_ID.test(w)) throw new Error(`${CONFIG_ROOT}.azure.workspaces: '${w}' is not a workspace ARM ID (/subscriptions/…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/…)`);
  const pageSize = azure?.getOptionalNumber('pageSize') ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error(`${CONFIG_ROOT}.azure.pageSize must be an integer from 1 to 1000`);
  const concurrency = azure?.getOptionalNumber('concurrency') ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`${CONFIG_ROOT}.azure.concurrency must be a positive integer`);
  const endpoint = azure?.getOptionalString('armEndpoint');
  const azureOptions: AzureOptions = {
    arm: armConfigFromEnv(env, endpoint ? { endpoint } : {}),
    extensionSource,
    workspaces,
    discoverWorkspaces: azure?.getOptionalBoolean('discoverWorkspaces') ?? false,
    pageSize,
    concurrency,
  };
  for (const key of ['authorityHost', 'tenantId', 'clientId', 'clientSecret', 'managedIdentityClientId'] as const) {
    const v = azure?.getOptionalString(key);
    if (v) azureOptions[key] = v;
  }
  const credential = parseCredentialKind(azure?.getOptionalString('credential'), `${CONFIG_ROOT}.azure.credential`);
  if (credential) azureOptions.credential = credential;
  if (credential && credential !== 'environment' && azureOptions.clientSecret) {
    warnings.push(`${CONFIG_ROOT}.azure.clientSecret is not used: ${CONFIG_ROOT}.azure.credential is ${credential}`);
  }
  return {
    locations: readSpecLocations(root),
    schedule: readGlobalSchedule(c?.getOptionalConfig('schedule'), DEFAULT_SCHEDULE),
    historyRetentionDays: c?.getOptionalNumber('history.retentionDays') ?? 90,
    historyLimit: c?.getOptionalNumber('history.limit') ?? 100,
    azure: azureOptions,
    warnings,
  };
}
