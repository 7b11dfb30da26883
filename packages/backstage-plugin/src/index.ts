// @aml-k8s/plugin-azureml-compute: the Azure ML compute entity card, overview page and API client.
// New frontend system apps use the default export; legacy apps use `azureMLComputePlugin` and the
// `AzureMLComputePage` and `EntityAzureMLComputeCard` extensions.
export { azureMLComputeFrontendPlugin as default } from './alpha';
export { azureMLComputeApi, azureMLComputeEntityCard, azureMLComputeOverviewPage, overviewRouteRef } from './alpha';
export { AzureMLComputePage, EntityAzureMLComputeCard, azureMLComputePlugin, rootRouteRef } from './plugin';
export { AzureMLComputeClient, BACKEND_PLUGIN_ID, azureMLComputeApiRef } from './api';
export type { AzureMLComputeApi } from './api';
export { COMPUTE_ENTITY_TYPE, COMPUTE_NAME_ANNOTATION, computeNameOf, isAzureMLComputeEntity } from './lib/entity';
export { ComputeStatusCard } from './components/EntityAzureMLComputeCard';
