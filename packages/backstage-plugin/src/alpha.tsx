// New frontend system: the plugin as a feature, with blueprints for the API, the page and the card.
import { ApiBlueprint, createFrontendPlugin, createRouteRef, discoveryApiRef, fetchApiRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { azureMLComputeApiRef } from './api/AzureMLComputeApi';
import { AzureMLComputeClient } from './api/AzureMLComputeClient';
import { COMPUTE_ENTITY_TYPE } from './lib/entity';

export const overviewRouteRef = createRouteRef();

export const azureMLComputeApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: azureMLComputeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new AzureMLComputeClient({ discoveryApi, fetchApi }),
    }),
});

export const azureMLComputeOverviewPage = PageBlueprint.make({
  params: {
    path: '/azureml-compute',
    title: 'Azure ML compute',
    icon: <CloudQueueIcon fontSize="inherit" />,
    routeRef: overviewRouteRef,
    noHeader: true,
    loader: () => import('./components/ComputeOverviewPage').then((m) => <m.ComputeOverviewPage />),
  },
});

export const azureMLComputeEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    type: 'content',
    filter: { kind: 'resource', 'spec.type': COMPUTE_ENTITY_TYPE },
    loader: () => import('./components/EntityAzureMLComputeCard').then((m) => <m.EntityAzureMLComputeCard />),
  },
});

/** The plugin for new frontend system apps (the package's default export). */
export const azureMLComputeFrontendPlugin = createFrontendPlugin({
  pluginId: 'azureml-compute',
  title: 'Azure ML compute',
  icon: <CloudQueueIcon fontSize="inherit" />,
  extensions: [azureMLComputeApi, azureMLComputeOverviewPage, azureMLComputeEntityCard],
  routes: { root: overviewRouteRef },
});
