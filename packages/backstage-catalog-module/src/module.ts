// Catalog module: registers the compute entity provider with the catalog. It reads the spec files
// itself (the same code and configuration as the azureml-compute backend plugin, from the plugin's
// node library), so it needs neither the plugin nor its database.
import { LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readCatalogOptions } from './options.ts';
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
        const options = readCatalogOptions(config);
        const source = new LocationSpecSource({ locations: options.locations, reader: urlReader });
        catalog.addEntityProvider(new AzureMlComputeEntityProvider({ ...options.catalog, source, logger, scheduler }));
      },
    });
  },
});
