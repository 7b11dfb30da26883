import { describe, expect, it } from '@jest/globals';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComputeHealth } from '@aml-k8s/plugin-azureml-compute-common';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { COMPUTE_ENTITY_TYPE, COMPUTE_NAME_ANNOTATION } from '../lib/entity';
import { FakeComputeApi, pending, responseError } from '../testing/api';
import { ALL_STATUSES, failed, succeeded, unknown } from '../testing/fixtures';
import { EntityAzureMLComputeCard } from './EntityAzureMLComputeCard';

function computeEntity(name?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: name ?? 'no-annotation', annotations: name ? { [COMPUTE_NAME_ANNOTATION]: name } : {} },
    spec: { type: COMPUTE_ENTITY_TYPE, owner: 'group:default/ml-platform' },
  };
}

/** The value cell of a label/value row of the card. */
function fact(card: HTMLElement, label: string): HTMLElement {
  const row = within(card).getByText(label).closest('tr');
  if (!row) throw new Error(`no row ${label}`);
  return row.querySelectorAll('td')[1] as HTMLElement;
}

async function renderCard(api: FakeComputeApi, entity: Entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[azureMLComputeApiRef, api], [permissionApiRef, mockApis.permission()]]}>
      <EntityProvider entity={entity}>
        <EntityAzureMLComputeCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityAzureMLComputeCard', () => {
  it('shows progress while the status loads', async () => {
    const api = new FakeComputeApi();
    api.detail = () => pending();
    await renderCard(api, computeEntity('aks-prod'));
    expect(screen.getByText('Azure ML compute')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains a backend error', async () => {
    const api = new FakeComputeApi();
    api.detail = async () => {
      throw await responseError(500, 'database is locked');
    };
    await renderCard(api, computeEntity('aks-prod'));
    expect(await screen.findByText(/Could not load the compute's status/)).toBeInTheDocument();
    expect(screen.getAllByText(/database is locked/).length).toBeGreaterThan(0);
  });

  it('says when the backend has no status for the compute yet', async () => {
    await renderCard(new FakeComputeApi([succeeded]), computeEntity('not-yet-merged'));
    expect(await screen.findByText('No status for this compute yet')).toBeInTheDocument();
    expect(screen.getByText(/does not know compute "not-yet-merged" yet/)).toBeInTheDocument();
  });

  it('names the annotation an entity without the compute name lacks', async () => {
    await renderCard(new FakeComputeApi([succeeded]), computeEntity());
    expect(await screen.findByText(COMPUTE_NAME_ANNOTATION)).toBeInTheDocument();
  });

  it.each(Object.entries(ALL_STATUSES) as Array<[ComputeHealth, (typeof ALL_STATUSES)[ComputeHealth]]>)('shows a %s compute with its state', async (health, status) => {
    await renderCard(new FakeComputeApi([status]), computeEntity(status.name));
    const light = await screen.findByTestId('compute-health');
    expect(light).toHaveAttribute('data-health', health);
    const card = screen.getByTestId('azureml-compute-card');
    expect(fact(card, 'Extension state')).toHaveTextContent(status.extension.provisioningState ?? 'Not installed');
    expect(fact(card, 'Compute state')).toHaveTextContent(status.compute.provisioningState ?? 'Not attached');
    expect(fact(card, 'Namespace')).toHaveTextContent(status.desired.namespace);
    expect(fact(card, 'Last check')).toHaveTextContent('2026-11-23 10:15 UTC');
    const errors = within(card).queryAllByTestId('compute-error');
    expect(errors).toHaveLength((status.extension.error ? 1 : 0) + (status.compute.error ? 1 : 0));
  });

  it('shows the setup of a healthy compute: workloads, router, TLS mode, instance types', async () => {
    await renderCard(new FakeComputeApi([succeeded]), computeEntity(succeeded.name));
    const card = await screen.findByTestId('azureml-compute-card');
    expect(fact(card, 'Workloads')).toHaveTextContent('Training, Inference');
    expect(fact(card, 'Router service type')).toHaveTextContent('LoadBalancer');
    expect(fact(card, 'TLS mode')).toHaveTextContent('HTTPS (certificate and key files)');
    expect(fact(card, 'High availability')).toHaveTextContent('Yes');
    expect(fact(card, 'Instance types')).toHaveTextContent('defaultinstancetypegpu-1');
    expect(within(fact(card, 'Extension state')).getByRole('link')).toHaveAttribute('href', expect.stringContaining('/extensions/azureml'));
  });

  it('shows a failed compute with its error code, message and remedy', async () => {
    const api = new FakeComputeApi([failed]);
    const detail = api.detail;
    api.detail = async (name) => ({ ...(await detail(name)), history: [{ at: '2026-11-23T09:00:00.000Z', health: 'Failed', extensionState: 'Failed', error: failed.extension.error }] });
    await renderCard(api, computeEntity(failed.name));
    const error = await screen.findByTestId('compute-error');
    expect(error).toHaveAttribute('data-code', 'E40002');
    expect(within(error).getByText('Extension error E40002')).toBeInTheDocument();
    expect(within(error).getByText(/INSUFFICIENT_NODE/)).toBeInTheDocument();
    const remedy = within(error).getByTestId('compute-remedy');
    expect(remedy).toHaveTextContent('What to do: A highly available router needs at least 3 nodes: set inference.highAvailability: false or add nodes.');
    expect(within(remedy).getByText('inference.highAvailability: false').tagName).toBe('CODE');
    expect(within(screen.getByTestId('compute-history')).getByText('2026-11-23 09:00 UTC: Failed (E40002)')).toBeInTheDocument();
  });

  it('says when an error is not a documented failure', async () => {
    await renderCard(new FakeComputeApi([unknown]), computeEntity(unknown.name));
    const error = await screen.findByTestId('compute-error');
    expect(within(error).queryByTestId('compute-remedy')).toBeNull();
    expect(within(error).getByText(/Not a documented failure/)).toBeInTheDocument();
  });

  it('checks again on refresh', async () => {
    const api = new FakeComputeApi([failed]);
    let calls = 0;
    const detail = api.detail;
    api.detail = async (name) => {
      calls += 1;
      return calls === 1 ? detail(name) : { status: { ...failed, health: 'Succeeded', extension: { provisioningState: 'Succeeded' }, compute: { provisioningState: 'Succeeded' } }, history: [] };
    };
    await renderCard(api, computeEntity(failed.name));
    expect(await screen.findByTestId('compute-error')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Succeeded', { selector: '[data-health] *' })).toBeInTheDocument();
    expect(screen.queryByTestId('compute-error')).toBeNull();
    expect(calls).toBe(2);
  });
});
