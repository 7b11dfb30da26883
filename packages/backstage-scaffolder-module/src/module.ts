// Scaffolder module: registers the azureml:compute:* template actions.
import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRenderComputeAction, createValidateComputeAction } from './actions.ts';

export const scaffolderModuleAzuremlCompute = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'azureml-compute',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createValidateComputeAction(), createRenderComputeAction());
      },
    });
  },
});
