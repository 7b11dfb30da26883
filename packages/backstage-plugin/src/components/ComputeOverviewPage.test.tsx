import { describe, expect, it } from '@jest/globals';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComputeHealth, ComputeStatus } from '@aml-k8s/plugin-azureml-compute-common';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { HEALTH_PRESENTATION } from '../lib/health';
import { FakeComputeApi, pending, responseError } from '../testing/api';
import { ALL_STATUSES, failed, inProgress, makeStatus, notAttached, notInstalled } from '../testing/fixtures';
import { ComputeOverviewPage } from './ComputeOverviewPage';

async function renderPage(api: FakeComputeApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[azureMLComputeApiRef, api], [permissionApiRef, mockApis.permission()]]}>
      <ComputeOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('compute-row').map((cell) => cell.closest('tr') as HTMLElement);
}

const rowNames = () => rows().map((r) => within(r).getByTestId('compute-row').dataset.name);

function rowOf(name: string): HTMLElement {
  const row = rows().find((r) => within(r).queryByTestId('compute-row')?.getAttribute('data-name') === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** Waits until the shown page is the answer to the last request. */
async function settled() {
  await waitFor(() => expect(screen.getByTestId('compute-page')).toHaveAttribute('data-loading', 'false'));
}

async function choose(filter: string, option: string) {
  await userEvent.click(within(screen.getByTestId(`filter-${filter}`)).getByRole('button'));
  await userEvent.click(within(screen.getByRole('listbox')).getByText(option));
}

/** `n` computes named c-000 ...; states cycle, every 10th is Failed on a cluster of its own. */
function fleet(n: number): ComputeStatus[] {
  const healths: ComputeHealth[] = ['Succeeded', 'InProgress', 'NotAttached'];
  return Array.from({ length: n }, (_, i) => makeStatus({ name: `c-${String(i).padStart(3, '0')}`, health: i % 10 === 0 ? 'Failed' : healths[i % 3]! }));
}

describe('ComputeOverviewPage', () => {
  it('shows progress while the computes load', async () => {
    const api = new FakeComputeApi();
    api.summary = () => pending();
    await renderPage(api);
    expect(screen.getByText('Azure ML compute')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains a backend error', async () => {
    const api = new FakeComputeApi([failed]);
    api.list = async () => {
      throw await responseError(503, 'status service unavailable');
    };
    await renderPage(api);
    expect(await screen.findByText(/Could not load the computes/)).toBeInTheDocument();
    expect(screen.getAllByText(/status service unavailable/).length).toBeGreaterThan(0);
  });

  it('says when there is no compute, and whether the first refresh is still running', async () => {
    await renderPage(new FakeComputeApi([]));
    expect(await screen.findByText('No Azure ML computes yet')).toBeInTheDocument();
    expect(screen.getByText(/found no compute spec/)).toBeInTheDocument();
  });

  it('says when the status service has not refreshed yet, and checks again on request', async () => {
    const api = new FakeComputeApi([]);
    api.summary = async () => ({ total: 0, byHealth: { Failed: 0, NotInstalled: 0, NotAttached: 0, InProgress: 0, Unknown: 0, Succeeded: 0 }, facets: { workspace: { options: [], distinct: 0 }, cluster: { options: [], distinct: 0 }, owner: { options: [], distinct: 0 } } });
    await renderPage(api);
    expect(await screen.findByText(/has not finished its first refresh/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(api.summaryCalls).toBe(2));
  });

  it('lists the first page with each state, counts per state over all computes, and the documented error codes', async () => {
    const api = new FakeComputeApi(Object.values(ALL_STATUSES));
    await renderPage(api);
    expect(await screen.findByText('Computes (6 of 6)')).toBeInTheDocument();
    expect(api.listCalls).toEqual([{ limit: 50, offset: 0 }]);
    for (const [health, status] of Object.entries(ALL_STATUSES)) {
      const row = rowOf(status.name);
      expect(within(row).getByTestId('compute-health')).toHaveAttribute('data-health', health);
      expect(within(row).getByTestId('compute-health')).toHaveTextContent(HEALTH_PRESENTATION[status.health].label);
      expect(within(row).getByText(status.name).closest('a')).toHaveAttribute('href', `/catalog/default/resource/${status.name}`);
    }
    expect(rowNames()).toEqual(Object.values(ALL_STATUSES).map((s) => s.name).sort());
    expect(within(rowOf(failed.name)).getByText('Extension: E40002')).toBeInTheDocument();
    expect(within(rowOf(notInstalled.name)).getByText('arc-gpu-east (ARC)')).toBeInTheDocument();
    const summary = screen.getByTestId('health-summary');
    expect(within(summary).getByText('Failed: 1')).toBeInTheDocument();
    expect(within(summary).getByText('Succeeded: 1')).toBeInTheDocument();
    expect(screen.getByText('Status refreshed 2026-11-23 10:16 UTC')).toBeInTheDocument();
  });

  it('filters by owner, workspace, cluster and state on the backend', async () => {
    const api = new FakeComputeApi(Object.values(ALL_STATUSES));
    await renderPage(api);
    await screen.findByText('Computes (6 of 6)');

    await choose('owner', 'group:default/data-science');
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 50, offset: 0, owner: 'group:default/data-science' });
    expect(rowNames()).toEqual([failed.name]);
    await choose('owner', 'All');

    await choose('workspace', 'ml-research');
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 50, offset: 0, workspace: notInstalled.workspace!.resourceId.toLowerCase() });
    expect(rowNames()).toEqual([notInstalled.name]);
    await choose('workspace', 'All');

    await choose('cluster', 'aks-ml-poc');
    await settled();
    expect(rowNames()).toEqual([inProgress.name]);
    await choose('cluster', 'All');

    await choose('health', 'Not attached');
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 50, offset: 0, state: 'NotAttached' });
    expect(screen.getByText('Computes (1 of 6)')).toBeInTheDocument();
    expect(rowNames()).toEqual([notAttached.name]);

    await choose('owner', 'group:default/data-science');
    expect(await screen.findByTestId('no-match')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    expect(await screen.findByText('Computes (6 of 6)')).toBeInTheDocument();
  });

  it('filters by state from the counts at a glance', async () => {
    await renderPage(new FakeComputeApi(Object.values(ALL_STATUSES)));
    await userEvent.click(await screen.findByText('Failed: 1'));
    expect(await screen.findByText('Computes (1 of 6)')).toBeInTheDocument();
    expect(rows()).toHaveLength(1);
    await userEvent.click(screen.getByText('Failed: 1'));
    expect(await screen.findByText('Computes (6 of 6)')).toBeInTheDocument();
    expect(rows()).toHaveLength(6);
  });

  it('searches by name once typing stops, not per keystroke', async () => {
    const api = new FakeComputeApi(fleet(120));
    await renderPage(api);
    await screen.findByText('Computes (120 of 120)');
    await userEvent.type(screen.getByTestId('compute-search'), 'c-11');
    expect(await screen.findByText('Computes (10 of 120)', undefined, { timeout: 5000 })).toBeInTheDocument();
    await settled();
    expect(rowNames()).toEqual(Array.from({ length: 10 }, (_, i) => `c-11${i}`));
    // One request for the first page, one for the settled search: none for "c", "c-", "c-1".
    expect(api.listCalls).toEqual([
      { limit: 50, offset: 0 },
      { limit: 50, offset: 0, q: 'c-11' },
    ]);
  });

  it('pages on the backend: next page, and another page size', async () => {
    const api = new FakeComputeApi(fleet(120));
    await renderPage(api);
    expect(await screen.findByText('Computes (120 of 120)')).toBeInTheDocument();
    expect(rows()).toHaveLength(50);
    expect(rowNames()[0]).toBe('c-000');
    expect(screen.getByText('1-50 of 120')).toBeInTheDocument();
    // Counts per state come from the summary (all 120), not from the page.
    expect(within(screen.getByTestId('health-summary')).getByText('Failed: 12')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 50, offset: 50 });
    expect(rowNames()[0]).toBe('c-050');
    expect(screen.getByText('51-100 of 120')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await settled();
    expect(rows()).toHaveLength(20);

    // A filter starts again at the first page.
    await choose('health', 'Failed');
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 50, offset: 0, state: 'Failed' });
    expect(rowNames()).toHaveLength(12);
    await choose('health', 'All');
    await settled();

    await userEvent.click(within(screen.getByTestId('compute-pagination')).getByRole('button', { name: /50/ }));
    await userEvent.click(within(screen.getByRole('listbox')).getByText('100'));
    await settled();
    expect(api.listCalls.at(-1)).toEqual({ limit: 100, offset: 0 });
    expect(rows()).toHaveLength(100);
  });

  it('opens a failed compute to its error and remedy', async () => {
    await renderPage(new FakeComputeApi([failed, inProgress]));
    await screen.findByText('Computes (2 of 2)');
    const row = rowOf(failed.name);
    await userEvent.click(within(row).getAllByRole('button')[0]!);
    const error = await screen.findByTestId('compute-error');
    expect(error).toHaveAttribute('data-code', 'E40002');
    expect(within(error).getByTestId('compute-remedy')).toHaveTextContent('A highly available router needs at least 3 nodes');
  });
});
