// Legacy frontend system: `createPlugin` apps register this plugin, route to the page and put the
// card on the entity page of compute resources.
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { azureMLComputeApiRef } from './api/AzureMLComputeApi';
import { AzureMLComputeClient } from './api/AzureMLComputeClient';

export const rootRouteRef = createRouteRef({ id: 'azureml-compute' });

export const azureMLComputePlugin = createPlugin({
  id: 'azureml-compute',
  apis: [
    createApiFactory({
      api: azureMLComputeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new AzureMLComputeClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The overview page of all computes. */
export const AzureMLComputePage = azureMLComputePlugin.provide(
  createRoutableExtension({
    name: 'AzureMLComputePage',
    component: () => import('./components/ComputeOverviewPage').then((m) => m.ComputeOverviewPage),
    mountPoint: rootRouteRef,
  }),
);

/** The entity card; show it for entities where `isAzureMLComputeEntity` holds. */
export const EntityAzureMLComputeCard = azureMLComputePlugin.provide(
  createComponentExtension({
    name: 'EntityAzureMLComputeCard',
    component: { lazy: () => import('./components/EntityAzureMLComputeCard').then((m) => m.EntityAzureMLComputeCard) },
  }),
);
