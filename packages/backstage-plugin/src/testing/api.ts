// A programmable stand-in for the backend, for component tests: pages, filters and searches its
// computes the way the backend's routes do, and records every list request.
import { COMPUTE_LIST_DEFAULT_LIMIT, NONE_FILTER_VALUE } from '@aml-k8s/plugin-azureml-compute-common';
import type {
  ComputeDetailResponse,
  ComputeFacet,
  ComputeHealth,
  ComputeListQuery,
  ComputeListResponse,
  ComputeStatus,
  ComputeSummaryResponse,
} from '@aml-k8s/plugin-azureml-compute-common';
import { ResponseError } from '@backstage/errors';
import type { AzureMLComputeApi } from '../api/AzureMLComputeApi';
import { HEALTHS } from '../lib/health';

/** A `ResponseError` as the client throws it for an HTTP error from the backend. */
export async function responseError(status: number, message: string): Promise<ResponseError> {
  const body = JSON.stringify({ error: { name: status === 404 ? 'NotFoundError' : 'Error', message }, response: { statusCode: status } });
  return ResponseError.fromResponse(new Response(body, { status, statusText: status === 404 ? 'Not Found' : 'Internal Server Error', headers: { 'content-type': 'application/json' } }));
}

const lower = (s: string | undefined) => s?.toLowerCase();

function matches(s: ComputeStatus, q: ComputeListQuery): boolean {
  const ws = lower(q.workspace);
  const cl = lower(q.cluster);
  const owner = lower(q.owner);
  if (q.state && s.health !== q.state) return false;
  if (ws && ws !== (lower(s.workspace?.resourceId) ?? NONE_FILTER_VALUE) && ws !== (lower(s.workspace?.name) ?? NONE_FILTER_VALUE)) return false;
  if (cl && cl !== lower(s.cluster.resourceId) && cl !== lower(s.cluster.name)) return false;
  if (owner && owner !== (lower(s.owner) ?? NONE_FILTER_VALUE)) return false;
  if (q.q && ![s.name, s.computeName].some((n) => n.toLowerCase().includes(q.q!.toLowerCase()))) return false;
  return true;
}

function facet(values: Array<{ value: string; label: string }>): ComputeFacet {
  const counts = new Map<string, { label: string; count: number }>();
  for (const v of values) {
    const seen = counts.get(v.value);
    if (seen) seen.count++;
    else counts.set(v.value, { label: v.label, count: 1 });
  }
  const options = [...counts.entries()].map(([value, { label, count }]) => ({ value, label, count })).sort((a, b) => a.label.localeCompare(b.label));
  return { options, distinct: options.length };
}

/** What the backend's summary route answers for these computes. */
export function summaryOf(items: readonly ComputeStatus[], refreshedAt?: string): ComputeSummaryResponse {
  const byHealth = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<ComputeHealth, number>;
  for (const s of items) byHealth[s.health]++;
  return {
    total: items.length,
    byHealth,
    facets: {
      workspace: facet(items.map((s) => ({ value: lower(s.workspace?.resourceId) ?? NONE_FILTER_VALUE, label: s.workspace?.name ?? '(no workspace)' }))),
      cluster: facet(items.map((s) => ({ value: s.cluster.resourceId.toLowerCase(), label: s.cluster.name }))),
      owner: facet(items.map((s) => ({ value: lower(s.owner) ?? NONE_FILTER_VALUE, label: s.owner ?? '(no owner)' }))),
    },
    ...(refreshedAt ? { refreshedAt } : {}),
  };
}

/** Code-unit order (as the backend sorts names). */
function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** One page as the backend's list route answers it (offset paging; cursors are not faked). */
export function pageOf(items: readonly ComputeStatus[], query: ComputeListQuery = {}, refreshedAt?: string): ComputeListResponse {
  const matching = items.filter((s) => matches(s, query)).sort((a, b) => byCodeUnits(a.name, b.name));
  const limit = query.limit ?? COMPUTE_LIST_DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  return { items: matching.slice(offset, offset + limit), total: matching.length, offset, limit, ...(refreshedAt ? { refreshedAt } : {}) };
}

export class FakeComputeApi implements AzureMLComputeApi {
  list: (query: ComputeListQuery) => Promise<ComputeListResponse>;
  summary: () => Promise<ComputeSummaryResponse>;
  detail: (name: string) => Promise<ComputeDetailResponse>;
  /** Every list query, in order. */
  readonly listCalls: ComputeListQuery[] = [];
  summaryCalls = 0;

  constructor(items: ComputeStatus[] = [], refreshedAt: string | undefined = '2026-11-23T10:16:00.000Z') {
    this.list = async (query) => pageOf(items, query, refreshedAt);
    this.summary = async () => summaryOf(items, refreshedAt);
    this.detail = async (name) => {
      const status = items.find((s) => s.name === name);
      if (!status) throw await responseError(404, `No compute named ${name}`);
      return { status, history: [] };
    };
  }

  listComputes(query: ComputeListQuery = {}): Promise<ComputeListResponse> {
    this.listCalls.push(query);
    return this.list(query);
  }

  getSummary(): Promise<ComputeSummaryResponse> {
    this.summaryCalls++;
    return this.summary();
  }

  getCompute(name: string): Promise<ComputeDetailResponse> {
    return this.detail(name);
  }
}

/** A promise that never settles: the component stays loading. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
