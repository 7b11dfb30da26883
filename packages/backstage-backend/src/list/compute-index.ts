// The read model behind `GET /computes` and `GET /summary`: one snapshot of every compute's status,
// sorted by name, with the lower-cased keys the filters and the search compare, so a page at 5,000
// computes is a scan of plain strings, not a database query, and a hash of its content (the ETags).
import {
  COMPUTE_FACET_LIMIT,
  COMPUTE_LIST_DEFAULT_LIMIT,
  NONE_FILTER_VALUE,
} from '@aml-k8s/plugin-azureml-compute-common';
import type {
  ComputeFacet,
  ComputeFacetOption,
  ComputeHealth,
  ComputeListResponse,
  ComputeStatus,
  ComputeSummaryResponse,
} from '@aml-k8s/plugin-azureml-compute-common';
import { createHash } from 'node:crypto';

export const HEALTHS: readonly ComputeHealth[] = ['Failed', 'NotInstalled', 'NotAttached', 'InProgress', 'Unknown', 'Succeeded'];

/** A validated list query (see `parseListQuery`): filters lower-cased, defaults applied. */
export interface ListQuery {
  limit: number;
  offset?: number;
  /** Start after this name (from a cursor). */
  after?: string;
  workspace?: string;
  cluster?: string;
  owner?: string;
  state?: ComputeHealth;
  q?: string;
}

interface Entry {
  status: ComputeStatus;
  name: string;
  search: string[];
  workspaceId: string;
  workspaceName: string;
  clusterId: string;
  clusterName: string;
  owner: string;
}

/** Code-unit order: the same on every database and in every cursor. */
export const byName = (a: string, b: string): number => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

function entryOf(s: ComputeStatus): Entry {
  return {
    status: s,
    name: s.name,
    search: [s.name.toLowerCase(), s.computeName.toLowerCase()],
    workspaceId: s.workspace?.resourceId.toLowerCase() ?? NONE_FILTER_VALUE,
    workspaceName: s.workspace?.name.toLowerCase() ?? NONE_FILTER_VALUE,
    clusterId: s.cluster.resourceId.toLowerCase(),
    clusterName: s.cluster.name.toLowerCase(),
    owner: s.owner?.toLowerCase() ?? NONE_FILTER_VALUE,
  };
}

function matches(e: Entry, q: ListQuery): boolean {
  if (q.state !== undefined && e.status.health !== q.state) return false;
  if (q.workspace !== undefined && e.workspaceId !== q.workspace && e.workspaceName !== q.workspace) return false;
  if (q.cluster !== undefined && e.clusterId !== q.cluster && e.clusterName !== q.cluster) return false;
  if (q.owner !== undefined && e.owner !== q.owner) return false;
  if (q.q !== undefined && !e.search.some((s) => s.includes(q.q!))) return false;
  return true;
}

/** Facet choices with readable labels; names that occur in several resource groups get the group added. */
function facet(entries: Array<{ value: string; name: string; group?: string }>, limit: number): ComputeFacet {
  const byValue = new Map<string, { name: string; group?: string; count: number }>();
  for (const e of entries) {
    const seen = byValue.get(e.value);
    if (seen) seen.count++;
    else byValue.set(e.value, { name: e.name, group: e.group, count: 1 });
  }
  const nameCount = new Map<string, number>();
  for (const { name } of byValue.values()) nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  const all: ComputeFacetOption[] = [...byValue.entries()].map(([value, { name, group, count }]) => ({
    value,
    label: (nameCount.get(name) ?? 0) > 1 && group ? `${name} (${group})` : name,
    count,
  }));
  const byLabel = (a: ComputeFacetOption, b: ComputeFacetOption) => a.label.localeCompare(b.label) || byName(a.value, b.value);
  const kept = all.length > limit ? [...all].sort((a, b) => b.count - a.count || byLabel(a, b)).slice(0, limit) : all;
  return { options: kept.sort(byLabel), distinct: all.length };
}

export class ComputeIndex {
  readonly #entries: Entry[];
  readonly refreshedAt: string | undefined;
  /** Identifies the content (statuses and refresh time): equal hashes, equal answers. */
  readonly hash: string;
  #summary: ComputeSummaryResponse | undefined;

  constructor(items: readonly ComputeStatus[], refreshedAt?: string) {
    this.#entries = items.map(entryOf).sort((a, b) => byName(a.name, b.name));
    this.refreshedAt = refreshedAt;
    const hash = createHash('sha256').update(refreshedAt ?? '-');
    for (const e of this.#entries) hash.update('\n').update(JSON.stringify(e.status));
    this.hash = hash.digest('base64url');
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The entries `visible` lets through (all without it: the permission allowed every compute). */
  #visible(visible?: (s: ComputeStatus) => boolean): Entry[] {
    return visible ? this.#entries.filter((e) => visible(e.status)) : this.#entries;
  }

  /** One page of the matches among the visible computes, sorted by name. */
  page(q: ListQuery, visible?: (s: ComputeStatus) => boolean): { response: ComputeListResponse; last?: string } {
    const limit = q.limit > 0 ? q.limit : COMPUTE_LIST_DEFAULT_LIMIT;
    const entries = this.#visible(visible);
    const filtered = q.state === undefined && q.workspace === undefined && q.cluster === undefined && q.owner === undefined && q.q === undefined ? entries : entries.filter((e) => matches(e, q));
    let start = q.offset ?? 0;
    if (q.after !== undefined) {
      // First entry after the cursor's name (binary search: the list is sorted by name).
      let lo = 0;
      let hi = filtered.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byName(filtered[mid]!.name, q.after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const pageEntries = filtered.slice(start, start + limit);
    const response: ComputeListResponse = { items: pageEntries.map((e) => e.status), total: filtered.length, offset: start, limit };
    if (this.refreshedAt) response.refreshedAt = this.refreshedAt;
    const last = start + limit < filtered.length ? pageEntries[pageEntries.length - 1]?.name : undefined;
    return last === undefined ? { response } : { response, last };
  }

  /**
   * Counts per state and the filters' choices, over every visible compute (computed once per
   * snapshot when every compute is visible).
   */
  summary(facetLimit = COMPUTE_FACET_LIMIT, visible?: (s: ComputeStatus) => boolean): ComputeSummaryResponse {
    const cache = visible === undefined && facetLimit === COMPUTE_FACET_LIMIT;
    if (cache && this.#summary) return this.#summary;
    const entries = this.#visible(visible);
    const byHealth = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<ComputeHealth, number>;
    for (const e of entries) byHealth[e.status.health] = (byHealth[e.status.health] ?? 0) + 1;
    const statuses = entries.map((e) => e.status);
    const summary: ComputeSummaryResponse = {
      total: entries.length,
      byHealth,
      facets: {
        workspace: facet(
          statuses.map((s) => ({ value: s.workspace?.resourceId.toLowerCase() ?? NONE_FILTER_VALUE, name: s.workspace?.name ?? '(no workspace)', group: s.workspace?.resourceGroup })),
          facetLimit,
        ),
        cluster: facet(statuses.map((s) => ({ value: s.cluster.resourceId.toLowerCase(), name: s.cluster.name, group: s.cluster.resourceGroup })), facetLimit),
        owner: facet(statuses.map((s) => ({ value: s.owner?.toLowerCase() ?? NONE_FILTER_VALUE, name: s.owner ?? '(no owner)' })), facetLimit),
      },
    };
    if (this.refreshedAt) summary.refreshedAt = this.refreshedAt;
    if (cache) this.#summary = summary;
    return summary;
  }
}
