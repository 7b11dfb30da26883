// A programmable stand-in for the backend, for component tests.
import type { ComputeDetailResponse, ComputeListResponse, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { ResponseError } from '@backstage/errors';
import type { AzureMLComputeApi } from '../api/AzureMLComputeApi';

/** A `ResponseError` as the client throws it for an HTTP error from the backend. */
export async function responseError(status: number, message: string): Promise<ResponseError> {
  const body = JSON.stringify({ error: { name: status === 404 ? 'NotFoundError' : 'Error', message }, response: { statusCode: status } });
  return ResponseError.fromResponse(new Response(body, { status, statusText: status === 404 ? 'Not Found' : 'Internal Server Error', headers: { 'content-type': 'application/json' } }));
}

export class FakeComputeApi implements AzureMLComputeApi {
  list: () => Promise<ComputeListResponse>;
  detail: (name: string) => Promise<ComputeDetailResponse>;

  constructor(items: ComputeStatus[] = [], refreshedAt: string | undefined = '2026-11-23T10:16:00.000Z') {
    this.list = async () => ({ items, refreshedAt });
    this.detail = async (name) => {
      const status = items.find((s) => s.name === name);
      if (!status) throw await responseError(404, `No compute named ${name}`);
      return { status, history: [] };
    };
  }

  listComputes(): Promise<ComputeListResponse> {
    return this.list();
  }

  getCompute(name: string): Promise<ComputeDetailResponse> {
    return this.detail(name);
  }
}

/** A promise that never settles: the component stays loading. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
