// Catalog module: registers the compute entity provider with the catalog.
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readPluginOptions } from '../service/options.ts';
import { LocationSpecSource } from '../specs/source.ts';
import { AzureMlComputeEntityProvider } from './provider.ts';

export const catalogModuleAzuremlCompute = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'azureml-compute',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({ catalog, config, logger, scheduler, urlReader }) {
        const options = readPluginOptions(config);
        const source = new LocationSpecSource({ locations: options.locations, reader: urlReader });
        catalog.addEntityProvider(new AzureMlComputeEntityProvider({ ...options.catalog, source, logger, scheduler }));
      },
    });
  },
});
