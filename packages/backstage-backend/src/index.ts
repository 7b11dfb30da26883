// @aml-k8s/plugin-azureml-compute-backend: the azureml-compute backend plugin (default export).
//
//   backend.add(import('@aml-k8s/plugin-azureml-compute-backend'));
//
// Its catalog and scaffolder modules are packages of their own
// (@aml-k8s/plugin-catalog-backend-module-azureml-compute,
// @aml-k8s/plugin-scaffolder-backend-module-azureml-compute); the REST contract and the permissions
// live in @aml-k8s/plugin-azureml-compute-common, the spec reading in @aml-k8s/plugin-azureml-compute-node.
import { azuremlComputePlugin } from './plugin.ts';

export default azuremlComputePlugin;
export { azuremlComputePlugin, STATUS_REFRESH_TASK_ID } from './plugin.ts';
// Re-exported for existing users; their home is the common package.
export { azuremlComputeReadPermission, azuremlComputePermissions } from '@aml-k8s/plugin-azureml-compute-common';
// For permission policies: conditions on computes (`azuremlComputeConditions.isOwner({ claims })`)
// and their decision; the resource ref and rules for modules that add rules of their own.
export {
  azuremlComputeConditions,
  azuremlComputePermissionResourceRef,
  azuremlComputeRules,
  createAzuremlComputeConditionalDecision,
  isOwner,
  normalizeOwnerRef,
} from './permissions/rules.ts';
export type { ComputeFilter } from './permissions/rules.ts';
export { createRouter, defaultRuleset, validateDraft } from './router.ts';
export type { RouterOptions, ValidateRequestBody } from './router.ts';
export { StatusStore } from './status/store.ts';
export { refreshStatuses } from './status/refresh.ts';
export type { RefreshSummary } from './status/refresh.ts';
export { ArmStatusReader } from './status/arm-reader.ts';
export type { ArmStatusReaderOptions, ExtensionSource, StatusGateway } from './status/arm-reader.ts';
export { ResourceGraphClient } from './status/resource-graph.ts';
export { ComputeListClient, withSharedPacer } from './status/compute-list.ts';
export type { ObservationCalls, Observations, StatusReader, StatusTargets } from './status/observation.ts';
// Re-exported for existing users; their home is the node package.
export { LocationSpecSource, inventoryOf } from '@aml-k8s/plugin-azureml-compute-node';
export type { ComputeSpecEntry, Inventory, LocatedSpecText, SpecLocation, SpecSource } from '@aml-k8s/plugin-azureml-compute-node';
