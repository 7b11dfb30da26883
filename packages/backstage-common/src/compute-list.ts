// The query side of the REST contract: paging, filters and search of `GET /computes`, and the
// per-state counts and filter choices of `GET /summary`. Types, constants and the query-string
// encoding only (isomorphic), so the frontend and the backend agree on one spelling.
import type { ComputeHealth } from './compute-status.ts';

/** Page size when the request names none. */
export const COMPUTE_LIST_DEFAULT_LIMIT = 50;
/** Largest page a request may ask for. */
export const COMPUTE_LIST_MAX_LIMIT = 500;
/** Longest `q` (name search) accepted. */
export const COMPUTE_LIST_MAX_SEARCH = 200;
/** Choices listed per filter in the summary; the rest are reachable by search and by value. */
export const COMPUTE_FACET_LIMIT = 200;

/** The filter value that matches computes without an owner (`owner=`) or without a workspace (`workspace=`). */
export const NONE_FILTER_VALUE = '-';

/**
 * `GET /api/azureml-compute/computes` query. Every filter is exact and case-insensitive; filters
 * combine with AND. `workspace` and `cluster` take the resource ID or the plain name.
 */
export interface ComputeListQuery {
  /** Page size, 1 ... `COMPUTE_LIST_MAX_LIMIT`; default `COMPUTE_LIST_DEFAULT_LIMIT`. */
  limit?: number;
  /** Skip this many matches (random access: page numbers). Not with `cursor`. */
  offset?: number;
  /** `nextCursor` of the previous page (iteration that stays stable while computes come and go). Not with `offset`. */
  cursor?: string;
  workspace?: string;
  cluster?: string;
  owner?: string;
  /** Overall state. */
  state?: ComputeHealth;
  /** Case-insensitive substring of the name (`metadata.name`) or the compute name in the workspace. */
  q?: string;
}

/** The query-string keys of `ComputeListQuery`, in the order the client writes them. */
export const COMPUTE_LIST_QUERY_KEYS = ['limit', 'offset', 'cursor', 'workspace', 'cluster', 'owner', 'state', 'q'] as const satisfies readonly (keyof ComputeListQuery)[];

/** The query string of a list request (without `?`; empty for none). Absent and empty values are left out. */
export function computeListQueryString(query: ComputeListQuery = {}): string {
  const parts: string[] = [];
  for (const key of COMPUTE_LIST_QUERY_KEYS) {
    const v = query[key];
    if (v === undefined || v === '') continue;
    parts.push(`${key}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

/** One choice of a filter with how many computes it matches. */
export interface ComputeFacetOption {
  /** The filter value to send (lower-case resource ID, owner entity ref, or `NONE_FILTER_VALUE`). */
  value: string;
  /** Readable: the name, with the resource group when the name occurs in several. */
  label: string;
  count: number;
}

export interface ComputeFacet {
  /** The most frequent choices (at most `COMPUTE_FACET_LIMIT`), sorted by label. */
  options: ComputeFacetOption[];
  /** How many distinct values there are in all (more than `options.length` when cut). */
  distinct: number;
}

/** `GET /api/azureml-compute/summary`: counts per state and the filters' choices, over every compute. */
export interface ComputeSummaryResponse {
  total: number;
  /** Computes per overall state (every state present, zero included). */
  byHealth: Record<ComputeHealth, number>;
  facets: { workspace: ComputeFacet; cluster: ComputeFacet; owner: ComputeFacet };
  refreshedAt?: string;
}
