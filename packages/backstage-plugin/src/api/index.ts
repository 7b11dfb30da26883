export { azureMLComputeApiRef } from './AzureMLComputeApi';
export type { AzureMLComputeApi } from './AzureMLComputeApi';
export { AzureMLComputeClient, BACKEND_PLUGIN_ID } from './AzureMLComputeClient';
