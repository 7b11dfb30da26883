import { describe, expect, it } from '@jest/globals';
import { summaryOf } from '../testing/api';
import { ALL_STATUSES, succeeded } from '../testing/fixtures';
import { filterChoices, listQuery } from './filters';

describe('overview filters', () => {
  it('offers the summary facets, and only the states present', () => {
    const choices = filterChoices(summaryOf(Object.values(ALL_STATUSES)));
    expect(choices.workspace.options.map((o) => o.label)).toEqual(['ml-research', 'ml-workspace']);
    expect(choices.cluster.options.map((o) => o.label)).toContain('arc-gpu-east');
    expect(choices.health.options.map((o) => o.value)).toEqual(['Failed', 'NotInstalled', 'NotAttached', 'InProgress', 'Unknown', 'Succeeded']);
    expect(filterChoices(summaryOf([succeeded])).health.options.map((o) => o.label)).toEqual(['Succeeded']);
    expect(filterChoices(undefined).owner).toEqual({ options: [], more: 0 });
  });

  it('counts the choices the backend left out', () => {
    const summary = summaryOf([succeeded]);
    summary.facets.cluster.distinct = 250;
    expect(filterChoices(summary).cluster.more).toBe(249);
  });

  it('turns filters, search and page into the list query', () => {
    expect(listQuery({}, '  ', 0, 50)).toEqual({ limit: 50, offset: 0 });
    expect(listQuery({ owner: '-', health: 'Failed', workspace: 'w', cluster: 'c' }, ' gpu ', 2, 25)).toEqual({ limit: 25, offset: 50, owner: '-', state: 'Failed', workspace: 'w', cluster: 'c', q: 'gpu' });
  });
});
