import { describe, expect, it } from '@jest/globals';
import { ALL_STATUSES, failed, inProgress, notAttached, notInstalled, succeeded, unknown } from '../testing/fixtures';
import { NO_OWNER, countByHealth, filterComputes, filterOptions } from './filters';

const items = Object.values(ALL_STATUSES);

describe('overview filters', () => {
  it('offers each workspace, cluster, owner and present state once, with readable labels', () => {
    const options = filterOptions(items);
    expect(options.workspace.map((o) => o.label)).toEqual(['ml-research', 'ml-workspace']);
    expect(options.cluster.map((o) => o.label)).toContain('arc-gpu-east');
    expect(options.owner.map((o) => o.value)).toEqual([NO_OWNER, 'group:default/data-science', 'group:default/ml-platform'].sort((a, b) => a.localeCompare(b)));
    expect(options.health.map((o) => o.value)).toEqual(['Failed', 'NotInstalled', 'NotAttached', 'InProgress', 'Unknown', 'Succeeded']);
    expect(filterOptions([succeeded]).health.map((o) => o.label)).toEqual(['Succeeded']);
  });

  it('adds the resource group to names that occur in several groups', () => {
    const twin = { ...notInstalled, name: 'twin', workspace: { ...notInstalled.workspace!, name: 'ml-workspace', resourceId: '/x/research-rg/ml-workspace' } };
    const labels = filterOptions([succeeded, twin]).workspace.map((o) => o.label);
    expect(labels).toEqual(['ml-workspace (ml-rg)', 'ml-workspace (research-rg)']);
  });

  it('keeps only the computes that pass every set filter', () => {
    const options = filterOptions(items);
    const research = options.workspace.find((o) => o.label === 'ml-research')!.value;
    expect(filterComputes(items, { workspace: research }).map((s) => s.name)).toEqual([notInstalled.name]);
    expect(filterComputes(items, { owner: 'group:default/data-science' }).map((s) => s.name)).toEqual([failed.name]);
    expect(filterComputes(items, { owner: NO_OWNER }).map((s) => s.name)).toEqual([notAttached.name]);
    expect(filterComputes(items, { health: 'InProgress' }).map((s) => s.name)).toEqual([inProgress.name]);
    expect(filterComputes(items, { cluster: inProgress.cluster.resourceId.toLowerCase() }).map((s) => s.name)).toEqual([inProgress.name]);
    expect(filterComputes(items, { owner: 'group:default/ml-platform', health: 'Failed' })).toEqual([]);
    expect(filterComputes(items, {})).toHaveLength(items.length);
  });

  it('counts computes per state', () => {
    const counts = countByHealth([...items, unknown, failed]);
    expect(counts).toEqual({ Failed: 2, NotInstalled: 1, NotAttached: 1, InProgress: 1, Unknown: 2, Succeeded: 1 });
  });
});
