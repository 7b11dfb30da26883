import { describe, expect, it } from '@jest/globals';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { TestApiProvider, mockApis, renderInTestApp as renderInLegacyTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Route, Routes } from 'react-router-dom';
import plugin, { AzureMLComputePage, EntityAzureMLComputeCard, azureMLComputePlugin } from './index';
import { azureMLComputeEntityCard, azureMLComputeOverviewPage } from './alpha';
import { azureMLComputeApiRef } from './api/AzureMLComputeApi';
import { COMPUTE_ENTITY_TYPE, COMPUTE_NAME_ANNOTATION } from './lib/entity';
import { FakeComputeApi } from './testing/api';
import { failed } from './testing/fixtures';

const computeEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: failed.name, annotations: { [COMPUTE_NAME_ANNOTATION]: failed.name } },
  spec: { type: COMPUTE_ENTITY_TYPE, owner: 'group:default/ml-platform' },
};

describe('new frontend system', () => {
  it('exports the plugin as the default feature, with its id and extensions', () => {
    expect(plugin.id).toBe('azureml-compute');
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    const tester = createExtensionTester(azureMLComputeOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/azureml-compute');
  });

  it('shows the card only on compute resources', () => {
    const tester = createExtensionTester(azureMLComputeEntityCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.filterExpression)).toBeUndefined();
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(computeEntity)).toBe(true);
    expect(filter!({ ...computeEntity, spec: { type: 'database' } })).toBe(false);
    expect(filter!({ ...computeEntity, kind: 'Component' })).toBe(false);
  });

  it('renders the card extension with the compute status', async () => {
    const tester = createExtensionTester(azureMLComputeEntityCard, { apis: [[azureMLComputeApiRef, new FakeComputeApi([failed])], [permissionApiRef, mockApis.permission()]] });
    renderInTestApp(<EntityProvider entity={computeEntity}>{tester.reactElement()}</EntityProvider>, {
      apis: [[azureMLComputeApiRef, new FakeComputeApi([failed])], [permissionApiRef, mockApis.permission()]],
    });
    expect(await screen.findByTestId('compute-remedy', {}, { timeout: 5000 })).toHaveTextContent('at least 3 nodes');
  });
});

describe('legacy frontend system', () => {
  it('exports the plugin with its API factory', () => {
    expect(azureMLComputePlugin.getId()).toBe('azureml-compute');
    expect([...azureMLComputePlugin.getApis()].map((f) => f.api.id)).toEqual([azureMLComputeApiRef.id]);
  });

  it('renders the routable page extension', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={[[azureMLComputeApiRef, new FakeComputeApi([failed])], [permissionApiRef, mockApis.permission()]]}>
        <Routes>
          <Route path="/azureml-compute" element={<AzureMLComputePage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/azureml-compute'], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Computes (1 of 1)')).toBeInTheDocument();
  });

  it('renders the entity card extension', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={[[azureMLComputeApiRef, new FakeComputeApi([failed])], [permissionApiRef, mockApis.permission()]]}>
        <EntityProvider entity={computeEntity}>
          <EntityAzureMLComputeCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('compute-remedy', {}, { timeout: 5000 })).toHaveTextContent('at least 3 nodes');
  });
});
