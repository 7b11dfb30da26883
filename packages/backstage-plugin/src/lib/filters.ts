import type { ComputeFacet, ComputeHealth, ComputeListQuery, ComputeSummaryResponse } from '@aml-k8s/plugin-azureml-compute-common';
import { HEALTHS, healthLabel } from './health';

/** The overview's filters; an absent key means "all". Values are the summary's facet values. */
export interface ComputeFilters {
  workspace?: string;
  cluster?: string;
  owner?: string;
  health?: ComputeHealth;
}

export type FilterKey = keyof ComputeFilters;

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterChoices {
  options: FilterOption[];
  /** Distinct values the backend left out of the choices (reachable by search). */
  more: number;
}

function choices(f: ComputeFacet | undefined): FilterChoices {
  const options = (f?.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  return { options, more: Math.max(0, (f?.distinct ?? 0) - options.length) };
}

/** The choices each filter offers, from the backend's summary. */
export function filterChoices(summary: ComputeSummaryResponse | undefined): Record<FilterKey, FilterChoices> {
  return {
    workspace: choices(summary?.facets.workspace),
    cluster: choices(summary?.facets.cluster),
    owner: choices(summary?.facets.owner),
    health: { options: HEALTHS.filter((h) => (summary?.byHealth[h] ?? 0) > 0).map((h) => ({ value: h, label: healthLabel(h) })), more: 0 },
  };
}

/** The list request for these filters, search and page. */
export function listQuery(filters: ComputeFilters, search: string, page: number, pageSize: number): ComputeListQuery {
  const q: ComputeListQuery = { limit: pageSize, offset: page * pageSize };
  if (filters.workspace !== undefined) q.workspace = filters.workspace;
  if (filters.cluster !== undefined) q.cluster = filters.cluster;
  if (filters.owner !== undefined) q.owner = filters.owner;
  if (filters.health !== undefined) q.state = filters.health;
  const text = search.trim();
  if (text) q.q = text;
  return q;
}
