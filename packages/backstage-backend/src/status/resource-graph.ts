// Azure Resource Graph, which the core does not offer: one query across subscriptions, followed
// through its pages ($skipToken), on the core's ARM configuration (endpoint, retries) and
// credential. Errors are the core's AzureError.
import { AzureError } from '@aml-k8s/shared';
import type { ArmConfig } from '@aml-k8s/shared';
import type { TokenCredential } from '@azure/core-auth';
import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';

export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
/** The largest page Resource Graph serves. */
export const MAX_PAGE = 1000;

export type GraphRow = Record<string, unknown>;

interface GraphPage {
  data?: unknown;
  $skipToken?: unknown;
  resultTruncated?: unknown;
  error?: { code?: string; message?: string };
}

export class ResourceGraphClient {
  readonly #client: ServiceClient;
  readonly #endpoint: string;
  #requests = 0;
  #queries = 0;

  constructor(credential: TokenCredential, arm: Pick<ArmConfig, 'endpoint' | 'retry'>) {
    this.#endpoint = arm.endpoint.replace(/\/+$/, '');
    this.#client = new ServiceClient({ credential, credentialScopes: `${this.#endpoint}/.default`, endpoint: this.#endpoint, retryOptions: arm.retry });
  }

  /** Pages requested so far (the pipeline's retries of one page are not counted). */
  get requests(): number {
    return this.#requests;
  }

  /** Queries run so far (each of one or more pages). */
  get queries(): number {
    return this.#queries;
  }

  /**
   * Every row of `query` in `subscriptions`. The query must project an `id` column when its result
   * can exceed a page: Resource Graph pages only such results, and a truncated one is an error here.
   */
  async query(query: string, subscriptions: readonly string[], pageSize = MAX_PAGE): Promise<GraphRow[]> {
    const rows: GraphRow[] = [];
    let skipToken: string | undefined;
    this.#queries++;
    do {
      const body = { subscriptions, query, options: { $top: Math.min(pageSize, MAX_PAGE), resultFormat: 'objectArray', ...(skipToken ? { $skipToken: skipToken } : {}) } };
      const page = await this.#post(body);
      if (Array.isArray(page.data)) rows.push(...(page.data as GraphRow[]));
      if (page.resultTruncated === 'true' || page.resultTruncated === true) throw new AzureError(`Resource Graph truncated the result of "${query}" (it needs an id column to be paged)`, 'ResultTruncated');
      skipToken = typeof page.$skipToken === 'string' && page.$skipToken ? page.$skipToken : undefined;
    } while (skipToken);
    return rows;
  }

  async #post(body: unknown): Promise<GraphPage> {
    const path = '/providers/Microsoft.ResourceGraph/resources';
    const request = createPipelineRequest({ url: `${this.#endpoint}${path}?api-version=${RESOURCE_GRAPH_API_VERSION}`, method: 'POST', body: JSON.stringify(body) });
    request.headers.set('content-type', 'application/json');
    this.#requests++;
    const response = await this.#client.sendRequest(request);
    let page: GraphPage = {};
    try {
      page = response.bodyAsText ? (JSON.parse(response.bodyAsText) as GraphPage) : {};
    } catch {
      page = {};
    }
    if (response.status >= 400) {
      const error = page.error ?? {};
      throw new AzureError(`POST ${path}: ${error.message ?? `HTTP ${response.status}`}`, error.code ?? `Http${response.status}`, response.status);
    }
    return page;
  }
}

/** KQL string literal. */
export const kqlString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A property of a row, whatever its casing (Resource Graph's tables use PascalCase: `ProvisioningState`). */
export function prop(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  const key = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : rec[key];
}
