import { createApiRef } from '@backstage/core-plugin-api';
import type { ComputeDetailResponse, ComputeListResponse } from '@aml-k8s/plugin-azureml-compute-common';

/** Reads the live status of attached computes from the `azureml-compute` backend plugin. */
export interface AzureMLComputeApi {
  /** `GET /api/azureml-compute/computes` */
  listComputes(): Promise<ComputeListResponse>;
  /** `GET /api/azureml-compute/computes/:name`, where `name` is the spec's `metadata.name`. */
  getCompute(name: string): Promise<ComputeDetailResponse>;
}

/** The API reference; the same in legacy and new frontend system apps. */
export const azureMLComputeApiRef = createApiRef<AzureMLComputeApi>({ id: 'plugin.azureml-compute.service' });
