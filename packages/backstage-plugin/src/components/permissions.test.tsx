// Without the permissions, the card and the overview page hide themselves instead of showing an
// error panel, and never ask the backend. A file of its own: usePermission caches decisions (SWR)
// per module registry, so earlier allowed renders in other files' tests cannot answer for these.
import { describe, expect, it } from '@jest/globals';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { azureMLComputeApiRef } from '../api/AzureMLComputeApi';
import { COMPUTE_ENTITY_TYPE, COMPUTE_NAME_ANNOTATION } from '../lib/entity';
import { FakeComputeApi } from '../testing/api';
import { ALL_STATUSES, makeStatus } from '../testing/fixtures';
import { ComputeOverviewPage } from './ComputeOverviewPage';
import { EntityAzureMLComputeCard } from './EntityAzureMLComputeCard';

function computeEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations: { [COMPUTE_NAME_ANNOTATION]: name } },
    spec: { type: COMPUTE_ENTITY_TYPE, owner: 'group:default/ml-platform' },
  };
}

/** A permission decision that denies and records each request. */
function denyRecording(requests: unknown[]) {
  return (request: unknown): AuthorizeResult.DENY => {
    requests.push(request);
    return AuthorizeResult.DENY;
  };
}

describe('EntityAzureMLComputeCard without azureml.compute.read', () => {
  async function renderWith(name: string, authorize: Parameters<typeof mockApis.permission>[0], api: FakeComputeApi) {
    return renderInTestApp(
      <TestApiProvider apis={[[azureMLComputeApiRef, api], [permissionApiRef, mockApis.permission(authorize)]]}>
        <EntityProvider entity={computeEntity(name)}>
          <div data-testid="slot">
            <EntityAzureMLComputeCard />
          </div>
        </EntityProvider>
      </TestApiProvider>,
    );
  }

  it('renders nothing (no error panel) and never asks the backend', async () => {
    const api = new FakeComputeApi([makeStatus({ name: 'hidden-compute' })]);
    let asked = 0;
    const detail = api.detail.bind(api);
    api.detail = async (name: string) => {
      asked++;
      return detail(name);
    };
    const requests: unknown[] = [];
    await renderWith('hidden-compute', { authorize: denyRecording(requests) }, api);
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    expect(screen.getByTestId('slot')).toBeEmptyDOMElement();
    expect(screen.queryByText('Azure ML compute')).not.toBeInTheDocument();
    expect(screen.queryByText(/Could not load/)).not.toBeInTheDocument();
    expect(asked).toBe(0);
    // Asked about this compute: the resource ref is the compute's name.
    expect(requests[0]).toMatchObject({ permission: { name: 'azureml.compute.read', resourceType: 'azureml-compute' }, resourceRef: 'hidden-compute' });
  });

  it('shows the card when the policy allows this compute', async () => {
    await renderWith('own-compute', { authorize: (request) => ('resourceRef' in request && request.resourceRef === 'own-compute' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY) }, new FakeComputeApi([makeStatus({ name: 'own-compute' })]));
    expect(await screen.findByTestId('azureml-compute-card')).toBeInTheDocument();
  });
});

describe('ComputeOverviewPage without azureml.compute.list', () => {
  it('shows the app\'s not-found page instead of the overview, and never asks the backend', async () => {
    const api = new FakeComputeApi(Object.values(ALL_STATUSES));
    const requests: unknown[] = [];
    await renderInTestApp(
      <TestApiProvider apis={[[azureMLComputeApiRef, api], [permissionApiRef, mockApis.permission({ authorize: denyRecording(requests) })]]}>
        <ComputeOverviewPage />
      </TestApiProvider>,
      // The app's not-found page (the test app's own throws).
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef }, components: { NotFoundErrorPage: () => <div data-testid="not-found" /> } },
    );
    expect(await screen.findByTestId('not-found')).toBeInTheDocument();
    expect(requests).toEqual([expect.objectContaining({ permission: expect.objectContaining({ name: 'azureml.compute.list' }) })]);
    expect(screen.queryByText('Status at a glance')).not.toBeInTheDocument();
    expect(screen.queryByTestId('compute-row')).not.toBeInTheDocument();
    expect(api.listCalls).toEqual([]);
    expect(api.summaryCalls).toBe(0);
  });
});
