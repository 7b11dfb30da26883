import type { ComputeHealth, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { HEALTHS, healthLabel } from './health';

/** The overview's filters; an absent key means "all". Values are keys from `filterOptions`. */
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

export const NO_WORKSPACE = '(none)';
export const NO_OWNER = '(no owner)';

function workspaceValue(s: ComputeStatus): string {
  return s.workspace?.resourceId.toLowerCase() ?? NO_WORKSPACE;
}

function clusterValue(s: ComputeStatus): string {
  return s.cluster.resourceId.toLowerCase();
}

function ownerValue(s: ComputeStatus): string {
  return s.owner ?? NO_OWNER;
}

/** Whether a compute passes every set filter. */
export function matchesFilters(s: ComputeStatus, filters: ComputeFilters): boolean {
  if (filters.workspace !== undefined && workspaceValue(s) !== filters.workspace) return false;
  if (filters.cluster !== undefined && clusterValue(s) !== filters.cluster) return false;
  if (filters.owner !== undefined && ownerValue(s) !== filters.owner) return false;
  if (filters.health !== undefined && s.health !== filters.health) return false;
  return true;
}

export function filterComputes(items: readonly ComputeStatus[], filters: ComputeFilters): ComputeStatus[] {
  return items.filter((s) => matchesFilters(s, filters));
}

/** Options with readable labels; names that occur in several resource groups get the group added. */
function options(entries: Array<{ value: string; name: string; group?: string }>): FilterOption[] {
  const byValue = new Map<string, { name: string; group?: string }>();
  for (const e of entries) if (!byValue.has(e.value)) byValue.set(e.value, { name: e.name, group: e.group });
  const nameCount = new Map<string, number>();
  for (const { name } of byValue.values()) nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  return [...byValue.entries()]
    .map(([value, { name, group }]) => ({ value, label: (nameCount.get(name) ?? 0) > 1 && group ? `${name} (${group})` : name }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The choices each filter offers, from the computes at hand. */
export function filterOptions(items: readonly ComputeStatus[]): Record<FilterKey, FilterOption[]> {
  const present = new Set(items.map((s) => s.health));
  return {
    workspace: options(items.map((s) => ({ value: workspaceValue(s), name: s.workspace?.name ?? NO_WORKSPACE, group: s.workspace?.resourceGroup }))),
    cluster: options(items.map((s) => ({ value: clusterValue(s), name: s.cluster.name, group: s.cluster.resourceGroup }))),
    owner: options(items.map((s) => ({ value: ownerValue(s), name: ownerValue(s) }))),
    health: HEALTHS.filter((h) => present.has(h)).map((h) => ({ value: h, label: healthLabel(h) })),
  };
}

/** How many computes are in each state. */
export function countByHealth(items: readonly ComputeStatus[]): Record<ComputeHealth, number> {
  const counts = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<ComputeHealth, number>;
  for (const s of items) counts[s.health] = (counts[s.health] ?? 0) + 1;
  return counts;
}
