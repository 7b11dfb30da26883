// A small ARM client for the raw calls the status reader makes (Resource Graph, compute lists):
// the SDK pipeline with its token handling and its retries of throttling (Retry-After) and 5xx.
import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';

export interface ArmClientOptions {
  /** ARM endpoint, e.g. https://management.azure.com. */
  endpoint: string;
  credential: TokenCredential;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(message: string, status: number, code: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class ArmClient {
  readonly endpoint: string;
  readonly #client: ServiceClient;
  #requests = 0;

  constructor(options: ArmClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#client = new ServiceClient({
      credential: options.credential,
      credentialScopes: `${this.endpoint}/.default`,
      endpoint: this.endpoint,
      retryOptions: { maxRetries: 5, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000, ...options.retry },
    });
  }

  /** Calls made so far (the pipeline's own retries of one call are not counted). */
  get requests(): number {
    return this.#requests;
  }

  /** `pathOrUrl`: an ARM path (with its query) or a full next link. */
  async send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', pathOrUrl: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const url = /^https:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.endpoint}${pathOrUrl}`;
    const request = createPipelineRequest({ url, method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (body !== undefined) request.headers.set('content-type', 'application/json');
    this.#requests++;
    const response = await this.#client.sendRequest(request);
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status >= 400 && response.status !== 404) {
      const error = (parsed?.error ?? {}) as { code?: string; message?: string };
      throw new ArmError(`${method} ${new URL(url).pathname}: ${error.message ?? `HTTP ${response.status}`}`, response.status, error.code ?? `Http${response.status}`);
    }
    return { status: response.status, body: parsed };
  }
}
