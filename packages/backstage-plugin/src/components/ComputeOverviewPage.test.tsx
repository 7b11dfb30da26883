import { describe, expect, it } from '@jest/globals';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { HEALTH_PRESENTATION } from '../lib/health';
import { FakeComputeApi, pending, responseError } from '../testing/api';
import { ALL_STATUSES, failed, inProgress, notAttached, notInstalled } from '../testing/fixtures';
import { ComputeOverviewPage } from './ComputeOverviewPage';

async function renderPage(api: FakeComputeApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[azureMLComputeApiRef, api]]}>
      <ComputeOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('compute-row').map((cell) => cell.closest('tr') as HTMLElement);
}

function rowOf(name: string): HTMLElement {
  const row = rows().find((r) => within(r).queryByTestId('compute-row')?.getAttribute('data-name') === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

async function choose(filter: string, option: string) {
  await userEvent.click(within(screen.getByTestId(`filter-${filter}`)).getByRole('button'));
  await userEvent.click(within(screen.getByRole('listbox')).getByText(option));
}

describe('ComputeOverviewPage', () => {
  it('shows progress while the computes load', async () => {
    const api = new FakeComputeApi();
    api.list = () => pending();
    await renderPage(api);
    expect(screen.getByText('Azure ML compute')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains a backend error', async () => {
    const api = new FakeComputeApi();
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

  it('says when the status service has not refreshed yet', async () => {
    const api = new FakeComputeApi([]);
    api.list = async () => ({ items: [] });
    await renderPage(api);
    expect(await screen.findByText(/has not finished its first refresh/)).toBeInTheDocument();
  });

  it('lists every compute with its state, counts per state, and the documented error codes', async () => {
    await renderPage(new FakeComputeApi(Object.values(ALL_STATUSES)));
    expect(await screen.findByText('Computes (6 of 6)')).toBeInTheDocument();
    for (const [health, status] of Object.entries(ALL_STATUSES)) {
      const row = rowOf(status.name);
      expect(within(row).getByTestId('compute-health')).toHaveAttribute('data-health', health);
      expect(within(row).getByTestId('compute-health')).toHaveTextContent(HEALTH_PRESENTATION[status.health].label);
      expect(within(row).getByText(status.name).closest('a')).toHaveAttribute('href', `/catalog/default/resource/${status.name}`);
    }
    expect(within(rowOf(failed.name)).getByText('Extension: E40002')).toBeInTheDocument();
    expect(within(rowOf(notInstalled.name)).getByText('arc-gpu-east (ARC)')).toBeInTheDocument();
    const summary = screen.getByTestId('health-summary');
    expect(within(summary).getByText('Failed: 1')).toBeInTheDocument();
    expect(within(summary).getByText('Succeeded: 1')).toBeInTheDocument();
    expect(screen.getByText('Status refreshed 2026-11-23 10:16 UTC')).toBeInTheDocument();
  });

  it('filters by owner, workspace, cluster and state', async () => {
    await renderPage(new FakeComputeApi(Object.values(ALL_STATUSES)));
    await screen.findByText('Computes (6 of 6)');

    await choose('owner', 'group:default/data-science');
    expect(rows().map((r) => within(r).getByTestId('compute-row').dataset.name)).toEqual([failed.name]);
    await choose('owner', 'All');

    await choose('workspace', 'ml-research');
    expect(rows().map((r) => within(r).getByTestId('compute-row').dataset.name)).toEqual([notInstalled.name]);
    await choose('workspace', 'All');

    await choose('cluster', 'aks-ml-poc');
    expect(rows().map((r) => within(r).getByTestId('compute-row').dataset.name)).toEqual([inProgress.name]);
    await choose('cluster', 'All');

    await choose('health', 'Not attached');
    expect(screen.getByText('Computes (1 of 6)')).toBeInTheDocument();
    expect(rows().map((r) => within(r).getByTestId('compute-row').dataset.name)).toEqual([notAttached.name]);

    await choose('owner', 'group:default/data-science');
    expect(screen.getByTestId('no-match')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    expect(screen.getByText('Computes (6 of 6)')).toBeInTheDocument();
  });

  it('filters by state from the counts at a glance', async () => {
    await renderPage(new FakeComputeApi(Object.values(ALL_STATUSES)));
    await userEvent.click(await screen.findByText('Failed: 1'));
    expect(rows()).toHaveLength(1);
    expect(screen.getByText('Computes (1 of 6)')).toBeInTheDocument();
    await userEvent.click(screen.getByText('Failed: 1'));
    expect(rows()).toHaveLength(6);
  });

  it('opens a failed compute to its error and remedy', async () => {
    await renderPage(new FakeComputeApi([failed, inProgress]));
    const row = rowOf(failed.name);
    await userEvent.click(within(row).getAllByRole('button')[0]!);
    const error = await screen.findByTestId('compute-error');
    expect(error).toHaveAttribute('data-code', 'E40002');
    expect(within(error).getByTestId('compute-remedy')).toHaveTextContent('A highly available router needs at least 3 nodes');
  });
});
