// @aml-k8s/plugin-azureml-compute-backend: the azureml-compute backend plugin (default export),
// its catalog module and its scaffolder module.
//
//   backend.add(import('@aml-k8s/plugin-azureml-compute-backend'));
//   backend.add(catalogModuleAzuremlCompute);
//   backend.add(scaffolderModuleAzuremlCompute);
import { azuremlComputePlugin } from './plugin.ts';

export default azuremlComputePlugin;
export { azuremlComputePlugin, STATUS_REFRESH_TASK_ID } from './plugin.ts';
export { catalogModuleAzuremlCompute } from './catalog/module.ts';
export { scaffolderModuleAzuremlCompute } from './scaffolder/module.ts';
export { azuremlComputeReadPermission, azuremlComputePermissions } from './permissions.ts';
export { AzureMlComputeEntityProvider, PROVIDER_NAME } from './catalog/provider.ts';
export { computeEntity, clusterEntities, CLUSTER_ENTITY_TYPE } from './catalog/entities.ts';
export { createRenderComputeAction, createValidateComputeAction, RENDER_ACTION_ID, VALIDATE_ACTION_ID } from './scaffolder/actions.ts';
export { renderSpecYaml, specFromForm } from './scaffolder/form.ts';
export type { ComputeFormInput, ComputeFormInstanceType } from './scaffolder/form.ts';
export { createRouter, validateDraft } from './router.ts';
export type { RouterOptions, ValidateRequestBody } from './router.ts';
export { StatusStore } from './status/store.ts';
export { refreshStatuses } from './status/refresh.ts';
export type { RefreshSummary } from './status/refresh.ts';
export { ArmClient } from './status/arm-client.ts';
export { ArmStatusReader } from './status/arm-reader.ts';
export type { ComputeSource } from './status/arm-reader.ts';
export { LocationSpecSource } from './specs/source.ts';
export { inventoryOf } from './specs/inventory.ts';
export type { Inventory } from './specs/inventory.ts';
export type { ComputeSpecEntry } from './specs/entry.ts';
export type { SpecLocation, SpecSource, LocatedSpecText } from './specs/source.ts';
