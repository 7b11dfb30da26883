import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { computeListQueryString } from '@aml-k8s/plugin-azureml-compute-common';
import type { ComputeDetailResponse, ComputeListQuery, ComputeListResponse, ComputeSummaryResponse } from '@aml-k8s/plugin-azureml-compute-common';
import type { AzureMLComputeApi } from './AzureMLComputeApi';

/** The backend plugin's id: its routes live under `/api/azureml-compute`. */
export const BACKEND_PLUGIN_ID = 'azureml-compute';

/** Talks to the backend plugin through Backstage's discovery (where) and fetch (with the user's credentials) APIs. */
export class AzureMLComputeClient implements AzureMLComputeApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listComputes(query: ComputeListQuery = {}): Promise<ComputeListResponse> {
    const qs = computeListQueryString(query);
    return this.get<ComputeListResponse>(qs ? `/computes?${qs}` : '/computes');
  }

  getSummary(): Promise<ComputeSummaryResponse> {
    return this.get<ComputeSummaryResponse>('/summary');
  }

  getCompute(name: string): Promise<ComputeDetailResponse> {
    return this.get<ComputeDetailResponse>(`/computes/${encodeURIComponent(name)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(BACKEND_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
