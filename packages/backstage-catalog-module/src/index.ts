// @aml-k8s/plugin-catalog-backend-module-azureml-compute: the catalog module of aml-k8s (default
// export): one Resource entity per compute spec file, refreshed on a schedule.
//
//   backend.add(import('@aml-k8s/plugin-catalog-backend-module-azureml-compute'));
import { catalogModuleAzuremlCompute } from './module.ts';

export default catalogModuleAzuremlCompute;
export { catalogModuleAzuremlCompute } from './module.ts';
export { AzureMlComputeEntityProvider, PROVIDER_NAME } from './provider.ts';
export type { ProviderOptions, ProviderRun } from './provider.ts';
export { CLUSTER_ENTITY_TYPE, clusterEntities, computeEntity } from './entities.ts';
export type { EntityOptions } from './entities.ts';
