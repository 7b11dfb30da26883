import { createApiRef } from '@backstage/core-plugin-api';
import type { ComputeDetailResponse, ComputeListQuery, ComputeListResponse, ComputeSummaryResponse } from '@aml-k8s/plugin-azureml-compute-common';

/** Reads the live status of attached computes from the `azureml-compute` backend plugin. */
export interface AzureMLComputeApi {
  /** `GET /api/azureml-compute/computes`: one page (default 50) of the computes matching the query, sorted by name. */
  listComputes(query?: ComputeListQuery): Promise<ComputeListResponse>;
  /** `GET /api/azureml-compute/summary`: counts per state and the filters' choices over every compute. */
  getSummary(): Promise<ComputeSummaryResponse>;
  /** `GET /api/azureml-compute/computes/:name`, where `name` is the spec's `metadata.name`. */
  getCompute(name: string): Promise<ComputeDetailResponse>;
}

/** The API reference; the same in legacy and new frontend system apps. */
export const azureMLComputeApiRef = createApiRef<AzureMLComputeApi>({ id: 'plugin.azureml-compute.service' });
